//! Building a simulator from a scenario, and the work issued at t = 0.

use super::{Ev, Sim, TimeoutsNs};
use crate::client::Workload;
use crate::dist::ServiceDist;
use crate::metrics::Metrics;
use crate::pool::Pool;
use crate::retry::{RetryPolicy, RetryQuota};
use crate::rng::{mix, Seeds, Stream};
use crate::scenario::{LimiterMode, Scenario, SemaphoreKind, SemaphoreScope};
use crate::semaphore::Semaphore;
use crate::server::Server;
use crate::time::{ms_to_ns, secs_to_ns, NS_PER_US};
use std::collections::VecDeque;

fn timeouts(sc: &Scenario) -> TimeoutsNs {
    let t = &sc.timeouts;
    TimeoutsNs {
        pool_acquire: ms_to_ns(t.pool_acquire_ms),
        connect: ms_to_ns(t.connect_ms),
        attempt: ms_to_ns(t.attempt_ms),
        total: ms_to_ns(t.total_ms),
    }
}

fn us_to_ns(us: f64) -> u64 {
    (us * NS_PER_US as f64).round() as u64
}

fn cpu_costs(sc: &Scenario) -> super::cpu::Costs {
    let c = &sc.clients;
    super::cpu::Costs {
        task_start: us_to_ns(c.cpu_us_task_start),
        attempt: us_to_ns(c.cpu_us_per_request),
        connect: us_to_ns(c.cpu_us_connect),
        send: us_to_ns(c.cpu_us_send),
        read: us_to_ns(c.cpu_us_read),
        pool_scan: us_to_ns(c.cpu_us_pool_scan),
        per_open_conn: us_to_ns(c.cpu_us_per_open_conn),
        close: us_to_ns(c.cpu_us_close),
    }
}

fn semaphore(sc: &Scenario) -> Option<Semaphore> {
    (sc.semaphore.kind != SemaphoreKind::None).then(|| Semaphore::new(sc.semaphore.permits))
}

impl Sim {
    /// A simulator with the default memory budget (`DEFAULT_MEMORY_BUDGET_BYTES`).
    pub fn new(sc: &Scenario) -> Sim {
        Sim::with_memory_budget(sc, super::DEFAULT_MEMORY_BUDGET_BYTES)
    }

    /// A simulator whose run stops (`truncated: memory budget`) before its
    /// state would exceed `memory_budget_bytes`.
    pub fn with_memory_budget(sc: &Scenario, memory_budget_bytes: usize) -> Sim {
        let mut sim = Sim::build(sc, None, memory_budget_bytes);
        sim.start();
        sim
    }

    /// A simulator that also keeps a trace (`trace.rs`): the timeline, and
    /// the times of its first `max_requests` requests.
    pub fn with_trace(sc: &Scenario, max_requests: usize) -> Sim {
        let trace = Some(Box::new(super::Trace::new(max_requests)));
        let mut sim = Sim::build(sc, trace, super::DEFAULT_MEMORY_BUDGET_BYTES);
        sim.start();
        sim
    }

    pub(super) fn build(
        sc: &Scenario,
        trace: Option<Box<super::Trace>>,
        memory_budget_bytes: usize,
    ) -> Sim {
        let seeds = Seeds::new(sc.seed);
        let hosts = sc.clients.hosts;
        let adaptive = crate::adaptive::build(&sc.adaptive);
        let initial_limit = adaptive.as_ref().map_or(u32::MAX, |a| a.limit());
        let mut sim = Sim {
            plain: Default::default(),
            now: 0,
            queue: crate::queue::EventQueue::with_capacity(1024),
            events: 0,
            digest: mix(sc.seed),
            reqs: Vec::new(),
            free_reqs: Vec::new(),
            jobs: Vec::new(),
            free_jobs: Vec::new(),
            next_life: 0,
            next_serial: 0,
            in_system: 0,
            in_flight: 0,
            thinking: 0,
            orphan_dials: 0,
            returning: 0,
            backing_off: 0,
            respond_depth: 0,
            task_depth: 0,
            deferred_responses: VecDeque::new(),
            tasks_waiting: 0,
            arrival_pending: false,
            workload: Workload::new(&sc.clients, &seeds),
            limiter: crate::limiter::build(&sc.limiter),
            limiter_reject: sc.limiter.mode == LimiterMode::Reject,
            limiter_queue: VecDeque::new(),
            limiter_wake_pending: false,
            adaptive,
            adaptive_gate: Semaphore::new(initial_limit),
            semaphore: semaphore(sc),
            semaphore_batch: sc.semaphore.scope == SemaphoreScope::Batch,
            semaphore_max_waiters: sc.semaphore.max_waiters,
            weights: sc.semaphore.weights.clone(),
            pool: Pool::new(sc.pool.clone(), hosts),
            server: Server::new(sc.server.workers, sc.server.queue_limit, hosts),
            server_limiter: crate::limiter::build(&sc.server.rate_limit),
            versions: vec![0; hosts as usize],
            dist: ServiceDist::from_server(&sc.server),
            network: super::network::Network::new(&sc.server),
            retry: RetryPolicy::new(&sc.retry),
            quota: sc
                .retry
                .budget
                .enabled
                .then(|| RetryQuota::new(&sc.retry.budget)),
            timeouts: timeouts(sc),
            seeds,
            wake_rng: seeds.stream(Stream::PoolWake),
            connect_ns: ms_to_ns(sc.pool.connect_ms),
            cpu_costs: cpu_costs(sc),
            cpu: Default::default(),
            cpu_closes_charged: 0,
            server_cpu_ns: us_to_ns(sc.server.cpu_us_per_request),
            server_cpu: Default::default(),
            sweep_pending: false,
            max_events: sc.run.max_events,
            horizon_ns: secs_to_ns(sc.run.horizon_s),
            max_in_flight: sc.run.max_in_flight,
            memory_budget_bytes,
            truncated: None,
            metrics: Metrics::new(sc.planned_requests()),
            cache: super::cache::CacheState::build(&sc.cache, &seeds),
            server_cfg: sc.server.clone(),
            leak_probability: sc.pool.leak_probability,
            planned_requests: sc.planned_requests(),
            trace,
        };
        sim.plain = sim.plain_paths();
        sim
    }

    /// Issues the t = 0 work: every task's first request (or its batch
    /// semaphore acquisition), the first arrival, and the capacity-dip events.
    pub(super) fn start(&mut self) {
        self.metrics.series.advance(0);
        if let Some(a) = &self.adaptive {
            // The limit the run starts at counts in its range, as the chart starts there.
            let limit = a.limit();
            self.note_adaptive_limit(limit, limit);
        }
        self.schedule_capacity_dips();
        for task in 0..self.workload.initial_tasks() {
            self.task_start(task);
        }
        if self.workload.open_starts() {
            self.queue.push(0, Ev::Arrival);
            self.arrival_pending = true;
        }
        self.sync_gauges();
        self.metrics.settle();
    }

    fn schedule_capacity_dips(&mut self) {
        let normal = self.server_cfg.workers;
        let dips = self.server_cfg.capacity_dips.clone();
        for d in dips {
            self.queue
                .push(secs_to_ns(d.start_s), Ev::Capacity { workers: d.workers });
            self.queue
                .push(secs_to_ns(d.end_s), Ev::Capacity { workers: normal });
        }
    }
}
