//! The simulator: the one place that moves virtual time and schedules events.
//!
//! A request's path: client (workload, optional client CPU) → pool → server
//! → response read → slot released → the task's next request. Components
//! (`pool.rs`, `server.rs`) are state machines; this file turns their outcomes
//! into events and records metrics.
//!
//! Architecture Invariants (checked after every event in debug builds):
//! time never goes back; started = completed + failed + in flight; pool and
//! server counts never exceed their limits or go negative. A run stops when
//! all work is done, or at the event budget, the time horizon or the
//! in-flight cap, which set `truncated`.

use crate::client::Workload;
use crate::dist::ServiceDist;
use crate::metrics::{Metrics, Stamps};
use crate::pool::{Acquire, ConnId, Grant, Pool, PoolConfig};
use crate::report::{self, RunOutput};
use crate::rng::{mix, Seeds, Stream, StreamRng};
use crate::scenario::Scenario;
use crate::server::{Arrive, Server};
use crate::stats::{Counter, Gauge};
use crate::time::{ms_to_ns, secs_to_ns, SimDuration, SimTime, NS_PER_US};
use std::collections::VecDeque;

const NO_TASK: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
enum Ev {
    /// A closed-loop task issues its next request (after thinking).
    TaskNext { task: u32 },
    /// The next open-loop arrival.
    Arrival,
    /// The client's event loop finished the CPU work of the request at the head of its queue.
    CpuDone,
    ConnectDone { req: u32 },
    ServiceDone { req: u32 },
    /// The pool's periodic keep-alive sweep.
    Sweep,
}

impl Ev {
    /// (kind, id) folded into the run digest.
    fn code(self) -> (u64, u64) {
        match self {
            Ev::TaskNext { task } => (1, task as u64),
            Ev::Arrival => (2, 0),
            Ev::CpuDone => (3, 0),
            Ev::ConnectDone { req } => (4, req as u64),
            Ev::ServiceDone { req } => (5, req as u64),
            Ev::Sweep => (6, 0),
        }
    }
}

/// A request in flight; slots are reused, so memory follows the in-flight peak.
#[derive(Clone, Copy, Debug, Default)]
struct Req {
    index: u64,
    task: u32,
    host: u32,
    conn: ConnId,
    new_connection: bool,
    service_ns: SimDuration,
    at: Stamps,
}

/// Why a run stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truncation {
    EventBudget,
    Horizon,
    InFlightCap,
}

pub struct Sim {
    now: SimTime,
    queue: crate::queue::EventQueue<Ev>,
    events: u64,
    digest: u64,
    reqs: Vec<Req>,
    free_reqs: Vec<u32>,
    /// Requests issued and not finished (waiting anywhere, or on the wire).
    in_system: u32,
    /// Requests holding a pool slot: connecting, sending, or at the server.
    in_flight: u32,
    thinking: u32,
    arrival_pending: bool,
    workload: Workload,
    pool: Pool,
    server: Server,
    dist: ServiceDist,
    seeds: Seeds,
    wake_rng: StreamRng,
    connect_ns: SimDuration,
    cpu_ns: SimDuration,
    cpu_queue: VecDeque<u32>,
    sweep_pending: bool,
    max_events: u64,
    horizon_ns: SimTime,
    max_in_flight: u32,
    truncated: Option<Truncation>,
    pub(crate) metrics: Metrics,
    scenario: Scenario,
}

/// Runs a validated scenario to the end and reports.
pub fn run(scenario: &Scenario) -> RunOutput {
    let mut sim = Sim::new(scenario);
    while !sim.step_many(u64::MAX) {}
    sim.output()
}

impl Sim {
    pub fn new(sc: &Scenario) -> Sim {
        let seeds = Seeds::new(sc.seed);
        let hosts = sc.clients.hosts;
        let pool_cfg = PoolConfig {
            limit: sc.pool.limit,
            limit_per_host: sc.pool.limit_per_host,
            keepalive_ns: secs_to_ns(sc.pool.keepalive_timeout_s),
            force_close: sc.pool.force_close,
        };
        let mut sim = Sim {
            now: 0,
            queue: crate::queue::EventQueue::with_capacity(1024),
            events: 0,
            digest: mix(sc.seed),
            reqs: Vec::new(),
            free_reqs: Vec::new(),
            in_system: 0,
            in_flight: 0,
            thinking: 0,
            arrival_pending: false,
            workload: Workload::new(&sc.clients, &seeds),
            pool: Pool::new(pool_cfg, hosts),
            server: Server::new(sc.server.workers, sc.server.queue_limit, hosts),
            dist: ServiceDist::from_server(&sc.server),
            seeds,
            wake_rng: seeds.stream(Stream::PoolWake),
            connect_ns: ms_to_ns(sc.pool.connect_ms),
            cpu_ns: (sc.clients.cpu_us_per_request * NS_PER_US as f64).round() as u64,
            cpu_queue: VecDeque::new(),
            sweep_pending: false,
            max_events: sc.run.max_events,
            horizon_ns: secs_to_ns(sc.run.horizon_s),
            max_in_flight: sc.run.max_in_flight,
            truncated: None,
            metrics: Metrics::new(sc.planned_requests()),
            scenario: sc.clone(),
        };
        sim.start();
        sim
    }

    /// Issues the t = 0 work: every gathered task's first request, or the first arrival.
    fn start(&mut self) {
        self.metrics.series.advance(0);
        for task in 0..self.workload.initial_tasks() {
            self.task_next(task);
        }
        if self.workload.open_starts() {
            self.queue.push(0, Ev::Arrival);
            self.arrival_pending = true;
        }
        self.sync_gauges();
    }

    /// Processes up to `budget` events. Returns true when the run is over.
    pub fn step_many(&mut self, budget: u64) -> bool {
        for _ in 0..budget {
            if self.is_over() {
                return true;
            }
            let Some(t) = self.queue.peek_time() else { return true };
            if t > self.horizon_ns {
                self.truncated = Some(Truncation::Horizon);
                return true;
            }
            if self.events >= self.max_events {
                self.truncated = Some(Truncation::EventBudget);
                return true;
            }
            let (t, ev) = self.queue.pop().expect("peeked");
            self.advance_to(t);
            self.events += 1;
            let (kind, id) = ev.code();
            self.digest = mix(mix(self.digest ^ t) ^ (kind << 32 | id));
            self.dispatch(ev);
            self.sync_gauges();
            #[cfg(debug_assertions)]
            self.check_invariants();
        }
        self.is_over()
    }

    /// All work done (in-flight, thinking and pending arrivals), or stopped early.
    fn is_over(&self) -> bool {
        self.truncated.is_some() || (self.in_system == 0 && self.thinking == 0 && !self.arrival_pending)
    }

    fn advance_to(&mut self, t: SimTime) {
        let dt = (t - self.now) as u128;
        self.metrics.in_system_area += self.in_system as u128 * dt;
        self.metrics.in_flight_area += self.in_flight as u128 * dt;
        self.now = t;
        self.metrics.series.advance(t);
    }

    fn dispatch(&mut self, ev: Ev) {
        match ev {
            Ev::TaskNext { task } => {
                self.thinking -= 1;
                self.task_next(task);
            }
            Ev::Arrival => self.arrival(),
            Ev::CpuDone => self.cpu_done(),
            Ev::ConnectDone { req } => {
                self.pool.connected(self.reqs[req as usize].conn);
                self.send(req);
            }
            Ev::ServiceDone { req } => self.service_done(req),
            Ev::Sweep => self.sweep(),
        }
    }

    fn task_next(&mut self, task: u32) {
        if let Some(index) = self.workload.next_for_task(task) {
            self.issue(index, task);
        }
    }

    fn arrival(&mut self) {
        let (index, next) = self.workload.take_arrival();
        self.arrival_pending = next.is_some();
        if let Some(t) = next {
            self.queue.push(t, Ev::Arrival);
        }
        self.issue(index, NO_TASK);
    }

    /// A new request enters the system.
    fn issue(&mut self, index: u64, task: u32) {
        if self.in_system >= self.max_in_flight {
            self.truncated = Some(Truncation::InFlightCap);
            return;
        }
        let host = self.workload.host_for(index, &self.seeds);
        let service_ns = self.dist.sample_ns(&mut self.seeds.keyed(Stream::Service, index));
        let at = Stamps { issue: self.now, ..Stamps::default() };
        let req = Req { index, task, host, conn: 0, new_connection: false, service_ns, at };
        let slot = self.alloc(req);
        self.in_system += 1;
        self.metrics.started += 1;
        self.metrics.peak_in_system = self.metrics.peak_in_system.max(self.in_system);
        self.metrics.series.count(Counter::Started);
        if self.cpu_ns == 0 {
            self.to_pool(slot);
            return;
        }
        self.cpu_queue.push_back(slot);
        if self.cpu_queue.len() == 1 {
            self.queue.push(self.now + self.cpu_ns, Ev::CpuDone);
        }
    }

    fn alloc(&mut self, req: Req) -> u32 {
        match self.free_reqs.pop() {
            Some(slot) => {
                self.reqs[slot as usize] = req;
                slot
            }
            None => {
                self.reqs.push(req);
                (self.reqs.len() - 1) as u32
            }
        }
    }

    fn cpu_done(&mut self) {
        let slot = self.cpu_queue.pop_front().expect("cpu queue empty at CpuDone");
        if !self.cpu_queue.is_empty() {
            self.queue.push(self.now + self.cpu_ns, Ev::CpuDone);
        }
        self.to_pool(slot);
    }

    fn to_pool(&mut self, slot: u32) {
        let r = &mut self.reqs[slot as usize];
        r.at.pool = self.now;
        let host = r.host;
        if let Acquire::Granted(g) = self.pool.acquire(host, slot, self.now) {
            self.on_grant(slot, g);
        }
    }

    /// The request holds a pool slot: send on a reused connection, or dial first.
    fn on_grant(&mut self, slot: u32, grant: Grant) {
        self.in_flight += 1;
        self.metrics.peak_in_flight = self.metrics.peak_in_flight.max(self.in_flight);
        let r = &mut self.reqs[slot as usize];
        r.at.acquired = self.now;
        match grant {
            Grant::Reuse(conn) => {
                r.conn = conn;
                self.send(slot);
            }
            Grant::Dial(conn) => {
                r.conn = conn;
                r.new_connection = true;
                if self.connect_ns == 0 {
                    self.pool.connected(conn);
                    self.send(slot);
                } else {
                    self.queue.push(self.now + self.connect_ns, Ev::ConnectDone { req: slot });
                }
            }
        }
    }

    fn send(&mut self, slot: u32) {
        let r = &mut self.reqs[slot as usize];
        r.at.sent = self.now;
        match self.server.arrive(r.host, slot) {
            Arrive::Start => self.start_service(slot),
            Arrive::Queued => {}
            Arrive::Rejected => {
                self.reqs[slot as usize].at.service = self.now;
                self.finish(slot, false);
            }
        }
    }

    fn start_service(&mut self, slot: u32) {
        let r = &mut self.reqs[slot as usize];
        r.at.service = self.now;
        self.queue.push(self.now + r.service_ns, Ev::ServiceDone { req: slot });
    }

    fn service_done(&mut self, slot: u32) {
        if let Some(next) = self.server.finish(self.reqs[slot as usize].host) {
            self.start_service(next);
        }
        self.finish(slot, true);
    }

    /// The response has been read: release the slot, record, and let the task go on.
    fn finish(&mut self, slot: u32, ok: bool) {
        let mut r = self.reqs[slot as usize];
        r.at.done = self.now;
        self.in_flight -= 1;
        if let Some((waiter, grant)) = self.pool.release(r.conn, self.now, &mut self.wake_rng) {
            self.on_grant(waiter, grant);
        }
        if self.pool.has_idle() && !self.sweep_pending {
            self.sweep_pending = true;
            self.queue.push(self.now + self.pool.keepalive_ns(), Ev::Sweep);
        }
        self.metrics.record(r.index, r.host, &r.at, ok, r.new_connection);
        self.metrics.series.count(if ok { Counter::Completed } else { Counter::Failed });
        self.free_reqs.push(slot);
        self.in_system -= 1;
        if r.task != NO_TASK {
            self.after_request(r.task);
        }
    }

    fn after_request(&mut self, task: u32) {
        if self.workload.think_ns == 0 {
            self.task_next(task);
        } else {
            self.thinking += 1;
            self.queue.push(self.now + self.workload.think_ns, Ev::TaskNext { task });
        }
    }

    fn sweep(&mut self) {
        if self.pool.sweep(self.now) {
            self.queue.push(self.now + self.pool.keepalive_ns(), Ev::Sweep);
        } else {
            self.sweep_pending = false;
        }
    }

    fn sync_gauges(&mut self) {
        let c = self.pool.counts();
        let s = &mut self.metrics.series;
        s.set(Gauge::InFlight, self.in_system);
        s.set(Gauge::PoolWaiters, c.waiters);
        s.set(Gauge::ServerQueue, self.server.queued());
        s.set(Gauge::ServerBusy, self.server.busy());
        s.set(Gauge::ConnInUse, c.in_use);
        s.set(Gauge::ConnIdle, c.idle);
        s.set(Gauge::ConnConnecting, c.connecting);
    }

    #[cfg(debug_assertions)]
    fn check_invariants(&self) {
        let m = &self.metrics;
        assert_eq!(m.started, m.completed + m.failed + self.in_system as u64, "request conservation");
        assert_eq!(self.in_flight, self.pool.acquired(), "in flight = acquired slots");
        let c = self.pool.counts();
        let limit = self.scenario.pool.limit;
        assert!(limit == 0 || c.in_use + c.connecting <= limit, "in use + connecting > limit");
        assert_eq!(c.in_use + c.connecting, self.pool.acquired());
        let w = self.scenario.server.workers;
        let hosts = self.scenario.clients.hosts;
        assert!(w == 0 || self.server.busy() <= w * hosts, "server busy > workers");
    }

    /// Progress of the run in [0, 1], for the page's progress bar.
    pub fn progress(&self) -> f64 {
        let planned = self.scenario.planned_requests().max(1);
        (self.metrics.started as f64 / planned as f64).min(1.0)
    }

    /// The report of the run so far (normally called once `step_many` returns true).
    pub fn output(&self) -> RunOutput {
        let end = if self.truncated.is_some() { self.now } else { self.metrics.last_done };
        report::build(report::RunState {
            scenario: &self.scenario,
            metrics: &self.metrics,
            end_ns: end,
            events: self.events,
            digest: mix(self.digest ^ self.metrics.completed ^ (self.metrics.failed << 32)),
            truncated: self.truncated,
            in_system: self.in_system,
            connections_opened: self.pool.opened(),
            service_mean_ms: self.dist.mean_ms(),
        })
    }
}
