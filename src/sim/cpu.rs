//! The client's single event loop (or Python's GIL) as one CPU that does
//! one piece of work at a time, first come first served, and the server's
//! own CPU likewise. A request pays the loop at each stage that has a cost:
//!
//! - task start (`clients.cpu_us_task_start`): before its first attempt's gates;
//! - per attempt (`clients.cpu_us_per_request`): after the gates, before the pool;
//! - send (`clients.cpu_us_send`, plus `clients.cpu_us_connect` when the
//!   attempt opened its own connection): holding the connection, before the
//!   request reaches the server;
//! - read (`clients.cpu_us_read`): holding the connection, after the
//!   response, before the connection is released.
//!
//! - pool scan (`clients.cpu_us_pool_scan`): per queued request per open
//!   connection (queued × open), added to the work before the pool and to
//!   each read (httpcore's `_assign_requests_to_connections` checks every
//!   queued request against every connection on each request and release).
//! - timeouts (pool acquire, connect, attempt): a timer that fires while the
//!   loop has work queued joins the back of the queue at no cost and takes
//!   effect only when the loop reaches it; a starved loop times out late.
//! - open connections (`clients.cpu_us_per_open_conn`): per connection open
//!   when a read starts, added to that read (the selector's and transports'
//!   bookkeeping grow with the sockets the loop holds);
//! - close (`clients.cpu_us_close`): each connection the pool closes during
//!   the run (`Connection: close`, over an idle cap, idle expiry, an
//!   abandoned attempt) queues its own piece of work, holding no connection;
//!   closing the pool at exit is not charged (the run ends with its last request).
//!
//! Work on a connection keeps it in flight, so a costly read lets many
//! requests be in flight while the wall time grows. Entries are dropped
//! lazily: one whose attempt ended (a timeout) is skipped when it reaches the
//! front, and costs nothing. Server CPU (`server.cpu_us_per_request`) runs
//! before a request joins its host's workers, and runs even for abandoned
//! attempts (the server does not know).

use super::request::Stage;
use super::{Ev, Sim};
use crate::retry::Outcome;
use crate::time::SimDuration;
use std::collections::VecDeque;

/// What a piece of client work is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    TaskStart,
    Attempt,
    /// Writing the request (and, if `dialed`, setting up the new connection).
    Send {
        dialed: bool,
    },
    /// Reading the response that ended the attempt with this outcome.
    Read(Outcome),
    /// Closing a connection (no request: `slot` is unused).
    Close,
    /// A timer of the attempt fired; the loop runs its callback (free) when it gets to it.
    Timeout(Timer),
}

/// Which timeout a `Work::Timeout` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Attempt,
    Pool,
    Connect,
}

/// One queued piece of work: the request slot, the attempt serial it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub slot: u32,
    pub serial: u32,
    pub work: Work,
}

/// Costs of each stage, in nanoseconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Costs {
    pub task_start: SimDuration,
    pub attempt: SimDuration,
    pub connect: SimDuration,
    pub send: SimDuration,
    pub read: SimDuration,
    pub pool_scan: SimDuration,
    pub per_open_conn: SimDuration,
    pub close: SimDuration,
}

impl Costs {
    /// The cost of `w` with `waiters` requests queued in the pool and `conns` open connections.
    pub fn of(&self, w: Work, waiters: u32, conns: u32) -> SimDuration {
        let scan = self.scan(waiters, conns);
        match w {
            Work::TaskStart => self.task_start,
            Work::Attempt => self.attempt + scan,
            Work::Send { dialed: true } => self.send + self.connect,
            Work::Send { dialed: false } => self.send,
            Work::Read(_) => self.read + scan,
            Work::Timeout(_) => 0,
            Work::Close => self.close,
        }
    }

    /// httpcore's pool scan: every queued request against every open connection.
    fn scan(&self, waiters: u32, conns: u32) -> SimDuration {
        self.pool_scan
            .saturating_mul(waiters as u64)
            .saturating_mul(conns as u64)
    }
}

/// A FIFO of work for one CPU; `busy` while the front item is being done.
pub struct CpuQueue<T> {
    pub items: VecDeque<T>,
    pub busy: bool,
    /// The cost of the front item, fixed when it started.
    pub current_ns: SimDuration,
}

impl<T> Default for CpuQueue<T> {
    fn default() -> Self {
        CpuQueue {
            items: VecDeque::new(),
            busy: false,
            current_ns: 0,
        }
    }
}

impl Sim {
    /// Queues `work` for the request in `slot` on the event loop (the caller set its stage).
    pub(super) fn cpu_push(&mut self, slot: u32, work: Work) {
        let serial = self.reqs[slot as usize].serial;
        if matches!(work, Work::Send { .. } | Work::Read(_)) {
            let r = &mut self.reqs[slot as usize];
            r.stage = Stage::CpuOnConn;
            r.cpu_on_conn_since = self.now;
        }
        self.cpu.items.push_back(Item { slot, serial, work });
        self.cpu_kick();
    }

    /// Whether a queued item still belongs to a live attempt at that stage.
    fn cpu_live(&self, it: &Item) -> bool {
        if it.work == Work::Close {
            return true;
        }
        let r = &self.reqs[it.slot as usize];
        let stage = match it.work {
            Work::TaskStart | Work::Attempt => Stage::Cpu,
            Work::Send { .. } | Work::Read(_) => Stage::CpuOnConn,
            // The timeout's own handler checks the stage it applies to.
            Work::Timeout(_) => return r.serial == it.serial,
            Work::Close => unreachable!("a close is always live"),
        };
        r.serial == it.serial && r.stage == stage
    }

    /// Starts the front item if the loop is idle, dropping items of ended attempts.
    fn cpu_kick(&mut self) {
        if self.cpu.busy {
            return;
        }
        while let Some(it) = self.cpu.items.front().copied() {
            if self.cpu_live(&it) {
                self.cpu.busy = true;
                let cost = self
                    .cpu_costs
                    .of(it.work, self.pool.counts().waiters, self.pool.open())
                    + self.open_conn_cost(it.work);
                self.cpu.current_ns = cost;
                self.queue.push(self.now + cost, Ev::CpuDone);
                return;
            }
            self.cpu.items.pop_front();
        }
    }

    /// The event loop finished its front item.
    pub(super) fn cpu_done(&mut self) {
        self.cpu.busy = false;
        let Some(it) = self.cpu.items.pop_front() else {
            return;
        };
        self.metrics.cpu_busy_ns += self.cpu.current_ns as u128;
        if self.cpu_live(&it) {
            self.cpu_finish(it);
        }
        self.cpu_kick();
    }

    fn cpu_finish(&mut self, it: Item) {
        let slot = it.slot;
        if matches!(it.work, Work::Send { .. } | Work::Read(_)) {
            self.leave_cpu_on_conn(slot);
        }
        match it.work {
            Work::TaskStart => self.after_task_start(slot),
            Work::Attempt => self.pool_stage(slot),
            Work::Send { .. } => self.arrive_at_server(slot),
            Work::Read(outcome) => {
                self.release_conn(slot, true);
                self.end_attempt(slot, outcome);
            }
            Work::Close => {}
            Work::Timeout(timer) => self.timeout_now(slot, it.serial, timer),
        }
    }

    /// A timer fired: its callback waits behind the loop's queued work, if any.
    pub(super) fn timeout_fired(&mut self, slot: u32, serial: u32, timer: Timer) {
        if !self.cpu.busy && self.cpu.items.is_empty() {
            return self.timeout_now(slot, serial, timer);
        }
        if self.reqs[slot as usize].serial != serial {
            return;
        }
        let work = Work::Timeout(timer);
        self.cpu.items.push_back(Item { slot, serial, work });
        self.cpu_kick();
    }

    fn timeout_now(&mut self, slot: u32, serial: u32, timer: Timer) {
        match timer {
            Timer::Attempt => self.attempt_timeout(slot, serial),
            Timer::Pool => self.stage_timeout(slot, serial, Stage::Pool),
            Timer::Connect => self.stage_timeout(slot, serial, Stage::Connecting),
        }
    }

    /// A read's share of the loop's per-open-connection bookkeeping.
    fn open_conn_cost(&self, w: Work) -> SimDuration {
        match w {
            Work::Read(_) => self.cpu_costs.per_open_conn * self.pool.open() as u64,
            _ => 0,
        }
    }

    /// Queues one close for each connection the pool closed since the last
    /// call (`clients.cpu_us_close`); nothing when that cost is 0.
    pub(super) fn cpu_charge_closes(&mut self) {
        if self.cpu_costs.close == 0 {
            return;
        }
        let closed = self.pool.closed();
        for _ in self.cpu_closes_charged..closed {
            let (slot, serial) = (u32::MAX, 0);
            let work = Work::Close;
            self.cpu.items.push_back(Item { slot, serial, work });
        }
        self.cpu_closes_charged = closed;
        self.cpu_kick();
    }

    /// Adds the time waited for the loop while holding a connection to the request's time in flight.
    pub(super) fn leave_cpu_on_conn(&mut self, slot: u32) {
        let now = self.now;
        let r = &mut self.reqs[slot as usize];
        r.cpu_on_conn_ns += now - r.cpu_on_conn_since;
        r.cpu_on_conn_since = now;
    }

    /// Queues a job's server CPU, or sends it straight to the workers.
    #[inline]
    pub(super) fn server_cpu_then_arrive(&mut self, job: u32, host: u32) {
        if self.server_cpu_ns == 0 {
            return self.server_arrive(job, host);
        }
        self.server_cpu.items.push_back(job);
        if !self.server_cpu.busy {
            self.server_cpu.busy = true;
            self.queue
                .push(self.now + self.server_cpu_ns, Ev::ServerCpuDone);
        }
    }

    pub(super) fn server_cpu_done(&mut self) {
        let Some(job) = self.server_cpu.items.pop_front() else {
            self.server_cpu.busy = false;
            return;
        };
        if self.server_cpu.items.is_empty() {
            self.server_cpu.busy = false;
        } else {
            self.queue
                .push(self.now + self.server_cpu_ns, Ev::ServerCpuDone);
        }
        let host = self.jobs[job as usize].host;
        self.server_arrive(job, host);
    }
}
