//! Workloads: who issues requests and when.
//!
//! - `gather`: `count` tasks start together at t = 0 (asyncio.gather); task i
//!   issues `requests_per_client` requests one after another, with `think_ms`
//!   between them. Request indices are `task · requests_per_client + j`.
//! - `workers`: `count` workers drain `jobs` jobs from a shared list; index = job number.
//! - `batches`: `jobs` requests in chunks of `count`: the chunk's tasks start
//!   together and the next chunk starts when the last of them has finished
//!   (a barrier, like awaiting each `asyncio.gather` of a chunk); index = job
//!   number. Only one chunk's tasks are alive at a time.
//! - `open`: arrivals at `rate_per_s`, constant or Poisson, for `requests`
//!   requests or `duration_s` seconds; index = arrival number.
//!
//! The request index keys every per-request random draw (see `rng.rs`).

pub mod config;

pub use config::{Arrivals, ClientKind, Config, HostChoice, MAX_REQUESTS};

use crate::rng::{exponential, unit, Seeds, Stream, StreamRng};
use crate::time::{ms_to_ns, secs_to_ns, SimDuration, SimTime, NS_PER_S};

pub struct Workload {
    kind: ClientKind,
    per_task: u32,
    /// Workers draining the job list (workers).
    workers: u32,
    /// Requests already issued by each gathered task.
    issued_by_task: Vec<u32>,
    jobs: u64,
    next_job: u64,
    /// Batches: whether each task has a request of the current chunk out.
    task_busy: Vec<bool>,
    /// Batches: the current chunk's size, and how many of it were issued and finished.
    chunk_len: u32,
    chunk_issued: u32,
    chunk_done: u32,
    pub think_ns: SimDuration,
    rate_per_s: f64,
    /// Poisson arrivals: the mean gap, 1 / rate, in seconds (divided once).
    mean_gap_s: f64,
    arrivals: Arrivals,
    open_limit: u64,
    open_until_ns: SimTime,
    open_issued: u64,
    arrival_rng: StreamRng,
    next_arrival_ns: SimTime,
    hosts: u32,
    host_choice: HostChoice,
    cumulative_weights: Vec<f64>,
}

impl Workload {
    pub fn new(c: &Config, seeds: &Seeds) -> Workload {
        let total: f64 = c.host_weights.iter().sum();
        let cumulative_weights = c
            .host_weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w / total;
                Some(*acc)
            })
            .collect();
        Workload {
            kind: c.kind,
            per_task: c.requests_per_client,
            workers: c.count,
            issued_by_task: if c.kind == ClientKind::Gather {
                vec![0; c.count as usize]
            } else {
                Vec::new()
            },
            jobs: c.jobs,
            next_job: 0,
            task_busy: if c.kind == ClientKind::Batches {
                vec![false; c.count as usize]
            } else {
                Vec::new()
            },
            chunk_len: if c.kind == ClientKind::Batches {
                c.count.min(c.jobs.min(u32::MAX as u64) as u32)
            } else {
                0
            },
            chunk_issued: 0,
            chunk_done: 0,
            think_ns: ms_to_ns(c.think_ms),
            rate_per_s: c.rate_per_s,
            mean_gap_s: 1.0 / c.rate_per_s,
            arrivals: c.arrivals,
            open_limit: if c.requests > 0 { c.requests } else { u64::MAX },
            open_until_ns: if c.requests > 0 {
                u64::MAX
            } else {
                secs_to_ns(c.duration_s)
            },
            open_issued: 0,
            arrival_rng: seeds.stream(Stream::Arrivals),
            next_arrival_ns: 0,
            hosts: c.hosts,
            host_choice: c.host_choice,
            cumulative_weights,
        }
    }

    pub fn is_open(&self) -> bool {
        self.kind == ClientKind::Open
    }

    /// Closed-loop tasks (or workers) that start at t = 0.
    pub fn initial_tasks(&self) -> u32 {
        match self.kind {
            ClientKind::Gather => self.issued_by_task.len() as u32,
            ClientKind::Workers => self.workers.min(self.jobs.min(u32::MAX as u64) as u32),
            ClientKind::Batches => self.chunk_len,
            ClientKind::Open => 0,
        }
    }

    /// Batches: once the whole chunk has finished, starts the next one and
    /// returns how many tasks (0..n) go on with it; None while the chunk runs.
    pub fn take_next_chunk(&mut self) -> Option<u32> {
        if self.kind != ClientKind::Batches || self.chunk_done < self.chunk_len {
            return None;
        }
        let left = self.jobs - self.next_job;
        if left == 0 {
            return None;
        }
        self.chunk_len = self.workers.min(left.min(u32::MAX as u64) as u32);
        self.chunk_issued = 0;
        self.chunk_done = 0;
        Some(self.chunk_len)
    }

    /// The index of task `task`'s next request, if it has one left.
    pub fn next_for_task(&mut self, task: u32) -> Option<u64> {
        match self.kind {
            ClientKind::Gather => {
                let done = &mut self.issued_by_task[task as usize];
                if *done >= self.per_task {
                    return None;
                }
                *done += 1;
                Some(task as u64 * self.per_task as u64 + (*done - 1) as u64)
            }
            ClientKind::Workers => {
                if self.next_job >= self.jobs {
                    return None;
                }
                self.next_job += 1;
                Some(self.next_job - 1)
            }
            ClientKind::Batches => {
                let busy = &mut self.task_busy[task as usize];
                if *busy {
                    *busy = false;
                    self.chunk_done += 1;
                    return None;
                }
                if self.chunk_issued >= self.chunk_len {
                    return None;
                }
                *busy = true;
                self.chunk_issued += 1;
                self.next_job += 1;
                Some(self.next_job - 1)
            }
            ClientKind::Open => None,
        }
    }

    /// Takes the arrival due now and returns (its index, the time of the next one, if any).
    pub fn take_arrival(&mut self) -> (u64, Option<SimTime>) {
        let index = self.open_issued;
        self.open_issued += 1;
        let next = match self.arrivals {
            Arrivals::Constant => {
                (self.open_issued as f64 * NS_PER_S as f64 / self.rate_per_s).round() as u64
            }
            Arrivals::Poisson => {
                let gap_s = exponential(&mut self.arrival_rng, self.mean_gap_s);
                self.next_arrival_ns + secs_to_ns(gap_s)
            }
        };
        self.next_arrival_ns = next;
        let more = self.open_issued < self.open_limit && next < self.open_until_ns;
        (index, more.then_some(next))
    }

    /// Whether an open-loop workload issues its first request at t = 0.
    pub fn open_starts(&self) -> bool {
        self.kind == ClientKind::Open && self.open_until_ns > 0
    }

    /// The host request `index` goes to.
    #[inline]
    pub fn host_for(&self, index: u64, seeds: &Seeds) -> u32 {
        match self.host_choice {
            // One host (the common case): no division.
            HostChoice::RoundRobin if self.hosts == 1 => 0,
            HostChoice::RoundRobin => (index % self.hosts as u64) as u32,
            HostChoice::Weighted => {
                let u = unit(&mut seeds.keyed(Stream::Host, index));
                let i = self.cumulative_weights.iter().position(|c| u < *c);
                i.unwrap_or(self.hosts as usize - 1) as u32
            }
        }
    }
}
