//! The `clients` section: the workload (gather, workers, open loop), its
//! size, the hosts and the client's event-loop CPU costs.

use serde::{Deserialize, Serialize};

/// How the workload is generated.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// Closed loop: `count` tasks started together (asyncio.gather), each
    /// issuing `requests_per_client` requests one after another.
    Gather,
    /// Closed loop: `count` workers draining `jobs` jobs (ThreadPoolExecutor, N goroutines).
    Workers,
    /// Open loop: arrivals at `rate_per_s`, regardless of completions.
    Open,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Arrivals {
    Constant,
    Poisson,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HostChoice {
    RoundRobin,
    Weighted,
}

/// The client side: who sends requests, how many, and to which hosts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub kind: ClientKind,
    /// Gathered tasks (gather) or workers (workers).
    pub count: u32,
    /// Requests each gathered task issues, one after another (gather).
    pub requests_per_client: u32,
    /// Jobs drained by the workers (workers).
    pub jobs: u64,
    /// Pause between a task's requests, in milliseconds (closed loop).
    pub think_ms: f64,
    /// Arrival rate (open).
    pub rate_per_s: f64,
    pub arrivals: Arrivals,
    /// Requests to send (open); 0 means "until `duration_s`".
    pub requests: u64,
    /// How long arrivals continue (open), when `requests` is 0.
    pub duration_s: f64,
    /// Number of distinct hosts requests are spread over.
    pub hosts: u32,
    pub host_choice: HostChoice,
    /// Relative weight of each host (weighted); one entry per host.
    pub host_weights: Vec<f64>,
    /// CPU time the client's single event loop spends per attempt before the pool, in microseconds.
    pub cpu_us_per_request: f64,
    /// Event-loop CPU when a task starts its request (before any gate), in microseconds.
    pub cpu_us_task_start: f64,
    /// Event-loop CPU to set up a new connection (connect, TLS), in microseconds.
    pub cpu_us_connect: f64,
    /// Event-loop CPU to write a request, holding its connection, in microseconds.
    pub cpu_us_send: f64,
    /// Event-loop CPU to read a response, holding its connection, in microseconds.
    pub cpu_us_read: f64,
    /// Event-loop CPU per request waiting in the pool, spent on each request
    /// entering the pool and on each read (httpcore's queue scan), in microseconds.
    pub cpu_us_pool_scan: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kind: ClientKind::Gather,
            count: 1,
            requests_per_client: 1,
            jobs: 1,
            think_ms: 0.0,
            rate_per_s: 100.0,
            arrivals: Arrivals::Poisson,
            requests: 0,
            duration_s: 0.0,
            hosts: 1,
            host_choice: HostChoice::RoundRobin,
            host_weights: Vec::new(),
            cpu_us_per_request: 0.0,
            cpu_us_task_start: 0.0,
            cpu_us_connect: 0.0,
            cpu_us_send: 0.0,
            cpu_us_read: 0.0,
            cpu_us_pool_scan: 0.0,
        }
    }
}
