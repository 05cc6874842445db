//! The virtual server behind each host: `workers` requests are served at once
//! (0 = unlimited); the rest wait in a FIFO queue of at most `queue_limit`
//! (0 = unlimited); a request arriving to a full queue is rejected (503).
//!
//! A state machine like the pool: it says what happened and `sim.rs`
//! schedules the service completions.
//!
//! Architecture Invariant: queue(host) ≤ queue_limit, and busy(host) ≤ workers
//! except right after a capacity dip (running work is never stopped).

pub mod config;

pub use config::{Config, LatencyDist, Window, Z99};

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrive {
    /// A worker took the request now.
    Start,
    /// All workers busy: the request waits.
    Queued,
    /// The queue is full: the request is refused.
    Rejected,
}

#[derive(Default)]
struct HostServer {
    busy: u32,
    queue: VecDeque<u32>,
}

pub struct Server {
    workers: u32,
    queue_limit: u32,
    hosts: Vec<HostServer>,
    busy_total: u32,
    queued_total: u32,
}

impl Server {
    pub fn new(workers: u32, queue_limit: u32, hosts: u32) -> Server {
        Server {
            workers,
            queue_limit,
            hosts: (0..hosts).map(|_| HostServer::default()).collect(),
            busy_total: 0,
            queued_total: 0,
        }
    }

    /// Request `req` reaches `host`'s server.
    pub fn arrive(&mut self, host: u32, req: u32) -> Arrive {
        let h = &mut self.hosts[host as usize];
        if self.workers == 0 || h.busy < self.workers {
            h.busy += 1;
            self.busy_total += 1;
            return Arrive::Start;
        }
        if self.queue_limit != 0 && h.queue.len() as u32 >= self.queue_limit {
            return Arrive::Rejected;
        }
        h.queue.push_back(req);
        self.queued_total += 1;
        Arrive::Queued
    }

    /// A worker of `host` finished. Returns the queued request it starts next, if any.
    pub fn finish(&mut self, host: u32) -> Option<u32> {
        let h = &mut self.hosts[host as usize];
        debug_assert!(h.busy > 0, "server busy count went negative");
        h.busy -= 1;
        self.busy_total -= 1;
        self.start_queued(host)
    }

    /// Starts the head of `host`'s queue if a worker is free (after a finish or a capacity rise).
    pub fn start_queued(&mut self, host: u32) -> Option<u32> {
        let h = &mut self.hosts[host as usize];
        if self.workers != 0 && h.busy >= self.workers {
            return None;
        }
        let next = h.queue.pop_front()?;
        self.queued_total -= 1;
        h.busy += 1;
        self.busy_total += 1;
        Some(next)
    }

    /// Changes the number of workers per host (a capacity dip or its end). Nothing running is stopped.
    pub fn set_workers(&mut self, workers: u32) {
        self.workers = workers;
    }

    pub fn hosts(&self) -> u32 {
        self.hosts.len() as u32
    }

    /// Requests being served by `host` right now.
    pub fn busy_at(&self, host: u32) -> u32 {
        self.hosts[host as usize].busy
    }

    pub fn busy(&self) -> u32 {
        self.busy_total
    }

    pub fn queued(&self) -> u32 {
        self.queued_total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_queue_and_reject() {
        let mut s = Server::new(1, 1, 1);
        assert_eq!(s.arrive(0, 1), Arrive::Start);
        assert_eq!(s.arrive(0, 2), Arrive::Queued);
        assert_eq!(s.arrive(0, 3), Arrive::Rejected);
        assert_eq!(s.finish(0), Some(2));
        assert_eq!((s.busy(), s.queued()), (1, 0));
        assert_eq!(s.finish(0), None);
        assert_eq!(s.busy(), 0);
    }
}
