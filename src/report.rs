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
    pub leaked_connections: u32,
    pub service_mean_ms: f64,
}

/// Attempt outcomes, counted.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Outcomes {
    pub ok: u64,
    pub server_error: u64,
    pub throttled: u64,
    pub unavailable: u64,
    pub timeout: u64,
    pub connect_error: u64,
    pub conflict: u64,
    pub client_rejected: u64,
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
    pub limiter_wait_ms: Percentiles,
    pub semaphore_wait_ms: Percentiles,
    pub backoff_ms: Percentiles,
    /// Attempts sent (first tries and retries): the work the clients asked for.
    pub attempts: u64,
    pub retries: u64,
    pub retries_refused: u64,
    pub timeouts: u64,
    pub outcomes: Outcomes,
    /// Server work finished per second, useful or not.
    pub server_throughput_rps: f64,
    /// Successful responses per second that a client was still waiting for.
    pub goodput_rps: f64,
    /// Server time spent on attempts the client had already abandoned, in seconds.
    pub wasted_work_s: f64,
    pub leaked_connections: u32,
    pub peak_time_wait: u32,
    /// Cache lookups answered from the cache (joins of a load in progress included) and misses sent to the backend.
    pub cache_hits: u64,
    pub cache_misses: u64,
    /// Hits and joins over all lookups (0 without a cache).
    pub cache_hit_ratio: f64,
    /// Adaptive limiter: (min, max, last) limit seen; zeros when off.
    pub adaptive_limit: [u32; 3],
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
    let per_s = |n: u64| {
        if makespan_s > 0.0 {
            n as f64 / makespan_s
        } else {
            0.0
        }
    };
    let mut ceilings = ceilings(st.scenario, m, st.service_mean_ms);
    if let Some(leak) = leak_ceiling(st.scenario, st.leaked_connections) {
        ceilings.push(leak);
    }
    let binding = ceilings
        .iter()
        .min_by(|a, b| a.ceiling_rps.total_cmp(&b.ceiling_rps))
        .cloned()
        .unwrap_or(Ceiling {
            stage: "demand",
            ceiling_rps: 0.0,
            text: "no requests".into(),
        });
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
        client_cpu_ms: m.phase("client_cpu").percentiles_ms(),
        pool_wait_ms: m.phase("pool_wait").percentiles_ms(),
        connect_ms: m.phase("connect").percentiles_ms(),
        in_flight_ms: m.hold.percentiles_ms(),
        server_wait_ms: m.phase("server_queue").percentiles_ms(),
        service_ms: m.phase("service").percentiles_ms(),
        limiter_wait_ms: m.phase("limiter_wait").percentiles_ms(),
        semaphore_wait_ms: m.phase("semaphore_wait").percentiles_ms(),
        backoff_ms: m.phase("backoff").percentiles_ms(),
        attempts: m.attempts,
        retries: m.retries,
        retries_refused: m.retries_refused,
        timeouts: m.timeouts,
        outcomes: outcomes(&m.outcomes),
        server_throughput_rps: per_s(m.server_completions),
        goodput_rps: per_s(m.outcomes[0]),
        wasted_work_s: m.wasted_ns as f64 / 1e9,
        leaked_connections: st.leaked_connections,
        peak_time_wait: m.peak_time_wait,
        cache_hits: m.cache.hits + m.cache.joins,
        cache_misses: m.cache.misses,
        cache_hit_ratio: m.cache.hit_ratio(),
        adaptive_limit: if m.adaptive_limit_max == 0 {
            [0; 3]
        } else {
            [
                m.adaptive_limit_min,
                m.adaptive_limit_max,
                m.adaptive_limit_last,
            ]
        },
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

fn outcomes(o: &[u64; crate::metrics::OUTCOMES]) -> Outcomes {
    Outcomes {
        ok: o[0],
        server_error: o[1],
        throttled: o[2],
        unavailable: o[3],
        timeout: o[4],
        connect_error: o[5],
        conflict: o[6],
        client_rejected: o[7],
    }
}

fn time_mean(area: u128, end_ns: u64) -> f64 {
    if end_ns > 0 {
        area as f64 / end_ns as f64
    } else {
        0.0
    }
}

fn truncation_text(t: Truncation) -> &'static str {
    match t {
        Truncation::EventBudget => "event budget (run.max_events) reached",
        Truncation::Horizon => "time horizon (run.horizon_s) reached",
        Truncation::InFlightCap => {
            "in-flight cap (run.max_in_flight) reached: the system is overloaded"
        }
        Truncation::MemoryBudget => {
            "memory budget (256 MB native, 64 MB in the page) reached: too many requests in the system at once; lower run.max_in_flight or clients.rate_per_s, or add server.workers"
        }
        Truncation::Stalled => {
            "stalled: requests are waiting that nothing will ever free (leaked connections?)"
        }
    }
}

/// A pool drained by leaked connections passes nothing more: a zero ceiling.
fn leak_ceiling(sc: &Scenario, leaked: u32) -> Option<Ceiling> {
    let limit = if sc.pool.limit > 0 {
        sc.pool.limit
    } else {
        sc.pool.limit_per_host * sc.clients.hosts
    };
    (leaked > 0 && limit > 0 && leaked >= limit).then(|| Ceiling {
        stage: "leak",
        ceiling_rps: 0.0,
        text: format!(
            "connection leak: {leaked} responses were never released, so all {limit} pool slots are held forever and completions stopped (pool exhausted)"
        ),
    })
}

fn hosts_word(n: u32) -> String {
    if n == 1 {
        "1 host".into()
    } else {
        format!("{n} hosts")
    }
}

/// Every stage's throughput ceiling, from the scenario and the measured hold times.
fn ceilings(sc: &Scenario, m: &Metrics, service_mean_ms: f64) -> Vec<Ceiling> {
    let mut out = Vec::new();
    let hold_ms = m.hold.mean_ns() / 1e6;
    let hosts = sc.clients.hosts;
    if sc.pool.limit > 0 && hold_ms > 0.0 {
        let rps = sc.pool.limit as f64 * 1e3 / hold_ms;
        out.push(Ceiling {
            stage: "pool",
            ceiling_rps: rps,
            text: format!(
                "pool limit {} ÷ {} per request = {} req/s ceiling",
                sc.pool.limit,
                fmt_ms(hold_ms),
                fmt_rps(rps)
            ),
        });
    }
    if sc.pool.limit_per_host > 0 && hold_ms > 0.0 {
        let rps = (sc.pool.limit_per_host * hosts) as f64 * 1e3 / hold_ms;
        out.push(Ceiling {
            stage: "pool_per_host",
            ceiling_rps: rps,
            text: format!(
                "limit_per_host {} × {} ÷ {} per request = {} req/s ceiling",
                sc.pool.limit_per_host,
                hosts_word(hosts),
                fmt_ms(hold_ms),
                fmt_rps(rps)
            ),
        });
    }
    if sc.server.workers > 0 {
        let rps = (sc.server.workers * hosts) as f64 * 1e3 / service_mean_ms;
        out.push(Ceiling {
            stage: "server",
            ceiling_rps: rps,
            text: format!(
                "server {} workers × {} ÷ {} service = {} req/s ceiling",
                sc.server.workers,
                hosts_word(hosts),
                fmt_ms(service_mean_ms),
                fmt_rps(rps)
            ),
        });
    }
    if sc.semaphore.kind != crate::scenario::SemaphoreKind::None && hold_ms > 0.0 {
        let held_ms = m.hold.mean_ns() / 1e6 + m.phase("client_cpu").mean_ns() / 1e6;
        let per_request = if sc.semaphore.scope == crate::scenario::SemaphoreScope::Batch {
            held_ms * sc.clients.requests_per_client as f64
        } else {
            held_ms
        };
        let batch = if sc.semaphore.scope == crate::scenario::SemaphoreScope::Batch {
            sc.clients.requests_per_client as f64
        } else {
            1.0
        };
        let rps = sc.semaphore.permits as f64 * 1e3 / per_request * batch;
        out.push(Ceiling {
            stage: "semaphore",
            ceiling_rps: rps,
            text: format!(
                "semaphore {} permits ÷ {} per request = {} req/s ceiling",
                sc.semaphore.permits,
                fmt_ms(held_ms),
                fmt_rps(rps)
            ),
        });
    }
    if sc.limiter.kind != crate::scenario::LimiterKind::None {
        let l = &sc.limiter;
        let rps = match l.kind {
            crate::scenario::LimiterKind::FixedWindow
            | crate::scenario::LimiterKind::SlidingLog
            | crate::scenario::LimiterKind::SlidingWindow => l.limit as f64 * 1e3 / l.window_ms,
            _ => l.rate_per_s,
        };
        out.push(Ceiling {
            stage: "limiter",
            ceiling_rps: rps,
            text: format!("rate limiter: {} req/s on average", fmt_rps(rps)),
        });
    }
    if sc.clients.cpu_us_per_request > 0.0 {
        let rps = 1e6 / sc.clients.cpu_us_per_request;
        out.push(Ceiling {
            stage: "client_cpu",
            ceiling_rps: rps,
            text: format!(
                "client event loop: 1 s ÷ {} µs CPU per request = {} req/s ceiling",
                sc.clients.cpu_us_per_request,
                fmt_rps(rps)
            ),
        });
    }
    if sc.server.contended {
        out.push(contention(sc, m, service_mean_ms));
    }
    out.push(demand(sc, service_mean_ms));
    out
}

/// One contended resource commits at most one write per read-to-write window.
fn contention(sc: &Scenario, m: &Metrics, service_mean_ms: f64) -> Ceiling {
    let rps = sc.clients.hosts as f64 * 1e3 / service_mean_ms;
    let conflicts = m.outcomes[6];
    Ceiling {
        stage: "contention",
        ceiling_rps: rps,
        text: format!(
            "one contended resource per host: at most one write commits per {} read-to-write window = {} writes/s; {} of {} attempts conflicted",
            fmt_ms(service_mean_ms),
            fmt_rps(rps),
            conflicts,
            m.attempts
        ),
    }
}

/// What the clients could send if nothing downstream held them back.
fn demand(sc: &Scenario, service_mean_ms: f64) -> Ceiling {
    let c = &sc.clients;
    match c.kind {
        ClientKind::Open => Ceiling {
            stage: "demand",
            ceiling_rps: c.rate_per_s,
            text: format!(
                "offered load: {} req/s arrive, below every other ceiling",
                fmt_rps(c.rate_per_s)
            ),
        },
        ClientKind::Gather | ClientKind::Workers => {
            let per_ms = service_mean_ms + c.think_ms;
            let who = if c.kind == ClientKind::Gather {
                "tasks"
            } else {
                "workers"
            };
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
    if rps >= 100.0 {
        format!("{rps:.0}")
    } else {
        format!("{rps:.1}")
    }
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
    crate::sim::PHASE_NAMES
        .iter()
        .zip(&m.phases)
        .map(|(phase, h)| PhaseRow {
            phase,
            mean_ms: h.mean_ns() / 1e6,
            p50_ms: h.quantile_ns(0.5) / 1e6,
            p99_ms: h.quantile_ns(0.99) / 1e6,
        })
        .collect()
}
