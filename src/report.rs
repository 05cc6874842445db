//! The report of a run: the `Summary` the CLI prints and the page shows, the
//! series and samples the charts draw, and the "binding constraint": which
//! stage caps throughput, with its arithmetic (Little's law: a stage that
//! holds N requests for W seconds each passes at most N ÷ W per second).

mod ceiling;

pub use ceiling::{Ceiling, Stage, Who, Why};

use crate::metrics::{Metrics, Timeline};
use crate::scenario::Scenario;
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
    /// Leaked connections the peer had closed when the run ended (CLOSE_WAIT).
    pub close_wait_at_end: u32,
    /// Idle connections when the run ended (closed by the client when it closes its pool).
    pub idle_at_end: u32,
    /// Sockets still in TIME_WAIT when the run ended.
    pub time_wait_at_end: u32,
    pub service_mean_ms: f64,
}

/// Attempt outcomes, counted.
/// Why a run stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truncation {
    EventBudget,
    Horizon,
    InFlightCap,
    /// No event left but requests still waiting: nothing will ever free them.
    Stalled,
    /// One more request in the system would take the run past its memory budget.
    MemoryBudget,
}

impl Truncation {
    /// A stable key for the reason (the CLI's and the page's sentences are
    /// keyed by it: `words::truncation`, `www/i18n.js` `truncated.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Truncation::EventBudget => "event_budget",
            Truncation::Horizon => "time_horizon",
            Truncation::InFlightCap => "in_flight_cap",
            Truncation::MemoryBudget => "memory_budget",
            Truncation::Stalled => "stalled",
        }
    }
}

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
    /// Peak requests at the server (queued or in service): what a server
    /// counting its own in-flight requests sees. Lower than `peak_in_flight`
    /// when requests hold a connection while the client's event loop has not
    /// yet sent them.
    pub peak_at_server: u32,
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
    /// Server work finished per second over the makespan, useful or not
    /// (so never below `goodput_rps`; work on abandoned attempts after the
    /// last request ended is in `wasted_work_s`, its end in `server_busy_until_s`).
    pub server_throughput_rps: f64,
    /// When the server finished its last job (past the makespan when it was
    /// still working on abandoned attempts after the last request ended).
    pub server_busy_until_s: f64,
    /// Successful responses per second that a client was still waiting for.
    pub goodput_rps: f64,
    /// Server time spent on attempts the client had already abandoned, in
    /// seconds (at most workers × hosts × `server_busy_until_s`).
    pub wasted_work_s: f64,
    pub leaked_connections: u32,
    /// Leaked connections the server had closed by the end (`pool.peer_idle_close_s`):
    /// in CLOSE_WAIT on the client, which never closes them.
    pub close_wait_connections: u32,
    pub peak_time_wait: u32,
    /// Cache lookups answered from the cache (joins of a load in progress included) and misses sent to the backend.
    pub cache_hits: u64,
    pub cache_misses: u64,
    /// Hits and joins over all lookups (0 without a cache).
    pub cache_hit_ratio: f64,
    /// TIME_WAIT sockets right after the client exits and closes its pool,
    /// held by the side that closed first: the client (idle connections closed
    /// at exit, Go's idle cap, urllib3's discards), or the server (with
    /// `force_close` the request says `Connection: close` and the server closes).
    pub time_wait_at_exit: TimeWait,
    /// Adaptive limiter: (min, max, last) limit seen; zeros when off.
    pub adaptive_limit: [u32; 3],
    /// Adaptive limiter: the limit's time-average over the run (0 when off).
    pub adaptive_limit_mean: f64,
    pub events: u64,
    pub digest: String,
    pub truncated: bool,
    pub truncated_reason: Option<&'static str>,
    /// The tightest ceiling: what caps throughput.
    pub binding: Ceiling,
    pub ceilings: Vec<Ceiling>,
}

/// TIME_WAIT sockets by the side that holds them.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct TimeWait {
    pub client: u32,
    pub server: u32,
}

fn time_wait_at_exit(sc: &Scenario, st: &RunState) -> TimeWait {
    if sc.pool.force_close {
        TimeWait {
            client: st.idle_at_end,
            server: st.time_wait_at_end,
        }
    } else {
        TimeWait {
            client: st.time_wait_at_end + st.idle_at_end,
            server: 0,
        }
    }
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
    let ceilings = ceiling::all(&ceiling::Inputs {
        sc: st.scenario,
        m,
        end_ns: st.end_ns,
        leaked: st.leaked_connections,
        base_service_ms: st.service_mean_ms,
    });
    let binding = ceiling::binding(&ceilings);
    // The server can still be working on abandoned attempts after the last request.
    let server_span_s = ns_to_secs(m.server_last_ns.max(st.end_ns));
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
        peak_at_server: m.peak_at_server,
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
        server_throughput_rps: per_s(m.served_by(st.end_ns)),
        server_busy_until_s: server_span_s,
        goodput_rps: per_s(m.outcomes[0]),
        wasted_work_s: m.wasted_ns as f64 / 1e9,
        leaked_connections: st.leaked_connections,
        close_wait_connections: st.close_wait_at_end,
        peak_time_wait: m.peak_time_wait,
        cache_hits: m.cache.hits + m.cache.joins,
        cache_misses: m.cache.misses,
        cache_hit_ratio: m.cache.hit_ratio(),
        time_wait_at_exit: time_wait_at_exit(st.scenario, &st),
        adaptive_limit: if m.adaptive_limit_max == 0 {
            [0; 3]
        } else {
            [
                m.adaptive_limit_min,
                m.adaptive_limit_max,
                m.adaptive_limit_last,
            ]
        },
        adaptive_limit_mean: m.adaptive_limit_mean(st.end_ns),
        events: st.events,
        digest: format!("{:016x}", st.digest),
        truncated: st.truncated.is_some(),
        truncated_reason: st.truncated.map(Truncation::key),
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
    crate::request::PHASE_NAMES
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
