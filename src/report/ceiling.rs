//! Throughput ceilings as data: which stage, the rate it allows, and the
//! named numbers of its arithmetic (`Why`). No English here: the edges make
//! the sentence from `key` and `params` (`words.rs` for the CLI and the
//! page's English, `www/i18n.js` templates for 中文).
//!
//! Each ceiling is an upper bound on the run's throughput (completed
//! requests ÷ makespan), computed from measured means so that it holds for
//! the run at hand, not only on average:
//! - a stage that holds N requests for W each passes at most N ÷ W per second
//!   (Little's law; pool, per-host limit, semaphore, adaptive limit);
//! - a server with N workers and a measured mean service time S finishes at
//!   most N ÷ S jobs per second (work conservation), abandoned work included;
//! - the event loop does at most 1 s of CPU per second;
//! - a closed loop of C clients, each doing k requests of at least W plus
//!   k − 1 pauses, needs at least k·W + (k − 1)·think;
//! - an open loop cannot finish more than it was sent.
//!
//! Rate limiters and the server's knee are long-run rates; a limiter's burst
//! is added over the makespan.

use crate::metrics::Metrics;
use crate::scenario::{ClientKind, LimiterKind, OnFull, Scenario, SemaphoreKind};
use serde::Serialize;

/// The stage a ceiling belongs to (also the page's `stage.*` label key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Pool,
    PoolPerHost,
    Server,
    Semaphore,
    Adaptive,
    Limiter,
    ClientCpu,
    Contention,
    Demand,
    Leak,
}

impl Stage {
    /// The stable key of the stage, as serialized.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Pool => "pool",
            Stage::PoolPerHost => "pool_per_host",
            Stage::Server => "server",
            Stage::Semaphore => "semaphore",
            Stage::Adaptive => "adaptive",
            Stage::Limiter => "limiter",
            Stage::ClientCpu => "client_cpu",
            Stage::Contention => "contention",
            Stage::Demand => "demand",
            Stage::Leak => "leak",
        }
    }
}

/// Gathered tasks or a worker pool (for the closed-loop sentence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Tasks,
    Workers,
}

/// The arithmetic of one ceiling: a stable `key` and its named numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "key", content = "params", rename_all = "snake_case")]
pub enum Why {
    /// `limit` slots, each held `per_request_ms` (connect + server queue + service).
    PoolLimit {
        limit: u32,
        per_request_ms: f64,
    },
    PoolPerHost {
        limit_per_host: u32,
        hosts: u32,
        per_request_ms: f64,
    },
    /// `workers` per host at the measured mean service time of every job the
    /// server ran; it finished `offered_per_s` attempts per second (retries
    /// included) while busy, that is until `busy_until_s`, past the makespan
    /// when it went on with abandoned attempts (0 when it did not), and
    /// `wasted_share` of its work was for abandoned attempts.
    ServerWorkers {
        workers: u32,
        hosts: u32,
        service_ms: f64,
        offered_per_s: f64,
        busy_until_s: f64,
        wasted_share: f64,
    },
    /// Past `knee` concurrent requests each extra one adds `slope` × the base
    /// service time; `best_concurrency` requests in service (0 = unbounded)
    /// pass the most, each taking `service_at_best_ms`.
    ServerKnee {
        knee: u32,
        slope: f64,
        hosts: u32,
        base_service_ms: f64,
        best_concurrency: u32,
        service_at_best_ms: f64,
    },
    Semaphore {
        permits: u32,
        per_request_ms: f64,
    },
    /// The adaptive limit's range and time-average, and the time-average of
    /// the slots its gate can hold (the limit, or more while requests
    /// admitted before it fell finish), over the time a request holds one.
    AdaptiveLimit {
        mean_limit: f64,
        mean_capacity: f64,
        min_limit: u32,
        max_limit: u32,
        per_request_ms: f64,
    },
    /// A long-run `rate_per_s`, plus `burst` requests at once over `makespan_s`.
    RateLimiter {
        rate_per_s: f64,
        burst: u32,
        makespan_s: f64,
    },
    /// Event-loop CPU per finished request, over every stage.
    ClientCpu {
        cpu_us_per_request: f64,
    },
    Contention {
        hosts: u32,
        window_ms: f64,
        conflicts: u64,
        attempts: u64,
    },
    /// `clients` each doing `requests_per_client` requests of at least
    /// `per_request_ms` (client CPU + connect + service) with `think_ms` between.
    ClosedLoop {
        clients: u32,
        who: Who,
        requests_per_client: f64,
        per_request_ms: f64,
        /// The part of `per_request_ms` spent opening connections.
        connect_ms: f64,
        think_ms: f64,
    },
    /// `requests` arrived over `over_s` seconds.
    OfferedLoad {
        requests: u64,
        over_s: f64,
    },
    /// `leaked` responses never released, `limit` pool slots.
    Leak {
        leaked: u32,
        limit: u32,
    },
    NoRequests,
}

/// One stage's throughput ceiling, in requests per second.
#[derive(Clone, Debug, PartialEq)]
pub struct Ceiling {
    pub stage: Stage,
    pub ceiling_rps: f64,
    pub why: Why,
    /// The tightest ceiling of the run (what caps throughput).
    pub binding: bool,
}

impl Ceiling {
    fn new(stage: Stage, ceiling_rps: f64, why: Why) -> Ceiling {
        Ceiling {
            stage,
            ceiling_rps,
            why,
            binding: false,
        }
    }
}

/// Serialized as `{stage, ceiling_rps, binding, key, params}`: data only;
/// an edge adds the sentence (`words::summary_json`).
impl Serialize for Ceiling {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            stage: Stage,
            ceiling_rps: f64,
            binding: bool,
            #[serde(flatten)]
            why: &'a Why,
        }
        Out {
            stage: self.stage,
            ceiling_rps: self.ceiling_rps,
            binding: self.binding,
            why: &self.why,
        }
        .serialize(s)
    }
}

/// What the ceilings are computed from.
pub struct Inputs<'a> {
    pub sc: &'a Scenario,
    pub m: &'a Metrics,
    pub end_ns: u64,
    pub leaked: u32,
    /// The service distribution's mean (before spikes and the knee).
    pub base_service_ms: f64,
}

impl Inputs<'_> {
    fn makespan_s(&self) -> f64 {
        self.end_ns as f64 / 1e9
    }
    fn finished(&self) -> u64 {
        self.m.completed + self.m.failed
    }
    /// Mean time per finished request in `phases` (summed over its attempts), in ms.
    fn phase_ms(&self, phases: &[&str]) -> f64 {
        phases.iter().map(|p| self.m.phase(p).mean_ns() / 1e6).sum()
    }
    fn hold_ms(&self) -> f64 {
        self.m.hold.mean_ns() / 1e6
    }
}

/// Every stage's ceiling, the binding one (the lowest) marked.
pub fn all(i: &Inputs) -> Vec<Ceiling> {
    let mut out = Vec::new();
    if i.finished() > 0 {
        pool(i, &mut out);
        server(i, &mut out);
        knee(i, &mut out);
        semaphore(i, &mut out);
        adaptive(i, &mut out);
        limiter(i, &mut out);
        client_cpu(i, &mut out);
        contention(i, &mut out);
        out.push(demand(i));
    }
    out.extend(leak(i));
    if out.is_empty() {
        out.push(Ceiling::new(Stage::Demand, 0.0, Why::NoRequests));
    }
    mark_binding(&mut out);
    out
}

/// The binding ceiling: a leak that drained the pool, else the lowest.
fn mark_binding(out: &mut [Ceiling]) {
    let leak = out.iter().position(|c| c.stage == Stage::Leak);
    let lowest = out
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.ceiling_rps.total_cmp(&b.1.ceiling_rps))
        .map(|(k, _)| k);
    if let Some(k) = leak.or(lowest) {
        out[k].binding = true;
    }
}

/// The binding ceiling of a list made by `all`.
pub fn binding(all: &[Ceiling]) -> Ceiling {
    all.iter()
        .find(|c| c.binding)
        .cloned()
        .unwrap_or_else(|| Ceiling::new(Stage::Demand, 0.0, Why::NoRequests))
}

fn pool(i: &Inputs, out: &mut Vec<Ceiling>) {
    let p = &i.sc.pool;
    let hold_ms = i.hold_ms();
    // urllib3 (`on_full = overflow`) opens extra connections past its size: no cap.
    if p.on_full == OnFull::Overflow || hold_ms <= 0.0 {
        return;
    }
    if p.limit > 0 {
        let rps = p.limit as f64 * 1e3 / hold_ms;
        let why = Why::PoolLimit {
            limit: p.limit,
            per_request_ms: hold_ms,
        };
        out.push(Ceiling::new(Stage::Pool, rps, why));
    }
    if p.limit_per_host > 0 {
        let hosts = i.sc.clients.hosts;
        let rps = (p.limit_per_host * hosts) as f64 * 1e3 / hold_ms;
        let why = Why::PoolPerHost {
            limit_per_host: p.limit_per_host,
            hosts,
            per_request_ms: hold_ms,
        };
        out.push(Ceiling::new(Stage::PoolPerHost, rps, why));
    }
}

/// Workers × hosts ÷ the measured mean service time of every job served.
fn server(i: &Inputs, out: &mut Vec<Ceiling>) {
    let s = &i.sc.server;
    let m = i.m;
    if s.workers == 0 || m.server_completions == 0 {
        return;
    }
    let workers = s
        .capacity_dips
        .iter()
        .map(|d| d.workers)
        .fold(s.workers, u32::max);
    let service_ms = m.server_busy_ns as f64 / m.server_completions as f64 / 1e6;
    let hosts = i.sc.clients.hosts;
    let rps = (workers * hosts) as f64 * 1e3 / service_ms;
    let span_s = (m.server_last_ns.max(i.end_ns) as f64 / 1e9).max(1e-9);
    let past_end = m.server_last_ns > i.end_ns;
    let wasted_share = if m.server_busy_ns > 0 {
        m.wasted_ns as f64 / m.server_busy_ns as f64
    } else {
        0.0
    };
    let why = Why::ServerWorkers {
        workers,
        hosts,
        service_ms,
        offered_per_s: m.server_completions as f64 / span_s,
        busy_until_s: if past_end { span_s } else { 0.0 },
        wasted_share,
    };
    out.push(Ceiling::new(Stage::Server, rps, why));
}

/// Requests one host can have in service at most (workers, pool caps, clients).
fn max_concurrency_per_host(sc: &Scenario) -> u64 {
    let clients = match sc.clients.kind {
        ClientKind::Gather | ClientKind::Workers | ClientKind::Batches => sc.clients.count as u64,
        ClientKind::Open => u64::MAX,
    };
    let caps = [
        sc.server.workers,
        sc.pool.limit_per_host,
        if sc.pool.on_full == OnFull::Wait {
            sc.pool.limit
        } else {
            0
        },
    ];
    caps.iter()
        .filter(|c| **c > 0)
        .map(|c| *c as u64)
        .fold(clients, u64::min)
}

/// Past the knee, service time grows with concurrency: with c requests in
/// service (the new one sees c − 1 busy), each takes base·(1 + slope·(c − 1 − knee)).
/// c ÷ that peaks at c = knee + 1 when slope·(knee + 1) ≥ 1, else it grows
/// towards 1 ÷ (slope·base) as c grows.
fn knee(i: &Inputs, out: &mut Vec<Ceiling>) {
    let s = &i.sc.server;
    let base = i.base_service_ms;
    if s.knee_concurrency == 0 || s.knee_slope <= 0.0 || base <= 0.0 {
        return;
    }
    let k = s.knee_concurrency as u64;
    let cap = max_concurrency_per_host(i.sc);
    if cap <= k + 1 {
        return;
    }
    let service_at = |c: u64| base * (1.0 + s.knee_slope * (c - 1 - k) as f64);
    let peaks_at_knee = s.knee_slope * (k + 1) as f64 >= 1.0;
    let (best, per_host_rps) = if peaks_at_knee {
        (k + 1, (k + 1) as f64 * 1e3 / base)
    } else if cap < u32::MAX as u64 {
        (cap, cap as f64 * 1e3 / service_at(cap))
    } else {
        (0, 1e3 / (s.knee_slope * base))
    };
    let hosts = i.sc.clients.hosts;
    let why = Why::ServerKnee {
        knee: s.knee_concurrency,
        slope: s.knee_slope,
        hosts,
        base_service_ms: base,
        best_concurrency: best as u32,
        service_at_best_ms: if best > 0 { service_at(best) } else { 0.0 },
    };
    out.push(Ceiling::new(
        Stage::Server,
        per_host_rps * hosts as f64,
        why,
    ));
}

fn semaphore(i: &Inputs, out: &mut Vec<Ceiling>) {
    let sem = &i.sc.semaphore;
    if sem.kind == SemaphoreKind::None {
        return;
    }
    // A permit is held at least while the request is in flight.
    let held_ms = i.hold_ms();
    if held_ms <= 0.0 {
        return;
    }
    // Batch scope: a task's permit covers its k requests one after another,
    // k·held for k requests: the same rate per permit.
    let rps = sem.permits as f64 * 1e3 / held_ms;
    let why = Why::Semaphore {
        permits: sem.permits,
        per_request_ms: held_ms,
    };
    out.push(Ceiling::new(Stage::Semaphore, rps, why));
}

/// The adaptive limit's time-average ÷ the time a request holds its slot at
/// least (pool wait and time in flight; the semaphore wait and event-loop
/// work before the pool are not counted).
fn adaptive(i: &Inputs, out: &mut Vec<Ceiling>) {
    let m = i.m;
    if m.adaptive_capacity_now == 0 {
        return;
    }
    let per_request_ms = i.hold_ms() + i.phase_ms(&["pool_wait"]);
    if per_request_ms <= 0.0 {
        return;
    }
    let mean_capacity = m.adaptive_capacity_mean(i.end_ns);
    let rps = mean_capacity * 1e3 / per_request_ms;
    let why = Why::AdaptiveLimit {
        mean_limit: m.adaptive_limit_mean(i.end_ns),
        mean_capacity,
        min_limit: m.adaptive_limit_min,
        max_limit: m.adaptive_limit_max,
        per_request_ms,
    };
    out.push(Ceiling::new(Stage::Adaptive, rps, why));
}

/// A limiter's long-run rate, plus what it lets through at once.
fn limiter(i: &Inputs, out: &mut Vec<Ceiling>) {
    let l = &i.sc.limiter;
    let (rate, burst) = match l.kind {
        LimiterKind::None => return,
        // One window's worth can pass across a boundary (fixed) or at the start.
        LimiterKind::FixedWindow | LimiterKind::SlidingLog | LimiterKind::SlidingWindow => {
            (l.limit as f64 * 1e3 / l.window_ms, l.limit)
        }
        // A full bucket (token bucket, GCRA), or nginx's burst + 1 at once.
        _ => (l.rate_per_s, l.burst + 1),
    };
    let makespan_s = i.makespan_s();
    let rps = if makespan_s > 0.0 {
        rate + burst as f64 / makespan_s
    } else {
        rate
    };
    let why = Why::RateLimiter {
        rate_per_s: rate,
        burst,
        makespan_s,
    };
    out.push(Ceiling::new(Stage::Limiter, rps, why));
}

/// The event loop does one thing at a time: 1 s of CPU per second at most.
fn client_cpu(i: &Inputs, out: &mut Vec<Ceiling>) {
    let m = i.m;
    if m.cpu_busy_ns == 0 {
        return;
    }
    let cpu_us = m.cpu_busy_ns as f64 / i.finished() as f64 / 1e3;
    let why = Why::ClientCpu {
        cpu_us_per_request: cpu_us,
    };
    out.push(Ceiling::new(Stage::ClientCpu, 1e6 / cpu_us, why));
}

/// One contended resource per host: committed attempts' service windows do not overlap.
fn contention(i: &Inputs, out: &mut Vec<Ceiling>) {
    let sc = i.sc;
    let m = i.m;
    if !sc.server.contended {
        return;
    }
    let window_ms = if m.commits > 0 {
        m.committed_service_ns as f64 / m.commits as f64 / 1e6
    } else {
        i.base_service_ms
    };
    let hosts = sc.clients.hosts;
    let why = Why::Contention {
        hosts,
        window_ms,
        conflicts: m.outcomes[6],
        attempts: m.attempts,
    };
    out.push(Ceiling::new(
        Stage::Contention,
        hosts as f64 * 1e3 / window_ms,
        why,
    ));
}

/// What the clients could send if nothing downstream held them back.
fn demand(i: &Inputs) -> Ceiling {
    let c = &i.sc.clients;
    let m = i.m;
    if c.kind == ClientKind::Open {
        let over_ns = if m.last_issue > 0 {
            m.last_issue
        } else {
            i.end_ns
        };
        let over_s = over_ns as f64 / 1e9;
        let rps = if over_s > 0.0 {
            m.started as f64 / over_s
        } else {
            f64::MAX
        };
        let why = Why::OfferedLoad {
            requests: m.started,
            over_s,
        };
        return Ceiling::new(Stage::Demand, rps, why);
    }
    let (clients, who) = match c.kind {
        ClientKind::Gather => (c.count, Who::Tasks),
        ClientKind::Batches => (c.count.min(c.jobs.min(u32::MAX as u64) as u32), Who::Tasks),
        _ => (
            c.count.min(c.jobs.min(u32::MAX as u64) as u32),
            Who::Workers,
        ),
    };
    let per_request_ms = i.phase_ms(&["client_cpu", "connect", "service"]);
    let k = m.started as f64 / clients.max(1) as f64;
    let per_client_ms = k * per_request_ms + (k - 1.0).max(0.0) * c.think_ms;
    let rps = if per_client_ms > 0.0 {
        m.started as f64 * 1e3 / per_client_ms
    } else {
        f64::MAX
    };
    let why = Why::ClosedLoop {
        clients,
        who,
        requests_per_client: k,
        per_request_ms,
        connect_ms: i.phase_ms(&["connect"]),
        think_ms: c.think_ms,
    };
    Ceiling::new(Stage::Demand, rps, why)
}

/// A pool drained by leaked connections passes nothing more: a zero ceiling.
fn leak(i: &Inputs) -> Option<Ceiling> {
    let sc = i.sc;
    let limit = if sc.pool.limit > 0 {
        sc.pool.limit
    } else {
        sc.pool.limit_per_host * sc.clients.hosts
    };
    let leaked = i.leaked;
    (leaked > 0 && limit > 0 && leaked >= limit)
        .then(|| Ceiling::new(Stage::Leak, 0.0, Why::Leak { leaked, limit }))
}
