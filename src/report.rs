//! The report of a run: the `Summary` the CLI prints and the page shows, the
//! series and samples the charts draw, and the "binding constraint": which
//! stage caps throughput, with its arithmetic (Little's law: a stage that
//! holds N requests for W seconds each passes at most N ÷ W per second).

use crate::metrics::{Metrics, Timeline};
use crate::scenario::{ClientKind, Scenario};
use crate::sim::Truncation;
use crate::stats::{Histogram, Percentiles, SeriesOut};
use crate::time::ns_to_secs;
use crate::ENGINE_VERSION;
use serde::Serialize;

/// Everything `build` needs from a finished simulator.
pub struct RunState<'a> {
    pub scenario: &'a Scenario,
    pub metrics: &'a Metrics,
    pub end_ns: u64,
    pub events: u64,
    pub digest: u64,
    pub truncated: Option<Truncation>,
    pub in_system: u32,
    pub connections_opened: u64,
    pub service_mean_ms: f64,
}

/// One stage's throughput ceiling.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Ceiling {
    /// `pool`, `pool_per_host`, `server`, `client_cpu` or `demand`.
    pub stage: &'static str,
    pub ceiling_rps: f64,
    /// The arithmetic, in words.
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub engine_version: &'static str,
    pub name: String,
    pub seed: u64,
    pub requests: u64,
    pub completed: u64,
    pub failed: u64,
    /// Requests issued but not finished when the run stopped (non-zero only if truncated).
    pub in_flight_at_end: u32,
    pub makespan_s: f64,
    pub throughput_rps: f64,
    /// Peak requests holding a pool slot (connecting, sending or at the server):
    /// what the pool limit caps.
    pub peak_in_flight: u32,
    /// Time-average of requests in flight over the makespan.
    pub mean_in_flight: f64,
    /// Peak requests issued and not finished (waiting anywhere, or in flight).
    pub peak_in_system: u32,
    /// Time-average of requests in the system (Little's law: = throughput × mean latency).
    pub mean_in_system: f64,
    pub connections_opened: u64,
    /// Issue → response read, over completed and failed requests.
    pub latency_ms: Percentiles,
    pub client_cpu_ms: Percentiles,
    pub pool_wait_ms: Percentiles,
    pub connect_ms: Percentiles,
    /// Time in flight: pool slot acquired → response read (Little's law with mean_in_flight).
    pub in_flight_ms: Percentiles,
    pub server_wait_ms: Percentiles,
    pub service_ms: Percentiles,
    pub events: u64,
    pub digest: String,
    pub truncated: bool,
    pub truncated_reason: Option<&'static str>,
    /// The tightest ceiling: what caps throughput.
    pub binding: Ceiling,
    pub ceilings: Vec<Ceiling>,
}

/// Latency split by phase, for the "where the time goes" chart.
#[derive(Clone, Debug, Serialize)]
pub struct PhaseRow {
    pub phase: &'static str,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RunOutput {
    pub summary: Summary,
    pub series: SeriesOut,
    pub waterfall: Vec<Timeline>,
    /// (latency ms, fraction of requests at or below it), ascending.
    pub latency_cdf: Vec<[f64; 2]>,
    pub phases: Vec<PhaseRow>,
    /// Mean server wait (ms) per batch of requests, for confidence intervals.
    pub server_wait_batches: Vec<f64>,
}

pub fn build(st: RunState) -> RunOutput {
    let m = st.metrics;
    let makespan_s = ns_to_secs(st.end_ns);
    let finished = m.completed + m.failed;
    let per_s = |n: u64| if makespan_s > 0.0 { n as f64 / makespan_s } else { 0.0 };
    let ceilings = ceilings(st.scenario, m, st.service_mean_ms);
    let binding = ceilings
        .iter()
        .min_by(|a, b| a.ceiling_rps.total_cmp(&b.ceiling_rps))
        .cloned()
        .unwrap_or(Ceiling { stage: "demand", ceiling_rps: 0.0, text: "no requests".into() });
    let summary = Summary {
        engine_version: ENGINE_VERSION,
        name: st.scenario.name.clone(),
        seed: st.scenario.seed,
        requests: m.started,
        completed: m.completed,
        failed: m.failed,
        in_flight_at_end: st.in_system,
        makespan_s,
        throughput_rps: per_s(m.completed),
        peak_in_flight: m.peak_in_flight,
        mean_in_flight: time_mean(m.in_flight_area, st.end_ns),
        peak_in_system: m.peak_in_system,
        mean_in_system: time_mean(m.in_system_area, st.end_ns),
        connections_opened: st.connections_opened,
        latency_ms: m.latency.percentiles_ms(),
        client_cpu_ms: m.client_cpu.percentiles_ms(),
        pool_wait_ms: m.pool_wait.percentiles_ms(),
        connect_ms: m.connect.percentiles_ms(),
        in_flight_ms: m.hold.percentiles_ms(),
        server_wait_ms: m.server_wait.percentiles_ms(),
        service_ms: m.service.percentiles_ms(),
        events: st.events,
        digest: format!("{:016x}", st.digest),
        truncated: st.truncated.is_some(),
        truncated_reason: st.truncated.map(truncation_text),
        binding,
        ceilings,
    };
    debug_assert!(finished <= m.started);
    RunOutput {
        summary,
        series: m.series.export(st.end_ns),
        waterfall: m.waterfall.clone(),
        latency_cdf: cdf(&m.latency, 400),
        phases: phases(m),
        server_wait_batches: m.server_wait_batches.means(),
    }
}

fn time_mean(area: u128, end_ns: u64) -> f64 {
    if end_ns > 0 { area as f64 / end_ns as f64 } else { 0.0 }
}

fn truncation_text(t: Truncation) -> &'static str {
    match t {
        Truncation::EventBudget => "event budget (run.max_events) reached",
        Truncation::Horizon => "time horizon (run.horizon_s) reached",
        Truncation::InFlightCap => "in-flight cap (run.max_in_flight) reached: the system is overloaded",
    }
}

fn hosts_word(n: u32) -> String {
    if n == 1 { "1 host".into() } else { format!("{n} hosts") }
}

/// Every stage's throughput ceiling, from the scenario and the measured hold times.
fn ceilings(sc: &Scenario, m: &Metrics, service_mean_ms: f64) -> Vec<Ceiling> {
    let mut out = Vec::new();
    let hold_ms = m.hold.mean_ns() / 1e6;
    let hosts = sc.clients.hosts;
    if sc.pool.limit > 0 && hold_ms > 0.0 {
        let rps = sc.pool.limit as f64 * 1e3 / hold_ms;
        out.push(Ceiling { stage: "pool", ceiling_rps: rps, text: format!(
            "pool limit {} ÷ {} per request = {} req/s ceiling", sc.pool.limit, fmt_ms(hold_ms), fmt_rps(rps)) });
    }
    if sc.pool.limit_per_host > 0 && hold_ms > 0.0 {
        let rps = (sc.pool.limit_per_host * hosts) as f64 * 1e3 / hold_ms;
        out.push(Ceiling { stage: "pool_per_host", ceiling_rps: rps, text: format!(
            "limit_per_host {} × {} ÷ {} per request = {} req/s ceiling",
            sc.pool.limit_per_host, hosts_word(hosts), fmt_ms(hold_ms), fmt_rps(rps)) });
    }
    if sc.server.workers > 0 {
        let rps = (sc.server.workers * hosts) as f64 * 1e3 / service_mean_ms;
        out.push(Ceiling { stage: "server", ceiling_rps: rps, text: format!(
            "server {} workers × {} ÷ {} service = {} req/s ceiling",
            sc.server.workers, hosts_word(hosts), fmt_ms(service_mean_ms), fmt_rps(rps)) });
    }
    if sc.clients.cpu_us_per_request > 0.0 {
        let rps = 1e6 / sc.clients.cpu_us_per_request;
        out.push(Ceiling { stage: "client_cpu", ceiling_rps: rps, text: format!(
            "client event loop: 1 s ÷ {} µs CPU per request = {} req/s ceiling",
            sc.clients.cpu_us_per_request, fmt_rps(rps)) });
    }
    out.push(demand(sc, service_mean_ms));
    out
}

/// What the clients could send if nothing downstream held them back.
fn demand(sc: &Scenario, service_mean_ms: f64) -> Ceiling {
    let c = &sc.clients;
    match c.kind {
        ClientKind::Open => Ceiling { stage: "demand", ceiling_rps: c.rate_per_s, text: format!(
            "offered load: {} req/s arrive, below every other ceiling", fmt_rps(c.rate_per_s)) },
        ClientKind::Gather | ClientKind::Workers => {
            let per_ms = service_mean_ms + c.think_ms;
            let who = if c.kind == ClientKind::Gather { "tasks" } else { "workers" };
            let rps = c.count as f64 * 1e3 / per_ms;
            Ceiling { stage: "demand", ceiling_rps: rps, text: format!(
                "the clients themselves: {} {who} ÷ {} per request = {} req/s; nothing else is tighter",
                c.count, fmt_ms(per_ms), fmt_rps(rps)) }
        }
    }
}

/// Milliseconds for a sentence: "50 ms", "50.1 ms", "250 µs".
pub fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        let s = format!("{ms:.2}");
        format!("{} ms", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{:.0} µs", ms * 1e3)
    }
}

pub fn fmt_rps(rps: f64) -> String {
    if rps >= 100.0 { format!("{rps:.0}") } else { format!("{rps:.1}") }
}

/// The latency CDF at most `points` points (bucket upper edges), in ms.
fn cdf(h: &Histogram, points: usize) -> Vec<[f64; 2]> {
    let n = h.count();
    if n == 0 {
        return Vec::new();
    }
    let all: Vec<(u64, u64, u64)> = h.buckets().collect();
    let step = all.len().div_ceil(points).max(1);
    let mut out = Vec::with_capacity(points + 1);
    let mut seen = 0;
    for (i, (lo, w, c)) in all.iter().enumerate() {
        seen += c;
        if i % step == step - 1 || i + 1 == all.len() {
            let edge = (lo + w - 1).min(h.max_ns());
            out.push([edge as f64 / 1e6, seen as f64 / n as f64]);
        }
    }
    out
}

fn phases(m: &Metrics) -> Vec<PhaseRow> {
    let row = |phase, h: &Histogram| PhaseRow {
        phase,
        mean_ms: h.mean_ns() / 1e6,
        p50_ms: h.quantile_ns(0.5) / 1e6,
        p99_ms: h.quantile_ns(0.99) / 1e6,
    };
    vec![
        row("client_cpu", &m.client_cpu),
        row("pool_wait", &m.pool_wait),
        row("connect", &m.connect),
        row("server_queue", &m.server_wait),
        row("service", &m.service),
    ]
}
