//! The connection pool, with aiohttp `TCPConnector` semantics
//! (aiohttp 3.14 `connector.py`; see shared/reference/library-defaults.md):
//!
//! - `limit` caps *acquired* connections: in use plus being opened. Idle
//!   connections do not count and the idle list has no cap; 0 = no cap.
//! - `limit_per_host` caps acquired connections per host; 0 = no cap.
//! - A request that cannot get a slot waits in its host's FIFO queue. A freed
//!   slot wakes the first waiter of a host picked at random among the hosts
//!   that have waiters and room (aiohttp shuffles its host keys).
//! - Idle connections are reused oldest first (a deque, aiohttp ≥ 3.11);
//!   those idle longer than `keepalive_timeout` are closed when met at
//!   checkout and by a periodic sweep. `force_close` closes on release.
//! - A slot is released when the response has been read.
//!
//! The pool is a state machine: it returns what happened (`Acquire`, `Grant`)
//! and `sim.rs` turns that into events.
//!
//! Architecture Invariant: acquired ≤ limit and acquired(host) ≤ limit_per_host
//! at all times; a waiter is never left queued while its host has room.

use crate::rng::{unit, StreamRng};
use crate::time::SimTime;
use std::collections::VecDeque;

/// A connection id; ids are reused after close.
pub type ConnId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ConnState {
    Connecting,
    InUse,
    Idle,
    Closed,
}

#[derive(Clone, Copy, Debug)]
struct Conn {
    host: u32,
    state: ConnState,
    idle_since: SimTime,
}

#[derive(Default)]
struct HostPool {
    acquired: u32,
    idle: VecDeque<ConnId>,
    /// Waiting requests (the simulator's request slots), FIFO.
    waiters: VecDeque<u32>,
}

/// What a request got from the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    /// An idle connection, ready now.
    Reuse(ConnId),
    /// A new connection that must be opened first (`connect_ms`).
    Dial(ConnId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acquire {
    Granted(Grant),
    Queued,
}

/// Settings, already converted to nanoseconds.
#[derive(Clone, Copy, Debug)]
pub struct PoolConfig {
    pub limit: u32,
    pub limit_per_host: u32,
    pub keepalive_ns: u64,
    pub force_close: bool,
}

/// Connection counts by state, for the charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConnCounts {
    pub in_use: u32,
    pub idle: u32,
    pub connecting: u32,
    pub waiters: u32,
}

pub struct Pool {
    cfg: PoolConfig,
    conns: Vec<Conn>,
    free_ids: Vec<ConnId>,
    hosts: Vec<HostPool>,
    acquired: u32,
    counts: ConnCounts,
    opened: u64,
}

impl Pool {
    pub fn new(cfg: PoolConfig, hosts: u32) -> Pool {
        Pool {
            cfg,
            conns: Vec::new(),
            free_ids: Vec::new(),
            hosts: (0..hosts).map(|_| HostPool::default()).collect(),
            acquired: 0,
            counts: ConnCounts::default(),
            opened: 0,
        }
    }

    pub fn counts(&self) -> ConnCounts {
        self.counts
    }

    /// Connections opened since the start of the run.
    pub fn opened(&self) -> u64 {
        self.opened
    }

    /// The host a connection belongs to.
    pub fn host_of(&self, conn: ConnId) -> u32 {
        self.conns[conn as usize].host
    }

    fn has_room(&self, host: u32) -> bool {
        let total_ok = self.cfg.limit == 0 || self.acquired < self.cfg.limit;
        let host_ok = self.cfg.limit_per_host == 0
            || self.hosts[host as usize].acquired < self.cfg.limit_per_host;
        total_ok && host_ok
    }

    /// A request (slot `req`) asks for a connection to `host`.
    pub fn acquire(&mut self, host: u32, req: u32, now: SimTime) -> Acquire {
        if self.has_room(host) && self.hosts[host as usize].waiters.is_empty() {
            return Acquire::Granted(self.grant(host, now));
        }
        self.hosts[host as usize].waiters.push_back(req);
        self.counts.waiters += 1;
        Acquire::Queued
    }

    /// Takes a slot for `host`: the oldest live idle connection, or a new one.
    fn grant(&mut self, host: u32, now: SimTime) -> Grant {
        self.acquired += 1;
        self.hosts[host as usize].acquired += 1;
        self.close_expired(host, now);
        if let Some(id) = self.hosts[host as usize].idle.pop_front() {
            self.conns[id as usize].state = ConnState::InUse;
            self.counts.idle -= 1;
            self.counts.in_use += 1;
            return Grant::Reuse(id);
        }
        let id = self.new_conn(host);
        self.counts.connecting += 1;
        self.opened += 1;
        self.check(host);
        Grant::Dial(id)
    }

    fn new_conn(&mut self, host: u32) -> ConnId {
        let conn = Conn { host, state: ConnState::Connecting, idle_since: 0 };
        match self.free_ids.pop() {
            Some(id) => {
                self.conns[id as usize] = conn;
                id
            }
            None => {
                self.conns.push(conn);
                (self.conns.len() - 1) as ConnId
            }
        }
    }

    /// A dial finished: the connection is now in use by the request that opened it.
    pub fn connected(&mut self, conn: ConnId) {
        let c = &mut self.conns[conn as usize];
        debug_assert_eq!(c.state, ConnState::Connecting);
        c.state = ConnState::InUse;
        self.counts.connecting -= 1;
        self.counts.in_use += 1;
    }

    /// The response on `conn` has been read. The slot is freed; the connection
    /// goes idle (or is closed), and the next waiter, if any, gets a grant.
    pub fn release(&mut self, conn: ConnId, now: SimTime, wake: &mut StreamRng) -> Option<(u32, Grant)> {
        let host = self.conns[conn as usize].host;
        debug_assert_eq!(self.conns[conn as usize].state, ConnState::InUse);
        self.acquired -= 1;
        self.hosts[host as usize].acquired -= 1;
        self.counts.in_use -= 1;
        if self.cfg.force_close || self.cfg.keepalive_ns == 0 {
            self.close(conn);
        } else {
            self.conns[conn as usize].state = ConnState::Idle;
            self.conns[conn as usize].idle_since = now;
            self.hosts[host as usize].idle.push_back(conn);
            self.counts.idle += 1;
        }
        self.wake_one(now, wake)
    }

    /// Gives a freed slot to the first waiter of a host with room.
    fn wake_one(&mut self, now: SimTime, wake: &mut StreamRng) -> Option<(u32, Grant)> {
        if self.counts.waiters == 0 {
            return None;
        }
        let host = self.pick_waiting_host(wake)?;
        let req = self.hosts[host as usize].waiters.pop_front()?;
        self.counts.waiters -= 1;
        Some((req, self.grant(host, now)))
    }

    /// Uniformly random among hosts with waiters and room (no draw when only one).
    fn pick_waiting_host(&self, wake: &mut StreamRng) -> Option<u32> {
        let eligible = |h: &u32| !self.hosts[*h as usize].waiters.is_empty() && self.has_room(*h);
        let n = (0..self.hosts.len() as u32).filter(eligible).count();
        let k = match n {
            0 => return None,
            1 => 0,
            _ => ((unit(wake) * n as f64) as usize).min(n - 1),
        };
        (0..self.hosts.len() as u32).filter(eligible).nth(k)
    }

    /// Removes a waiting request (it gave up). Returns whether it was queued.
    pub fn cancel_waiter(&mut self, host: u32, req: u32) -> bool {
        let q = &mut self.hosts[host as usize].waiters;
        match q.iter().position(|r| *r == req) {
            Some(i) => {
                q.remove(i);
                self.counts.waiters -= 1;
                true
            }
            None => false,
        }
    }

    fn close(&mut self, conn: ConnId) {
        self.conns[conn as usize].state = ConnState::Closed;
        self.free_ids.push(conn);
    }

    /// Closes idle connections of `host` that have been idle longer than the keep-alive timeout.
    fn close_expired(&mut self, host: u32, now: SimTime) {
        while let Some(&id) = self.hosts[host as usize].idle.front() {
            if now - self.conns[id as usize].idle_since <= self.cfg.keepalive_ns {
                break;
            }
            self.hosts[host as usize].idle.pop_front();
            self.counts.idle -= 1;
            self.close(id);
        }
    }

    /// The periodic keep-alive sweep over every host. Returns whether idle connections remain.
    pub fn sweep(&mut self, now: SimTime) -> bool {
        for h in 0..self.hosts.len() as u32 {
            self.close_expired(h, now);
        }
        self.counts.idle > 0
    }

    /// Whether idle connections exist (the simulator keeps a sweep scheduled while they do).
    pub fn has_idle(&self) -> bool {
        self.counts.idle > 0
    }

    pub fn keepalive_ns(&self) -> u64 {
        self.cfg.keepalive_ns
    }

    /// Debug-build check of the pool's invariants for one host.
    fn check(&self, host: u32) {
        debug_assert!(self.cfg.limit == 0 || self.acquired <= self.cfg.limit, "pool over limit");
        debug_assert!(
            self.cfg.limit_per_host == 0 || self.hosts[host as usize].acquired <= self.cfg.limit_per_host,
            "host over limit_per_host"
        );
        debug_assert_eq!(self.acquired, self.counts.in_use + self.counts.connecting);
    }

    /// Acquired connections (in use + connecting), all hosts.
    pub fn acquired(&self) -> u32 {
        self.acquired
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Seeds, Stream};

    fn pool(limit: u32, per_host: u32, hosts: u32) -> Pool {
        Pool::new(PoolConfig { limit, limit_per_host: per_host, keepalive_ns: 15_000_000_000, force_close: false }, hosts)
    }

    #[test]
    fn limit_counts_acquired_not_idle_and_waiters_are_fifo() {
        let mut rng = Seeds::new(1).stream(Stream::PoolWake);
        let mut p = pool(2, 0, 1);
        assert_eq!(p.acquire(0, 10, 0), Acquire::Granted(Grant::Dial(0)));
        assert_eq!(p.acquire(0, 11, 0), Acquire::Granted(Grant::Dial(1)));
        assert_eq!(p.acquire(0, 12, 0), Acquire::Queued);
        assert_eq!(p.acquire(0, 13, 0), Acquire::Queued);
        p.connected(0);
        p.connected(1);
        // Releasing conn 1 hands the oldest idle connection (conn 1) to waiter 12.
        assert_eq!(p.release(1, 5, &mut rng), Some((12, Grant::Reuse(1))));
        assert_eq!(p.release(0, 6, &mut rng), Some((13, Grant::Reuse(0))));
        assert_eq!(p.release(1, 7, &mut rng), None);
        assert_eq!(p.counts(), ConnCounts { in_use: 1, idle: 1, connecting: 0, waiters: 0 });
        assert_eq!(p.opened(), 2);
    }

    #[test]
    fn per_host_limit_and_keepalive_expiry() {
        let mut rng = Seeds::new(1).stream(Stream::PoolWake);
        let mut p = pool(0, 1, 2);
        assert!(matches!(p.acquire(0, 1, 0), Acquire::Granted(Grant::Dial(_))));
        assert_eq!(p.acquire(0, 2, 0), Acquire::Queued);
        assert!(matches!(p.acquire(1, 3, 0), Acquire::Granted(Grant::Dial(_))));
        p.connected(0);
        p.connected(1);
        assert_eq!(p.release(1, 0, &mut rng), None); // host 1 has no waiters
        assert_eq!(p.release(0, 0, &mut rng), Some((2, Grant::Reuse(0))));
        // Host 1's idle connection expires after 15 s: the next acquire dials.
        assert!(matches!(p.acquire(1, 4, 16_000_000_000), Acquire::Granted(Grant::Dial(_))));
        assert_eq!(p.opened(), 3);
    }
}
