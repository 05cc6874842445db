//! The simulator: the one place that moves virtual time and schedules events.
//!
//! Each attempt of a request passes the gates in order — client-side rate
//! limiter (`gates.rs`), adaptive concurrency limit, semaphore, client CPU,
//! pool, server (`wire.rs`) — and ends with an outcome (`outcome.rs`) that
//! retries (after a backoff) or finishes the request. Timeouts abandon the
//! attempt wherever it is; abandoned server work still runs to the end.
//! Components (pool, server, limiters, semaphores) are state machines; this
//! module turns their answers into events and records metrics.
//!
//! Architecture Invariants (checked after every event in debug builds):
//! time never goes back; started = completed + failed + in system; pool,
//! semaphore and server counts stay within their limits and never go
//! negative. A run stops when all work is done, or at the event budget, the
//! time horizon, the in-flight cap or the memory budget (`budget.rs`), which
//! set `truncated`.

mod budget;
mod cache;
mod cpu;
mod gates;
mod network;
mod outcome;
mod plain;
mod setup;
mod trace;
mod wire;

pub use crate::report::Truncation;
pub use crate::request::{Req as RequestView, PHASES, PHASE_NAMES};
pub use budget::{
    DEFAULT_MEMORY_BUDGET_BYTES, JOB_BYTES, NATIVE_MEMORY_BUDGET_BYTES, PAGE_MEMORY_BUDGET_BYTES,
    REQUEST_BYTES,
};
pub use trace::{Timeline, Trace, TraceEntry, MAX_TRACED, NEVER, TIMELINE_BINS, TRIES};

use crate::adaptive::AdaptiveLimit;
use crate::client::Workload;
use crate::dist::ServiceDist;
use crate::limiter::RateLimit;
use crate::metrics::Metrics;
use crate::pool::{ConnId, Pool};
use crate::report::{self, RunOutput};
use crate::request::{self, Job, Phase, Req};
use crate::retry::{RetryPolicy, RetryQuota};
use crate::rng::{mix, Seeds, StreamRng};
use crate::scenario::Scenario;
use crate::semaphore::Semaphore;
use crate::server::Server;
use crate::stats::{level_times_ns, Gauge};
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

const NO_TASK: u32 = u32::MAX;
/// Semaphore waiter ids with this bit set are tasks (batch scope), not requests.
const TASK_BIT: u32 = 1 << 31;

#[derive(Clone, Copy, Debug)]
enum Ev {
    /// A closed-loop task issues its next request (after thinking).
    TaskNext {
        task: u32,
    },
    Arrival,
    CpuDone,
    /// The server's CPU finished parsing a request.
    ServerCpuDone,
    ConnectDone {
        conn: ConnId,
        gen: u32,
    },
    /// A read connection reaches the pool (`pool.put_back_us` after its read).
    PutBack {
        conn: ConnId,
    },
    ServiceDone {
        job: u32,
    },
    /// A server-side rate limiter lets a delayed request through (nginx delay).
    ServerAdmit {
        job: u32,
    },
    Sweep,
    LimiterWake,
    /// A client-side leaky bucket lets a delayed request through.
    AdmitAt {
        slot: u32,
        serial: u32,
    },
    RetryAt {
        slot: u32,
        serial: u32,
    },
    AttemptTimeout {
        slot: u32,
        serial: u32,
    },
    PoolTimeout {
        slot: u32,
        serial: u32,
    },
    ConnectTimeout {
        slot: u32,
        serial: u32,
    },
    TotalTimeout {
        slot: u32,
        life: u32,
    },
    /// A capacity-dip window starts or ends: the server's worker count changes.
    Capacity {
        workers: u32,
    },
    /// A request's hop to the server ends (`network.rs`).
    HopToServer {
        slot: u32,
        serial: u32,
    },
    /// A response's hop to the client ends.
    HopToClient {
        slot: u32,
        serial: u32,
        outcome: crate::retry::Outcome,
    },
}

impl Ev {
    /// (kind, id) folded into the run digest.
    fn code(self) -> (u64, u64) {
        match self {
            Ev::TaskNext { task } => (1, task as u64),
            Ev::Arrival => (2, 0),
            Ev::CpuDone => (3, 0),
            Ev::ConnectDone { conn, gen } => (4, (conn as u64) << 32 | gen as u64),
            Ev::ServiceDone { job } => (5, job as u64),
            Ev::ServerAdmit { job } => (6, job as u64),
            Ev::Sweep => (7, 0),
            Ev::LimiterWake => (8, 0),
            Ev::AdmitAt { slot, serial } => (9, (slot as u64) << 32 | serial as u64),
            Ev::RetryAt { slot, serial } => (10, (slot as u64) << 32 | serial as u64),
            Ev::AttemptTimeout { slot, serial } => (11, (slot as u64) << 32 | serial as u64),
            Ev::PoolTimeout { slot, serial } => (12, (slot as u64) << 32 | serial as u64),
            Ev::ConnectTimeout { slot, serial } => (13, (slot as u64) << 32 | serial as u64),
            Ev::TotalTimeout { slot, life } => (14, (slot as u64) << 32 | life as u64),
            Ev::Capacity { workers } => (15, workers as u64),
            Ev::ServerCpuDone => (16, 0),
            Ev::PutBack { conn } => (17, conn as u64),
            Ev::HopToServer { slot, serial } => (18, (slot as u64) << 32 | serial as u64),
            Ev::HopToClient { slot, serial, .. } => (19, (slot as u64) << 32 | serial as u64),
        }
    }
}

/// Timeouts in nanoseconds; 0 = none.
#[derive(Clone, Copy, Debug, Default)]
struct TimeoutsNs {
    pool_acquire: SimDuration,
    connect: SimDuration,
    attempt: SimDuration,
    total: SimDuration,
}

pub struct Sim {
    /// The stages this run can skip (`plain.rs`); first, as every event reads it.
    plain: plain::Plain,
    now: SimTime,
    queue: crate::queue::EventQueue<Ev>,
    events: u64,
    digest: u64,
    reqs: Vec<Req>,
    free_reqs: Vec<u32>,
    jobs: Vec<Job>,
    free_jobs: Vec<u32>,
    next_life: u32,
    next_serial: u32,
    /// Requests issued and not finished (waiting anywhere, or on the wire).
    in_system: u32,
    /// Requests holding a pool slot: connecting, sending, or at the server.
    in_flight: u32,
    thinking: u32,
    /// Dials still running for requests that took another connection (Go's dial race).
    orphan_dials: u32,
    /// Read connections on their way back to the pool (`pool.put_back_us`).
    returning: u32,
    /// Requests waiting out a retry backoff.
    backing_off: u32,
    /// Task steps taken one inside another (see `outcome::after_request`).
    task_depth: u32,
    /// Immediate responses being answered, one inside another (see `wire::respond_now`).
    respond_depth: u32,
    /// Immediate responses nested too deeply, answered once the outer ones are done.
    deferred_responses: VecDeque<(u32, crate::retry::Outcome, Option<u64>)>,
    /// Tasks waiting for a batch-scope semaphore before their first request.
    tasks_waiting: u32,
    arrival_pending: bool,
    workload: Workload,
    limiter: Option<Box<dyn RateLimit>>,
    limiter_reject: bool,
    limiter_queue: VecDeque<u32>,
    limiter_wake_pending: bool,
    adaptive: Option<Box<dyn AdaptiveLimit>>,
    adaptive_gate: Semaphore,
    semaphore: Option<Semaphore>,
    semaphore_batch: bool,
    /// `semaphore.max_waiters` (0 = unlimited).
    semaphore_max_waiters: u32,
    weights: Vec<u32>,
    pool: Pool,
    server: Server,
    server_limiter: Option<Box<dyn RateLimit>>,
    /// Contended mode: committed writes per host.
    versions: Vec<u64>,
    dist: ServiceDist,
    network: network::Network,
    retry: RetryPolicy,
    quota: Option<RetryQuota>,
    timeouts: TimeoutsNs,
    seeds: Seeds,
    wake_rng: StreamRng,
    connect_ns: SimDuration,
    cpu_costs: cpu::Costs,
    cpu: cpu::CpuQueue<cpu::Item>,
    /// Pool closes already queued as loop work (`clients.cpu_us_close`).
    cpu_closes_charged: u64,
    server_cpu_ns: SimDuration,
    server_cpu: cpu::CpuQueue<u32>,
    sweep_pending: bool,
    max_events: u64,
    horizon_ns: SimTime,
    max_in_flight: u32,
    memory_budget_bytes: usize,
    truncated: Option<Truncation>,
    pub(crate) metrics: Metrics,
    /// The cache in front of the backend, if the scenario has one.
    cache: Option<cache::CacheState>,
    /// The server's settings the run reads as it goes (faults, knee, status codes).
    server_cfg: crate::server::Config,
    /// `pool.leak_probability`: share of responses whose connection is never released.
    leak_probability: f64,
    /// Requests the workload will issue (for `progress`).
    planned_requests: u64,
    /// Per-request times for the page's animation; None (the default) costs nothing.
    trace: Option<Box<Trace>>,
}

/// Runs a validated scenario to the end and reports.
pub fn run(scenario: &Scenario) -> RunOutput {
    let mut sim = Sim::new(scenario);
    while !sim.step_many(u64::MAX) {}
    sim.output(scenario)
}

/// Like `run`, without recording the gauges' time series (the report's
/// `series` stays empty): for callers that chart nothing, such as the CLI's
/// table, JSON and CSV. Every other number, and the digest, are the same.
pub fn run_summary(scenario: &Scenario) -> RunOutput {
    let mut sim = Sim::new(scenario);
    sim.metrics.series = crate::stats::Series::untracked();
    while !sim.step_many(u64::MAX) {}
    sim.output(scenario)
}

impl Sim {
    /// Processes up to `budget` events. Returns true when the run is over.
    pub fn step_many(&mut self, budget: u64) -> bool {
        let over = self.run_events(budget);
        self.metrics.settle();
        if over {
            let end = self.end_ns();
            if let Some(t) = self.trace.as_mut() {
                t.cover(end);
            }
        }
        over
    }

    /// Where the report's run ends: the last request done, or now if the run was cut short.
    fn end_ns(&self) -> SimTime {
        if self.truncated.is_some() {
            self.now
        } else {
            self.metrics.last_done
        }
    }

    fn run_events(&mut self, budget: u64) -> bool {
        // One bound for both this call's budget and the run's event budget.
        let stop_at = self.events.saturating_add(budget).min(self.max_events);
        loop {
            if self.nothing_left() {
                return true;
            }
            if self.events >= stop_at {
                if self.events >= self.max_events {
                    let why = self.why_stopped().unwrap_or(Truncation::EventBudget);
                    self.truncated = Some(why);
                    return true;
                }
                return self.is_over();
            }
            let (t, ev) = match self.queue.pop_not_after(self.horizon_ns) {
                Ok(next) => next,
                Err(_) => {
                    self.truncated = self.why_stopped();
                    return true;
                }
            };
            self.advance_to(t);
            self.events += 1;
            let (kind, id) = ev.code();
            self.digest = mix(mix(self.digest ^ t) ^ (kind << 32 | id));
            self.dispatch(ev);
            self.sync_gauges();
            #[cfg(debug_assertions)]
            self.check_invariants();
        }
    }

    /// `is_over`, cheap while requests are in the system (nearly always).
    #[inline(always)]
    fn nothing_left(&self) -> bool {
        if self.in_system != 0 {
            return self.truncated.is_some();
        }
        self.is_over()
    }

    /// Why no further event can run: none is left although requests remain
    /// (a deadlock, a leak), or the next one is past the horizon.
    #[cold]
    fn why_stopped(&mut self) -> Option<Truncation> {
        match self.queue.peek_time() {
            None => Some(Truncation::Stalled),
            Some(t) if t > self.horizon_ns => Some(Truncation::Horizon),
            Some(_) => None,
        }
    }

    /// All work done (in the system, thinking, waiting tasks, pending arrivals,
    /// and abandoned work the server is still doing), or stopped early.
    fn is_over(&self) -> bool {
        self.truncated.is_some()
            || (self.in_system == 0
                && self.returning == 0
                && self.thinking == 0
                && self.tasks_waiting == 0
                && !self.arrival_pending
                && self.jobs.len() == self.free_jobs.len())
    }

    #[inline]
    fn advance_to(&mut self, t: SimTime) {
        let dt = t - self.now;
        self.metrics.in_system_area += level_times_ns(self.in_system, dt);
        self.metrics.in_flight_area += level_times_ns(self.in_flight, dt);
        self.now = t;
        if self.metrics.series.is_tracked() {
            self.metrics.series.advance(t);
        }
    }

    #[inline(always)]
    fn dispatch(&mut self, ev: Ev) {
        match ev {
            Ev::TaskNext { task } => {
                self.thinking -= 1;
                self.task_next(task);
            }
            Ev::Arrival => self.arrival(),
            Ev::CpuDone => self.cpu_done(),
            Ev::ServerCpuDone => self.server_cpu_done(),
            Ev::ConnectDone { conn, gen } => self.connect_done(conn, gen),
            Ev::PutBack { conn } => self.put_back(conn),
            Ev::ServiceDone { job } => self.service_done(job),
            Ev::ServerAdmit { job } => self.server_admitted(job),
            Ev::Sweep => self.sweep(),
            Ev::LimiterWake => self.limiter_wake(),
            Ev::AdmitAt { slot, serial } => self.limiter_delay_done(slot, serial),
            Ev::RetryAt { slot, serial } => self.retry_now(slot, serial),
            Ev::HopToServer { slot, serial } => self.hop_to_server_done(slot, serial),
            Ev::HopToClient {
                slot,
                serial,
                outcome,
            } => self.hop_to_client_done(slot, serial, outcome),
            Ev::AttemptTimeout { slot, serial } => {
                self.timeout_fired(slot, serial, cpu::Timer::Attempt)
            }
            Ev::PoolTimeout { slot, serial } => self.timeout_fired(slot, serial, cpu::Timer::Pool),
            Ev::ConnectTimeout { slot, serial } => {
                self.timeout_fired(slot, serial, cpu::Timer::Connect)
            }
            Ev::TotalTimeout { slot, life } => self.total_timeout(slot, life),
            Ev::Capacity { workers } => self.capacity(workers),
        }
    }

    /// Closes the request's current phase and opens `phase`.
    #[inline]
    fn enter(&mut self, slot: u32, phase: Phase) {
        self.enter_req(slot, phase);
    }

    /// `enter`, returning the request (one slot lookup for the caller's next steps too).
    #[inline(always)]
    fn enter_req(&mut self, slot: u32, phase: Phase) -> &mut Req {
        let now = self.now;
        let r = &mut self.reqs[slot as usize];
        if let Some(t) = self.trace.as_mut() {
            t.enter(r.index, r.issue, r.phase, phase, now);
        }
        r.spent[r.phase as usize] += now - r.phase_since;
        r.phase = phase;
        r.phase_since = now;
        r
    }

    #[inline(always)]
    fn sync_gauges(&mut self) {
        // With nothing to expire, TIME_WAIT is empty and its peak unchanged.
        if self.pool.expire_time_wait(self.now) {
            let time_wait = self.pool.time_wait();
            self.metrics.peak_time_wait = self.metrics.peak_time_wait.max(time_wait);
        }
        if self.metrics.series.is_tracked() {
            self.sync_series();
        }
    }

    /// Sets every gauge of the time series to its level now (but those
    /// that stay 0 all run, `Plain::quiet_gauges`).
    #[inline(always)]
    fn sync_series(&mut self) {
        self.sync_busy_gauges();
        if !self.plain.quiet_gauges {
            self.sync_quiet_gauges();
        }
    }

    /// The gauges that move in every run.
    #[inline(always)]
    fn sync_busy_gauges(&mut self) {
        let c = self.pool.counts();
        let s = &mut self.metrics.series;
        s.set(Gauge::InFlight, self.in_flight);
        s.set(Gauge::ServerQueue, self.server.queued());
        s.set(Gauge::ServerBusy, self.server.busy());
        s.set(Gauge::ConnInUse, c.in_use);
        s.set(Gauge::ConnIdle, c.idle);
        s.set(Gauge::ConnConnecting, c.connecting);
        s.set(Gauge::ConnTimeWait, c.time_wait);
    }

    /// The gauges that stay 0 all run in a run with `Plain::quiet_gauges`.
    fn sync_quiet_gauges(&mut self) {
        let waiters = self.pool.counts().waiters;
        let sem = self.semaphore.as_ref().map_or(0, |s| s.waiting()) + self.adaptive_gate.waiting();
        let s = &mut self.metrics.series;
        s.set(Gauge::PoolWaiters, waiters);
        s.set(Gauge::LimiterWaiters, self.limiter_queue.len() as u32);
        s.set(Gauge::SemaphoreWaiters, sem);
        s.set(Gauge::RetryBackoff, self.backing_off);
    }

    #[cfg(debug_assertions)]
    fn check_invariants(&self) {
        let m = &self.metrics;
        assert_eq!(
            m.started,
            m.completed + m.failed + self.in_system as u64,
            "request conservation"
        );
        let c = self.pool.counts();
        assert_eq!(
            self.in_flight + c.leaked + self.orphan_dials + self.returning,
            self.pool.acquired(),
            "in flight = acquired slots"
        );
        self.pool.check();
        if let Some(sem) = &self.semaphore {
            assert!(sem.used() <= sem.capacity(), "semaphore over its permits");
        }
        let w = self.server_cfg.workers;
        let hosts = self.server.hosts();
        let dips = !self.server_cfg.capacity_dips.is_empty();
        assert!(
            w == 0 || dips || self.server.busy() <= w * hosts,
            "server busy > workers"
        );
    }

    /// Progress of the run in [0, 1], for the page's progress bar: finished
    /// requests (completed or failed) over planned ones, so a gather that
    /// starts everything at once does not read 100% at the first event.
    pub fn progress(&self) -> f64 {
        let planned = self.planned_requests.max(1);
        let finished = self.metrics.completed + self.metrics.failed;
        (finished as f64 / planned as f64).min(1.0)
    }

    /// The request trace, if this simulator was built `with_trace`.
    pub fn trace(&self) -> Option<&Trace> {
        self.trace.as_deref()
    }

    /// The report of the run so far (normally called once `step_many` returns
    /// true), for the scenario this simulator was built from.
    pub fn output(&self, scenario: &Scenario) -> RunOutput {
        let end = self.end_ns();
        report::build(report::RunState {
            scenario,
            metrics: &self.metrics,
            end_ns: end,
            events: self.events,
            digest: mix(self.digest ^ self.metrics.completed ^ (self.metrics.failed << 32)),
            truncated: self.truncated,
            in_system: self.in_system,
            connections_opened: self.pool.opened(),
            leaked_connections: self.pool.counts().leaked,
            close_wait_at_end: self.pool.counts().close_wait,
            idle_at_end: self.pool.counts().idle,
            time_wait_at_end: self.pool.counts().time_wait,
            service_mean_ms: self.dist.mean_ms(),
        })
    }
}
