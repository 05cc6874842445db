//! The `clients` section: the workload (gather, workers, open loop), its
//! size, the hosts and the client's event-loop CPU costs.

use crate::schema::check::{float_in, int_in};
use crate::schema::fields::check;
use crate::schema::ConfigError;
use serde::{Deserialize, Serialize};

/// Largest planned request count: a run this long is still bounded by `run.max_events`.
pub const MAX_REQUESTS: u64 = 1_000_000_000;

/// How the workload is generated.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// Closed loop: `count` tasks started together (asyncio.gather), each
    /// issuing `requests_per_client` requests one after another.
    Gather,
    /// Closed loop: `count` workers draining `jobs` jobs (ThreadPoolExecutor, N goroutines).
    Workers,
    /// Closed loop in chunks: `jobs` requests, `count` at a time, each chunk
    /// gathered and awaited before the next starts
    /// (`for chunk in chunks(urls, count): await asyncio.gather(*chunk)`).
    Batches,
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
    /// Gathered tasks (gather), workers (workers), or requests per chunk (batches).
    pub count: u32,
    /// Requests each gathered task issues, one after another (gather).
    pub requests_per_client: u32,
    /// Jobs drained by the workers (workers), or requests in all (batches).
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
    /// Event-loop CPU per (request waiting in the pool, open connection) pair,
    /// spent on each request entering the pool and on each read (httpcore's
    /// scan of every queued request against every connection), in microseconds.
    pub cpu_us_pool_scan: f64,
    /// Event-loop CPU per open connection added to each response read (the
    /// selector's and transports' bookkeeping), in microseconds.
    pub cpu_us_per_open_conn: f64,
    /// Event-loop CPU to close a connection during the run (`Connection:
    /// close`, over the idle cap, idle expiry), in microseconds.
    pub cpu_us_close: f64,
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
            cpu_us_per_open_conn: 0.0,
            cpu_us_close: 0.0,
        }
    }
}

impl Config {
    /// Total requests the workload will issue, if known in advance.
    pub fn planned_requests(&self) -> u64 {
        match self.kind {
            ClientKind::Gather => self.count as u64 * self.requests_per_client as u64,
            ClientKind::Workers | ClientKind::Batches => self.jobs,
            ClientKind::Open if self.requests > 0 => self.requests,
            ClientKind::Open => (self.rate_per_s * self.duration_s).ceil() as u64,
        }
    }

    /// Checks the workload, the hosts and the CPU costs, naming the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let c = self;
        check("clients.hosts", c.hosts)?;
        check("clients.cpu_us_per_request", c.cpu_us_per_request)?;
        check("clients.cpu_us_task_start", c.cpu_us_task_start)?;
        check("clients.cpu_us_connect", c.cpu_us_connect)?;
        check("clients.cpu_us_send", c.cpu_us_send)?;
        check("clients.cpu_us_read", c.cpu_us_read)?;
        check("clients.cpu_us_pool_scan", c.cpu_us_pool_scan)?;
        check("clients.cpu_us_per_open_conn", c.cpu_us_per_open_conn)?;
        check("clients.cpu_us_close", c.cpu_us_close)?;
        check("clients.think_ms", c.think_ms)?;
        match c.kind {
            ClientKind::Gather => {
                check("clients.count", c.count)?;
                check("clients.requests_per_client", c.requests_per_client)?;
            }
            ClientKind::Workers | ClientKind::Batches => {
                check("clients.count", c.count)?;
                check("clients.jobs", c.jobs as f64)?;
            }
            ClientKind::Open => self.validate_open()?,
        }
        int_in(
            "clients.requests (planned total)",
            self.planned_requests(),
            1,
            MAX_REQUESTS,
        )?;
        if c.host_choice == HostChoice::Weighted {
            self.validate_weights()?;
        }
        Ok(())
    }
    fn validate_open(&self) -> Result<(), ConfigError> {
        let c = self;
        check("clients.rate_per_s", c.rate_per_s)?;
        check("clients.requests", c.requests as f64)?;
        check("clients.duration_s", c.duration_s)?;
        if c.requests == 0 && c.duration_s <= 0.0 {
            return Err(ConfigError::new(
                "clients.requests",
                "an open-loop client needs requests ≥ 1 or duration_s > 0",
            ));
        }
        Ok(())
    }
    fn validate_weights(&self) -> Result<(), ConfigError> {
        let c = self;
        if c.host_weights.len() != c.hosts as usize {
            return Err(ConfigError::new(
                "clients.host_weights",
                format!(
                    "needs one weight per host ({} hosts, got {} weights)",
                    c.hosts,
                    c.host_weights.len()
                ),
            ));
        }
        for (i, w) in c.host_weights.iter().enumerate() {
            float_in(&format!("clients.host_weights[{i}]"), *w, 0.0, 1e9)?;
        }
        if c.host_weights.iter().sum::<f64>() <= 0.0 {
            return Err(ConfigError::new(
                "clients.host_weights",
                "must not all be 0",
            ));
        }
        Ok(())
    }
}
