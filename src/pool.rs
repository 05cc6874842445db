//! The connection pool. One state machine covers the libraries we model; the
//! knobs of its `Config` (`pool/config.rs`, the scenario's `pool` section)
//! select the semantics (presets set them):
//!
//! - `limit_counts = acquired` (aiohttp 3.14 `connector.py`): `limit` caps
//!   connections in use plus being opened; idle ones are free and uncapped.
//!   A freed slot wakes the first waiter of a host picked at random among
//!   hosts with waiters and room (aiohttp shuffles its host keys).
//! - `limit_counts = open` (httpx/httpcore, Go `MaxConnsPerHost`,
//!   database/sql, HikariCP): idle connections count too; a released
//!   connection goes straight to a waiter of its host; when the pool is full
//!   of other hosts' idle connections, one is closed to make room (httpcore).
//! - `on_full = overflow` (urllib3 `block=False`): never wait; open an extra
//!   connection, discarded on return when the idle list is full.
//! - Idle caps (`max_idle_per_host`, Go's 2; `max_idle`, with httpcore 1.0.9's
//!   bug of counting all connections), `idle_order` fifo/lifo, `waiter_order`
//!   fifo/random (database/sql), keep-alive expiry, `max_lifetime_s`.
//! - `dial_race` (Go `Transport.getConn`): a request that dials also waits for
//!   an idle connection; whichever comes first wins, and the loser's
//!   connection goes idle (or is closed over the idle cap).
//! - `put_back_us` (Go's `persistConn.readLoop`): a connection whose response
//!   was read stays in use that long before `release` (the simulator
//!   schedules it); a request asking meanwhile finds no idle one and dials.
//! - Connections closed by the client sit in TIME_WAIT for `time_wait_s`.
//! - A leaked connection is never released: it stays in use forever. When
//!   the peer closes connections idle on its side (`peer_idle_close_s`), a
//!   leaked one sits in CLOSE_WAIT from then on (the client never closes it),
//!   as `ss -tan` would count it.
//!
//! Architecture Invariant: except in overflow mode, the counted connections
//! never exceed `limit` (and `limit_per_host` per host); counts never go negative.

pub mod config;

pub use config::{Config, LimitCounts, OnFull, Order, NOT_LIBRARY};

use crate::rng::{unit, StreamRng};
use crate::time::SimTime;
use std::collections::VecDeque;

/// A connection id; ids are reused after close.
pub type ConnId = u32;
/// No request owns this connection's dial any more (it took another one).
const ORPHAN: u32 = u32::MAX;

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
    opened_at: SimTime,
    /// The request whose dial this is (while connecting).
    owner: u32,
    /// Bumped on every open, so a stale dial-completion event can be recognised.
    gen: u32,
}

#[derive(Default)]
struct HostPool {
    acquired: u32,
    idle: VecDeque<ConnId>,
    /// Waiting requests (the simulator's request slots), in arrival order.
    waiters: VecDeque<u32>,
    /// Dial race: requests dialling that would also take an idle connection.
    racers: VecDeque<u32>,
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

/// What happened when a dial finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialed {
    /// Its request is still waiting for it: send now.
    Owner(u32),
    /// Its request had taken another connection; releasing this one served waiter `.0`.
    Handoff(u32, Grant),
    /// Nobody needed it: it went idle or was closed.
    Parked,
    /// The dial had been aborted (stale event).
    Stale,
}

/// Connection counts by state, for the charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConnCounts {
    pub in_use: u32,
    pub idle: u32,
    pub connecting: u32,
    pub waiters: u32,
    pub time_wait: u32,
    pub leaked: u32,
    /// Leaked connections the peer has closed: in CLOSE_WAIT (part of `leaked`).
    pub close_wait: u32,
}

/// The config's durations in nanoseconds, converted once (the hot paths
/// read them on every acquire, release and event).
#[derive(Clone, Copy, Debug)]
struct DurationsNs {
    keepalive: u64,
    max_lifetime: u64,
    time_wait: u64,
    peer_idle_close: u64,
    put_back: u64,
}

/// Which of the config's checks can never fire, worked out once: the hot
/// paths of `acquire` and `release` skip them.
#[derive(Clone, Copy, Debug)]
struct Shortcuts {
    /// No limit can refuse an idle connection (no limits, or the library
    /// reuses idle connections whatever the count): when nobody waits, an
    /// unexpired idle connection is always taken.
    idle_always_reused: bool,
    /// A kept connection always goes idle when nobody waits: no forced
    /// close, keep-alive on, no lifetime cap, no idle caps, no dial race.
    kept_goes_idle: bool,
}

impl Shortcuts {
    fn of(cfg: &Config, ns: &DurationsNs) -> Shortcuts {
        Shortcuts {
            idle_always_reused: cfg.limit_counts == LimitCounts::Open
                || cfg.on_full == OnFull::Overflow
                || (cfg.limit == 0 && cfg.limit_per_host == 0),
            kept_goes_idle: !cfg.force_close
                && ns.keepalive > 0
                && ns.max_lifetime == 0
                && cfg.max_idle_per_host == 0
                && cfg.max_idle == 0
                && !cfg.dial_race,
        }
    }
}

pub struct Pool {
    cfg: Config,
    ns: DurationsNs,
    short: Shortcuts,
    conns: Vec<Conn>,
    free_ids: Vec<ConnId>,
    hosts: Vec<HostPool>,
    acquired: u32,
    counts: ConnCounts,
    opened: u64,
    closed: u64,
    /// Close times of client-closed connections still in TIME_WAIT, oldest first.
    time_wait: VecDeque<SimTime>,
    /// Leak times of leaked connections the peer has not closed yet, oldest first.
    leaked_since: VecDeque<SimTime>,
}

impl Pool {
    pub fn new(cfg: Config, hosts: u32) -> Pool {
        let ns = DurationsNs {
            keepalive: cfg.keepalive_ns(),
            max_lifetime: cfg.max_lifetime_ns(),
            time_wait: cfg.time_wait_ns(),
            peer_idle_close: cfg.peer_idle_close_ns(),
            put_back: cfg.put_back_ns(),
        };
        Pool {
            short: Shortcuts::of(&cfg, &ns),
            cfg,
            ns,
            conns: Vec::new(),
            free_ids: Vec::new(),
            hosts: (0..hosts).map(|_| HostPool::default()).collect(),
            acquired: 0,
            counts: ConnCounts::default(),
            opened: 0,
            closed: 0,
            time_wait: VecDeque::new(),
            leaked_since: VecDeque::new(),
        }
    }

    pub fn counts(&self) -> ConnCounts {
        self.counts
    }

    /// Connections in TIME_WAIT (`counts().time_wait`).
    #[inline]
    pub fn time_wait(&self) -> u32 {
        self.counts.time_wait
    }

    /// Connections opened since the start of the run.
    pub fn opened(&self) -> u64 {
        self.opened
    }

    /// Connections closed by the client since the start of the run.
    pub fn closed(&self) -> u64 {
        self.closed
    }

    /// Open connections (in use, connecting and idle), all hosts.
    pub fn open(&self) -> u32 {
        self.open_total()
    }

    pub fn host_of(&self, conn: ConnId) -> u32 {
        self.conns[conn as usize].host
    }

    pub fn conn_gen(&self, conn: ConnId) -> u32 {
        self.conns[conn as usize].gen
    }

    /// Acquired connections (in use + connecting), all hosts.
    pub fn acquired(&self) -> u32 {
        self.acquired
    }

    /// `put_back_us` in nanoseconds: how long a read connection takes to become available.
    #[inline]
    pub fn put_back_ns(&self) -> u64 {
        self.ns.put_back
    }

    fn open_total(&self) -> u32 {
        self.acquired + self.counts.idle
    }

    /// Room under `limit` and `limit_per_host`, counting what the library counts.
    fn has_room(&self, host: u32) -> bool {
        let h = &self.hosts[host as usize];
        let (total, per_host) = match self.cfg.limit_counts {
            LimitCounts::Acquired => (self.acquired, h.acquired),
            LimitCounts::Open => (self.open_total(), h.acquired + h.idle.len() as u32),
        };
        (self.cfg.limit == 0 || total < self.cfg.limit)
            && (self.cfg.limit_per_host == 0 || per_host < self.cfg.limit_per_host)
    }

    /// A request (slot `req`) asks for a connection to `host`.
    #[inline]
    pub fn acquire(&mut self, host: u32, req: u32, now: SimTime) -> Acquire {
        self.close_expired(host, now);
        let h = &self.hosts[host as usize];
        if self.short.idle_always_reused && h.waiters.is_empty() && !h.idle.is_empty() {
            return Acquire::Granted(self.reuse(host));
        }
        if self.hosts[host as usize].waiters.is_empty() {
            if let Some(g) = self.try_grant(host, req, now) {
                return Acquire::Granted(g);
            }
            if self.cfg.on_full == OnFull::Overflow {
                return Acquire::Granted(self.dial(host, req, now));
            }
        }
        self.hosts[host as usize].waiters.push_back(req);
        self.counts.waiters += 1;
        Acquire::Queued
    }

    /// A connection for `host` if the limits allow one now: idle first, else a dial.
    #[inline(always)]
    fn try_grant(&mut self, host: u32, req: u32, now: SimTime) -> Option<Grant> {
        let open_mode = self.cfg.limit_counts == LimitCounts::Open;
        let has_idle = !self.hosts[host as usize].idle.is_empty();
        // urllib3 (overflow) takes any pooled connection, however many are out.
        let overflow = self.cfg.on_full == OnFull::Overflow;
        if has_idle && (open_mode || overflow || self.has_room(host)) {
            return Some(self.reuse(host));
        }
        if !(self.has_room(host) || open_mode && self.evict_other_idle(host, now)) {
            return None;
        }
        Some(self.dial(host, req, now))
    }

    #[inline(always)]
    fn reuse(&mut self, host: u32) -> Grant {
        let h = &mut self.hosts[host as usize];
        let id = match self.cfg.idle_order {
            Order::Lifo => h.idle.pop_back(),
            _ => h.idle.pop_front(),
        }
        .expect("reuse needs an idle connection");
        h.acquired += 1;
        self.acquired += 1;
        self.conns[id as usize].state = ConnState::InUse;
        self.counts.idle -= 1;
        self.counts.in_use += 1;
        Grant::Reuse(id)
    }

    fn dial(&mut self, host: u32, req: u32, now: SimTime) -> Grant {
        self.hosts[host as usize].acquired += 1;
        self.acquired += 1;
        let id = self.new_conn(host, req, now);
        self.counts.connecting += 1;
        self.opened += 1;
        if self.cfg.dial_race {
            self.hosts[host as usize].racers.push_back(req);
        }
        Grant::Dial(id)
    }

    /// httpcore: with the pool full, close another host's idle connection to make room.
    fn evict_other_idle(&mut self, host: u32, now: SimTime) -> bool {
        if !self.per_host_room(host) {
            return false;
        }
        let victim =
            (0..self.hosts.len()).find(|&h| h != host as usize && !self.hosts[h].idle.is_empty());
        let Some(v) = victim else { return false };
        let id = self.hosts[v].idle.pop_front().expect("non-empty");
        self.counts.idle -= 1;
        self.close(id, now);
        true
    }

    fn new_conn(&mut self, host: u32, owner: u32, now: SimTime) -> ConnId {
        let conn = |gen| Conn {
            host,
            state: ConnState::Connecting,
            idle_since: 0,
            opened_at: now,
            owner,
            gen,
        };
        match self.free_ids.pop() {
            Some(id) => {
                let gen = self.conns[id as usize].gen.wrapping_add(1);
                self.conns[id as usize] = conn(gen);
                id
            }
            None => {
                self.conns.push(conn(0));
                (self.conns.len() - 1) as ConnId
            }
        }
    }

    /// A dial finished. Its request may have taken another connection meanwhile (dial race).
    pub fn connected(
        &mut self,
        conn: ConnId,
        gen: u32,
        now: SimTime,
        rng: &mut StreamRng,
    ) -> Dialed {
        let c = self.conns[conn as usize];
        if c.gen != gen || c.state != ConnState::Connecting {
            return Dialed::Stale;
        }
        self.conns[conn as usize].state = ConnState::InUse;
        self.counts.connecting -= 1;
        self.counts.in_use += 1;
        if c.owner != ORPHAN {
            self.remove_racer(c.host, c.owner);
            return Dialed::Owner(c.owner);
        }
        match self.release(conn, now, true, rng) {
            Some((req, grant)) => Dialed::Handoff(req, grant),
            None => Dialed::Parked,
        }
    }

    fn remove_racer(&mut self, host: u32, req: u32) {
        let r = &mut self.hosts[host as usize].racers;
        if let Some(i) = r.iter().position(|x| *x == req) {
            r.remove(i);
        }
    }

    /// The response on `conn` has been read. `keep` is false when the
    /// connection must be closed (abandoned attempt, `Connection: close`).
    /// Returns a waiting request that now holds a connection, if any.
    #[inline(always)]
    pub fn release(
        &mut self,
        conn: ConnId,
        now: SimTime,
        keep: bool,
        rng: &mut StreamRng,
    ) -> Option<(u32, Grant)> {
        let host = self.conns[conn as usize].host;
        debug_assert_eq!(self.conns[conn as usize].state, ConnState::InUse);
        if keep && self.short.kept_goes_idle && self.counts.waiters == 0 {
            // What the general path below does when nothing can refuse the
            // connection and nobody waits for it.
            self.acquired -= 1;
            self.hosts[host as usize].acquired -= 1;
            self.counts.in_use -= 1;
            self.park(conn, host, now);
            return None;
        }
        let reusable =
            keep && !self.cfg.force_close && self.ns.keepalive > 0 && !self.too_old(conn, now);
        if reusable && self.cfg.limit_counts == LimitCounts::Open {
            if let Some(req) = self.take_racer_or_waiter(host, rng) {
                return Some((req, Grant::Reuse(conn)));
            }
        }
        self.acquired -= 1;
        self.hosts[host as usize].acquired -= 1;
        self.counts.in_use -= 1;
        if reusable && self.idle_has_room(host) {
            self.park(conn, host, now);
        } else {
            self.close(conn, now);
        }
        self.wake_one(now, rng)
    }

    fn too_old(&self, conn: ConnId, now: SimTime) -> bool {
        self.ns.max_lifetime > 0
            && now - self.conns[conn as usize].opened_at >= self.ns.max_lifetime
    }

    /// Whether the idle caps let one more connection stay open.
    fn idle_has_room(&self, host: u32) -> bool {
        let per_host = self.cfg.max_idle_per_host == 0
            || (self.hosts[host as usize].idle.len() as u32) < self.cfg.max_idle_per_host;
        let total = if self.cfg.max_idle == 0 {
            true
        } else if self.cfg.max_idle_counts_all {
            // httpcore 1.0.9: `len(self._connections) > max_keepalive`, this connection included.
            self.open_total() < self.cfg.max_idle
        } else {
            self.counts.idle < self.cfg.max_idle
        };
        per_host && total
    }

    fn park(&mut self, conn: ConnId, host: u32, now: SimTime) {
        let c = &mut self.conns[conn as usize];
        c.state = ConnState::Idle;
        c.idle_since = now;
        self.hosts[host as usize].idle.push_back(conn);
        self.counts.idle += 1;
    }

    /// A racer (a dialling request that also waits) first, then a waiter.
    fn take_racer_or_waiter(&mut self, host: u32, rng: &mut StreamRng) -> Option<u32> {
        if let Some(req) = self.hosts[host as usize].racers.pop_front() {
            self.orphan_dial_of(req);
            return Some(req);
        }
        self.pop_waiter(host, rng)
    }

    /// The racer got a connection: its own dial continues with no owner.
    fn orphan_dial_of(&mut self, req: u32) {
        if let Some(c) = self
            .conns
            .iter_mut()
            .find(|c| c.state == ConnState::Connecting && c.owner == req)
        {
            c.owner = ORPHAN;
        }
    }

    fn pop_waiter(&mut self, host: u32, rng: &mut StreamRng) -> Option<u32> {
        let q = &mut self.hosts[host as usize].waiters;
        let i = match (self.cfg.waiter_order, q.len()) {
            (_, 0) => return None,
            (Order::Random, n) if n > 1 => ((unit(rng) * n as f64) as usize).min(n - 1),
            _ => 0,
        };
        self.counts.waiters -= 1;
        q.remove(i)
    }

    /// Gives freed room to the first waiter of a host that can now be served.
    #[inline]
    fn wake_one(&mut self, now: SimTime, rng: &mut StreamRng) -> Option<(u32, Grant)> {
        if self.counts.waiters == 0 {
            return None;
        }
        self.wake_waiter(now, rng)
    }

    /// `wake_one` when some request waits.
    fn wake_waiter(&mut self, now: SimTime, rng: &mut StreamRng) -> Option<(u32, Grant)> {
        let host = self.pick_waiting_host(rng)?;
        let req = self.pop_waiter(host, rng)?;
        let grant = self
            .try_grant(host, req, now)
            .expect("picked host has room");
        Some((req, grant))
    }

    /// Whether host `h` has waiters and `try_grant` would give one a connection now.
    fn can_serve(&self, h: u32) -> bool {
        let host = &self.hosts[h as usize];
        if host.waiters.is_empty() {
            return false;
        }
        if self.cfg.limit_counts == LimitCounts::Acquired {
            return self.has_room(h);
        }
        !host.idle.is_empty()
            || self.has_room(h)
            || (self.per_host_room(h) && self.other_idle_exists(h))
    }

    fn per_host_room(&self, h: u32) -> bool {
        let host = &self.hosts[h as usize];
        self.cfg.limit_per_host == 0
            || host.acquired + (host.idle.len() as u32) < self.cfg.limit_per_host
    }

    fn other_idle_exists(&self, h: u32) -> bool {
        self.hosts
            .iter()
            .enumerate()
            .any(|(i, host)| i != h as usize && !host.idle.is_empty())
    }

    /// Uniformly random among hosts with waiters that can be served (no draw when only one).
    fn pick_waiting_host(&self, rng: &mut StreamRng) -> Option<u32> {
        let n = (0..self.hosts.len() as u32)
            .filter(|h| self.can_serve(*h))
            .count();
        let k = match n {
            0 => return None,
            1 => 0,
            _ => ((unit(rng) * n as f64) as usize).min(n - 1),
        };
        (0..self.hosts.len() as u32)
            .filter(|h| self.can_serve(*h))
            .nth(k)
    }

    /// The request dialling `conn` gave up (timeout): close it and free its room.
    pub fn abort_dial(
        &mut self,
        conn: ConnId,
        now: SimTime,
        rng: &mut StreamRng,
    ) -> Option<(u32, Grant)> {
        let c = self.conns[conn as usize];
        debug_assert_eq!(c.state, ConnState::Connecting);
        self.remove_racer(c.host, c.owner);
        self.acquired -= 1;
        self.hosts[c.host as usize].acquired -= 1;
        self.counts.connecting -= 1;
        self.close(conn, now);
        self.wake_one(now, rng)
    }

    /// The response on `conn` (finished at `now`) was never released: the
    /// connection stays in use forever; idle on the peer's side from `now`.
    pub fn leak(&mut self, conn: ConnId, now: SimTime) {
        debug_assert_eq!(self.conns[conn as usize].state, ConnState::InUse);
        self.counts.leaked += 1;
        if self.ns.peer_idle_close > 0 {
            self.leaked_since.push_back(now);
        }
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

    fn close(&mut self, conn: ConnId, now: SimTime) {
        self.conns[conn as usize].state = ConnState::Closed;
        self.free_ids.push(conn);
        self.closed += 1;
        if self.ns.time_wait > 0 {
            self.time_wait.push_back(now);
            self.counts.time_wait += 1;
        }
    }

    /// Closes idle connections of `host` idle longer than the keep-alive timeout.
    #[inline(always)]
    fn close_expired(&mut self, host: u32, now: SimTime) {
        let h = &self.hosts[host as usize];
        if let Some(&id) = h.idle.front() {
            if now - self.conns[id as usize].idle_since > self.ns.keepalive {
                self.close_expired_from(host, now);
            }
        }
    }

    /// `close_expired` once the oldest idle connection has expired.
    fn close_expired_from(&mut self, host: u32, now: SimTime) {
        while let Some(&id) = self.hosts[host as usize].idle.front() {
            if now - self.conns[id as usize].idle_since <= self.ns.keepalive {
                break;
            }
            self.hosts[host as usize].idle.pop_front();
            self.counts.idle -= 1;
            self.close(id, now);
        }
    }

    /// Forgets TIME_WAIT entries older than `time_wait_s`; leaked connections
    /// idle on the peer's side for `peer_idle_close_s` enter CLOSE_WAIT.
    /// Returns false when nothing was waiting to expire (then `time_wait()` is 0).
    #[inline]
    pub fn expire_time_wait(&mut self, now: SimTime) -> bool {
        if self.time_wait.is_empty() && self.leaked_since.is_empty() {
            return false;
        }
        self.expire_lists(now);
        true
    }

    /// `expire_time_wait` when a list has entries.
    fn expire_lists(&mut self, now: SimTime) {
        self.peer_close(now);
        while let Some(&t) = self.time_wait.front() {
            if now - t < self.ns.time_wait {
                break;
            }
            self.time_wait.pop_front();
            self.counts.time_wait -= 1;
        }
    }

    /// The peer closes leaked connections idle on its side for `peer_idle_close_s` by `now`.
    fn peer_close(&mut self, now: SimTime) {
        let after = self.ns.peer_idle_close;
        while let Some(&t) = self.leaked_since.front() {
            if now - t < after {
                break;
            }
            self.leaked_since.pop_front();
            self.counts.close_wait += 1;
        }
    }

    /// The periodic keep-alive sweep over every host. Returns whether idle connections remain.
    pub fn sweep(&mut self, now: SimTime) -> bool {
        for h in 0..self.hosts.len() as u32 {
            self.close_expired(h, now);
        }
        self.counts.idle > 0
    }

    pub fn has_idle(&self) -> bool {
        self.counts.idle > 0
    }

    /// Whether a request can ever wait for a connection (not without limits).
    pub fn can_queue(&self) -> bool {
        self.cfg.limit != 0 || self.cfg.limit_per_host != 0
    }

    pub fn keepalive_ns(&self) -> u64 {
        self.ns.keepalive
    }

    /// Debug-build check of the pool's invariants.
    pub fn check(&self) {
        assert_eq!(
            self.acquired,
            self.counts.in_use + self.counts.connecting,
            "acquired = in use + connecting"
        );
        if self.cfg.on_full == OnFull::Overflow {
            return;
        }
        let counted = match self.cfg.limit_counts {
            LimitCounts::Acquired => self.acquired,
            LimitCounts::Open => self.open_total(),
        };
        assert!(
            self.cfg.limit == 0 || counted <= self.cfg.limit,
            "pool over its limit"
        );
        if self.cfg.limit_per_host > 0 {
            for h in &self.hosts {
                let n = match self.cfg.limit_counts {
                    LimitCounts::Acquired => h.acquired,
                    LimitCounts::Open => h.acquired + h.idle.len() as u32,
                };
                assert!(n <= self.cfg.limit_per_host, "host over limit_per_host");
            }
        }
    }
}

#[cfg(test)]
mod tests;
