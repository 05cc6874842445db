//! The network side of an attempt: client CPU → pool → connect → server →
//! response. Server faults (outages, spikes, errors, the knee, a server-side
//! rate limit, optimistic-concurrency conflicts) are decided here, from the
//! request's own keyed random draws.

use super::cpu::Work;
use super::request::{Job, Phase, Stage};
use super::{Ev, Sim};
use crate::limiter::Decision;
use crate::pool::{Acquire, ConnId, Dialed, Grant};
use crate::retry::Outcome;
use crate::rng::{mix, unit, Stream};
use crate::scenario::Window;
use crate::server::Arrive;
use crate::stats::Counter;
use crate::time::{round_to_u64, secs_to_ns, SimTime};

/// Immediate responses answered one inside another before the next ones are deferred.
const MAX_NESTED_RESPONSES: u32 = 64;

/// Whether `now` falls inside one of the windows; returns that window.
fn window_at(windows: &[Window], now: SimTime) -> Option<&Window> {
    windows
        .iter()
        .find(|w| now >= secs_to_ns(w.start_s) && now < secs_to_ns(w.end_s))
}

impl Sim {
    /// The attempt's event-loop work before the pool (`clients.cpu_us_per_request`).
    #[inline(always)]
    pub(super) fn cpu_stage(&mut self, slot: u32) {
        if self.cpu_costs.attempt == 0 && self.cpu_costs.pool_scan == 0 {
            return self.pool_stage(slot);
        }
        self.cpu_before_pool(slot);
    }

    /// `cpu_stage` when the attempt costs event-loop time.
    fn cpu_before_pool(&mut self, slot: u32) {
        self.enter(slot, Phase::Cpu);
        self.reqs[slot as usize].stage = Stage::Cpu;
        self.cpu_push(slot, Work::Attempt);
    }

    #[inline]
    pub(super) fn pool_stage(&mut self, slot: u32) {
        let r = self.enter_req(slot, Phase::Pool);
        r.stage = Stage::Pool;
        let (host, serial) = (r.host, r.serial);
        let got = self.pool.acquire(host, slot, self.now);
        self.cpu_charge_closes();
        match got {
            Acquire::Granted(g) => self.on_grant(slot, g),
            Acquire::Queued if self.timeouts.pool_acquire > 0 => {
                self.queue.push(
                    self.now + self.timeouts.pool_acquire,
                    Ev::PoolTimeout { slot, serial },
                );
            }
            Acquire::Queued => {}
        }
    }

    /// The request holds a connection slot: send on a reused connection, or dial first.
    #[inline(always)]
    pub(super) fn on_grant(&mut self, slot: u32, grant: Grant) {
        if self.reqs[slot as usize].stage == Stage::Connecting {
            // Dial race: a racer took an idle connection; its own dial runs on, unowned.
            self.orphan_dials += 1;
            self.in_flight -= 1;
        }
        self.in_flight += 1;
        self.metrics.peak_in_flight = self.metrics.peak_in_flight.max(self.in_flight);
        match grant {
            Grant::Reuse(conn) => {
                self.reqs[slot as usize].conn = conn;
                self.send(slot);
            }
            Grant::Dial(conn) => self.dial(slot, conn),
        }
    }

    fn dial(&mut self, slot: u32, conn: ConnId) {
        self.enter(slot, Phase::Connect);
        let gen = self.pool.conn_gen(conn);
        let r = &mut self.reqs[slot as usize];
        r.conn = conn;
        r.conn_gen = gen;
        r.new_connection = true;
        r.stage = Stage::Connecting;
        let serial = r.serial;
        self.queue
            .push(self.now + self.connect_ns, Ev::ConnectDone { conn, gen });
        if self.timeouts.connect > 0 {
            self.queue.push(
                self.now + self.timeouts.connect,
                Ev::ConnectTimeout { slot, serial },
            );
        }
    }

    pub(super) fn connect_done(&mut self, conn: ConnId, gen: u32) {
        let dialed = self.pool.connected(conn, gen, self.now, &mut self.wake_rng);
        self.cpu_charge_closes();
        match dialed {
            Dialed::Owner(slot) => self.send(slot),
            Dialed::Handoff(slot, grant) => {
                self.orphan_dials -= 1;
                self.on_grant(slot, grant);
            }
            Dialed::Parked => self.orphan_dials -= 1,
            Dialed::Stale => {}
        }
        self.keep_sweeping();
    }

    /// The event loop writes the request (and sets up a new connection), then it leaves.
    #[inline(always)]
    fn send(&mut self, slot: u32) {
        if self.plain.to_server {
            return self.reach_workers(slot);
        }
        let dialed = self.reqs[slot as usize].new_connection;
        let c = self.cpu_costs;
        if c.send == 0 && (c.connect == 0 || !dialed) {
            return self.arrive_at_server(slot);
        }
        self.cpu_send(slot, dialed);
    }

    /// `send` when writing costs event-loop time.
    fn cpu_send(&mut self, slot: u32, dialed: bool) {
        self.enter(slot, Phase::Cpu);
        self.cpu_push(slot, Work::Send { dialed });
    }

    /// The request leaves for the server of its host (over the network, if any).
    #[inline(always)]
    pub(super) fn arrive_at_server(&mut self, slot: u32) {
        if self.network.on() {
            return self.hop_to_server(slot);
        }
        self.reach_server(slot);
    }

    /// The request reaches the server of its host.
    #[inline]
    pub(super) fn reach_server(&mut self, slot: u32) {
        self.enter(slot, Phase::ServerQueue);
        let r = &mut self.reqs[slot as usize];
        r.stage = Stage::Server;
        let host = r.host;
        if window_at(&self.server_cfg.outages, self.now).is_some() {
            let after = secs_to_ns(self.server_cfg.retry_after_s);
            return self.respond_now(slot, Outcome::Unavailable, (after > 0).then_some(after));
        }
        let job = self.new_job(slot);
        self.reqs[slot as usize].job = job;
        let decision = self.server_limiter.as_mut().map(|l| l.try_admit(self.now));
        match decision {
            Some(Decision::NotBefore(t)) => self.throttle(slot, job, t),
            Some(Decision::AdmitAt(t)) => self.queue.push(t, Ev::ServerAdmit { job }),
            _ => self.server_cpu_then_arrive(job, host),
        }
    }

    /// `reach_server` for a plain run (`Plain::to_server`): straight to the workers.
    #[inline(always)]
    fn reach_workers(&mut self, slot: u32) {
        let r = self.enter_req(slot, Phase::ServerQueue);
        r.stage = Stage::Server;
        let host = r.host;
        let job = self.new_job(slot);
        self.reqs[slot as usize].job = job;
        self.server_arrive(job, host);
    }

    fn throttle(&mut self, slot: u32, job: u32, not_before: SimTime) {
        self.free_job(job);
        let configured = secs_to_ns(self.server_cfg.retry_after_s);
        let hint = if configured > 0 {
            configured
        } else {
            not_before.saturating_sub(self.now)
        };
        let outcome = if self.server_cfg.rate_limit_status == 503 {
            Outcome::Unavailable
        } else {
            Outcome::Throttled
        };
        self.respond_now(slot, outcome, Some(hint));
    }

    pub(super) fn server_admitted(&mut self, job: u32) {
        let host = self.jobs[job as usize].host;
        self.server_cpu_then_arrive(job, host);
    }

    #[inline(always)]
    pub(super) fn server_arrive(&mut self, job: u32, host: u32) {
        let arrived = self.server.arrive(host, job);
        if arrived != Arrive::Rejected {
            let at_server = self.server.busy() + self.server.queued();
            self.metrics.peak_at_server = self.metrics.peak_at_server.max(at_server);
        }
        match arrived {
            Arrive::Start => self.start_service(job),
            Arrive::Queued => {}
            Arrive::Rejected => {
                let j = self.jobs[job as usize];
                self.free_job(job);
                if !j.abandoned {
                    self.respond_now(j.slot, Outcome::Unavailable, None);
                }
            }
        }
    }

    /// A response that needs no server work (outage, throttling, full queue).
    ///
    /// Its connection may go to a waiter that is answered at once too, and so
    /// on for every waiter: past `MAX_NESTED_RESPONSES` such answers inside
    /// one another, the next ones wait in `deferred_responses` and are
    /// answered in order once the outer ones return (same instant), so the
    /// stack stays bounded however many requests wait.
    fn respond_now(&mut self, slot: u32, outcome: Outcome, retry_after_ns: Option<u64>) {
        if self.respond_depth >= MAX_NESTED_RESPONSES {
            self.deferred_responses
                .push_back((slot, outcome, retry_after_ns));
            return;
        }
        self.answer_now(slot, outcome, retry_after_ns);
        if self.respond_depth == 0 {
            while let Some((s, o, r)) = self.deferred_responses.pop_front() {
                self.answer_now(s, o, r);
            }
        }
    }

    fn answer_now(&mut self, slot: u32, outcome: Outcome, retry_after_ns: Option<u64>) {
        self.respond_depth += 1;
        self.reqs[slot as usize].retry_after_ns = retry_after_ns;
        self.read_response(slot, outcome);
        self.respond_depth -= 1;
    }

    /// The response leaves for the client (over the network, if any).
    #[inline(always)]
    fn read_response(&mut self, slot: u32, outcome: Outcome) {
        if self.network.on() {
            return self.hop_to_client(slot, outcome);
        }
        self.read_at_client(slot, outcome);
    }

    /// The event loop reads the response (holding the connection), then releases it.
    #[inline]
    pub(super) fn read_at_client(&mut self, slot: u32, outcome: Outcome) {
        let c = &self.cpu_costs;
        if c.read == 0 && c.pool_scan == 0 && c.per_open_conn == 0 {
            self.release_conn(slot, true);
            return self.end_attempt(slot, outcome);
        }
        self.cpu_read(slot, outcome);
    }

    /// `read_response` when reading costs event-loop time.
    fn cpu_read(&mut self, slot: u32, outcome: Outcome) {
        self.enter(slot, Phase::Cpu);
        self.cpu_push(slot, Work::Read(outcome));
    }

    #[inline(always)]
    fn new_job(&mut self, slot: u32) -> u32 {
        let r = &self.reqs[slot as usize];
        let (index, attempt, host) = (r.index, r.attempt, r.host);
        let service_ns = self.service_time(index, attempt, host)
            + self.network.window_ns(&self.seeds, index, attempt);
        let job = Job {
            slot,
            host,
            service_ns,
            ..Job::default()
        };
        match self.free_jobs.pop() {
            Some(id) => {
                self.jobs[id as usize] = job;
                id
            }
            None => {
                self.jobs.push(job);
                (self.jobs.len() - 1) as u32
            }
        }
    }

    #[inline]
    fn free_job(&mut self, job: u32) {
        self.free_jobs.push(job);
    }

    /// Service time of attempt `attempt` of request `index`: its own draw (the
    /// first attempt keyed by the index alone), times any latency spike, and
    /// stretched past the concurrency knee.
    #[inline]
    fn service_time(&self, index: u64, attempt: u32, host: u32) -> u64 {
        let key = if attempt <= 1 {
            index
        } else {
            mix(index) ^ attempt as u64
        };
        let base_ns = self
            .dist
            .sample_ns(&mut self.seeds.keyed_draws(Stream::Service, key));
        let s = &self.server_cfg;
        if s.knee_concurrency == 0 && s.latency_spikes.is_empty() && base_ns < 1 << 52 {
            // Neither factor applies: the rounding below would give `base_ns` back.
            return base_ns;
        }
        let base = base_ns as f64;
        let spike = window_at(&s.latency_spikes, self.now).map_or(1.0, |w| w.factor.max(1.0));
        let busy = self.server.busy_at(host);
        let over = busy.saturating_sub(s.knee_concurrency) as f64;
        let knee = if s.knee_concurrency > 0 {
            1.0 + s.knee_slope * over
        } else {
            1.0
        };
        round_to_u64(base * spike * knee).max(1)
    }

    #[inline(always)]
    fn start_service(&mut self, job: u32) {
        let host = self.jobs[job as usize].host;
        let j = &mut self.jobs[job as usize];
        j.started = self.now;
        j.version = self.versions[host as usize];
        if self.cache.is_some() {
            let j = self.jobs[job as usize];
            let index = self.reqs[j.slot as usize].index;
            self.jobs[job as usize].service_ns = self.cached_service_ns(index, j.service_ns);
        }
        let j = &mut self.jobs[job as usize];
        let done = self.now + j.service_ns;
        if !j.abandoned {
            let slot = j.slot;
            self.enter(slot, Phase::Service);
        }
        self.queue.push(done, Ev::ServiceDone { job });
    }

    #[inline]
    pub(super) fn service_done(&mut self, job: u32) {
        let j = self.jobs[job as usize];
        if let Some(next) = self.server.finish(j.host) {
            self.start_service(next);
        }
        self.free_job(job);
        let outcome = if self.plain.to_client {
            Outcome::Ok
        } else {
            self.server_outcome(&j)
        };
        self.metrics.record_service(j.service_ns, self.now);
        if j.abandoned {
            self.metrics.wasted_ns += j.service_ns as u128;
            self.metrics.series.count(Counter::Wasted);
            return;
        }
        if self.plain.to_client {
            return self.succeed_plain(j.slot);
        }
        self.read_response(j.slot, outcome);
    }

    /// `read_response` of a success in a plain run (`Plain::to_client`):
    /// the connection goes back to the pool and the request is done.
    #[inline(always)]
    fn succeed_plain(&mut self, slot: u32) {
        let conn = self.reqs[slot as usize].conn;
        self.in_flight -= 1;
        self.return_conn(conn, true);
        self.finish_success(slot);
    }

    /// Conflict (another write committed meanwhile), a 500 draw, or success.
    #[inline]
    fn server_outcome(&mut self, j: &Job) -> Outcome {
        let s = &self.server_cfg;
        if s.contended {
            if self.versions[j.host as usize] != j.version {
                return Outcome::Conflict;
            }
            self.versions[j.host as usize] += 1;
            self.metrics.commits += 1;
            self.metrics.committed_service_ns += j.service_ns as u128;
        }
        if s.error_probability > 0.0 {
            let r = self.reqs[j.slot as usize];
            let key = mix(r.index ^ 0x5e77_e440) ^ r.attempt as u64;
            if unit(&mut self.seeds.keyed(Stream::Faults, key)) < s.error_probability {
                return Outcome::ServerError;
            }
        }
        Outcome::Ok
    }

    /// The attempt no longer needs its connection: release it (or leak it).
    #[inline(always)]
    pub(super) fn release_conn(&mut self, slot: u32, keep: bool) {
        let r = &self.reqs[slot as usize];
        let (index, attempt, conn) = (r.index, r.attempt, r.conn);
        self.in_flight -= 1;
        if keep && self.leaks(index, attempt) {
            self.pool.leak(conn, self.now);
            return;
        }
        let put_back = self.pool.put_back_ns();
        if keep && put_back > 0 {
            self.returning += 1;
            self.queue.push(self.now + put_back, Ev::PutBack { conn });
            return;
        }
        self.return_conn(conn, keep);
    }

    /// A read connection reaches the pool `pool.put_back_us` after its read.
    pub(super) fn put_back(&mut self, conn: ConnId) {
        self.returning -= 1;
        self.return_conn(conn, true);
    }

    #[inline(always)]
    fn return_conn(&mut self, conn: ConnId, keep: bool) {
        let woken = self.pool.release(conn, self.now, keep, &mut self.wake_rng);
        self.cpu_charge_closes();
        if let Some((waiter, grant)) = woken {
            self.on_grant(waiter, grant);
        }
        self.keep_sweeping();
    }

    #[inline]
    fn leaks(&self, index: u64, attempt: u32) -> bool {
        let p = self.leak_probability;
        p > 0.0
            && unit(
                &mut self
                    .seeds
                    .keyed(Stream::Faults, mix(index ^ 0x1ea4) ^ attempt as u64),
            ) < p
    }

    /// Keeps one keep-alive sweep scheduled while idle connections exist.
    #[inline]
    pub(super) fn keep_sweeping(&mut self) {
        if self.pool.has_idle() && !self.sweep_pending {
            self.sweep_pending = true;
            self.queue
                .push(self.now + self.pool.keepalive_ns(), Ev::Sweep);
        }
    }

    pub(super) fn sweep(&mut self) {
        let idle_left = self.pool.sweep(self.now);
        self.cpu_charge_closes();
        if idle_left {
            self.queue
                .push(self.now + self.pool.keepalive_ns(), Ev::Sweep);
        } else {
            self.sweep_pending = false;
        }
    }

    /// A capacity dip starts or ends: queued work starts if workers were added.
    pub(super) fn capacity(&mut self, workers: u32) {
        self.server.set_workers(workers);
        for host in 0..self.server.hosts() {
            while let Some(job) = self.server.start_queued(host) {
                self.start_service(job);
            }
        }
    }

    /// Abandons the network part of an attempt (timeout): the server keeps any work it has.
    pub(super) fn abandon_wire(&mut self, slot: u32) {
        let r = self.reqs[slot as usize];
        match r.stage {
            Stage::Pool => {
                self.pool.cancel_waiter(r.host, slot);
            }
            Stage::Connecting => {
                self.in_flight -= 1;
                let woken = self.pool.abort_dial(r.conn, self.now, &mut self.wake_rng);
                self.cpu_charge_closes();
                if let Some((w, g)) = woken {
                    self.on_grant(w, g);
                }
            }
            Stage::Server => {
                self.jobs[r.job as usize].abandoned = true;
                self.release_conn(slot, false);
            }
            Stage::CpuOnConn => {
                self.leave_cpu_on_conn(slot);
                self.release_conn(slot, false);
            }
            Stage::Network => self.release_conn(slot, false),
            _ => {}
        }
    }
}
