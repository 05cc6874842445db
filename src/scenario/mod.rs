//! The scenario: everything a run needs, as plain data read from JSON.
//!
//! The same files (in `scenarios/`) drive the CLI, the tests and the page.
//! Unknown fields are errors; `validate` checks every number against its
//! allowed range and names the field when it is out of range.
//!
//! Sections follow the request path: `clients` → `pool` → `server`, plus `run`
//! (the budget that bounds every run).
//!
//! Reading goes: text → strict JSON (`json.rs`: BOM, duplicate keys, depth)
//! → shape (`shape.rs`: sections are objects, text is bounded) → serde, whose
//! errors are put in plain words (`plain.rs`, `whole.rs`) → `validate`.

pub mod cache;
pub mod check;
mod error;
mod gates;
pub mod json;
pub mod limits;
mod plain;
mod set;
mod shape;
mod validate;
mod whole;

pub use error::ConfigError;
pub use gates::*;
pub use set::set_path;
pub use validate::{MAX_REQUESTS, Z99};

use serde::{Deserialize, Serialize};

/// A complete scenario file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short title shown on the page.
    #[serde(default)]
    pub name: String,
    /// One or two sentences on what the scenario shows.
    #[serde(default)]
    pub description: String,
    /// The one seed every random stream is derived from.
    #[serde(default = "defaults::seed")]
    pub seed: u64,
    pub clients: Clients,
    #[serde(default)]
    pub limiter: Limiter,
    #[serde(default)]
    pub adaptive: Adaptive,
    #[serde(default)]
    pub semaphore: Semaphore,
    #[serde(default)]
    pub pool: Pool,
    #[serde(default)]
    pub server: Server,
    #[serde(default)]
    pub cache: cache::Cache,
    #[serde(default)]
    pub retry: Retry,
    #[serde(default)]
    pub timeouts: Timeouts,
    #[serde(default)]
    pub run: RunLimits,
}

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
pub struct Clients {
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

/// What `pool.limit` counts.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LimitCounts {
    /// In use + connecting; idle connections are free (aiohttp).
    Acquired,
    /// Every open connection, idle ones included (httpx, Go `MaxConnsPerHost`, database/sql).
    Open,
}

/// What a request does when the pool is at its limit.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnFull {
    /// Wait for a connection (aiohttp, httpx, Go, database/sql).
    Wait,
    /// Open an extra connection anyway; it is discarded on return (urllib3 `block=False`).
    Overflow,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    Fifo,
    Lifo,
    /// A waiter picked at random (Go database/sql hands connections to a random waiter).
    Random,
}

/// The connection pool. Defaults are aiohttp's `TCPConnector`; `preset` loads another library's.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Pool {
    /// The library preset these values came from (informational once applied; see `presets.rs`).
    pub preset: String,
    /// Cap on connections across all hosts (what it counts: `limit_counts`); 0 = none.
    pub limit: u32,
    /// Cap on acquired connections per host; 0 = none.
    pub limit_per_host: u32,
    /// Idle connections older than this are closed (aiohttp: 15 s).
    pub keepalive_timeout_s: f64,
    /// Close every connection after its response instead of keeping it alive.
    pub force_close: bool,
    /// Time to open a connection (TCP handshake, plus TLS if any), in milliseconds.
    pub connect_ms: f64,
    pub limit_counts: LimitCounts,
    pub on_full: OnFull,
    /// Idle connections kept per host; extra ones are closed on return (Go: 2; 0 = no cap).
    pub max_idle_per_host: u32,
    /// Idle connections kept in all; 0 = no cap.
    pub max_idle: u32,
    /// httpcore 1.0.9's bug: `max_idle` is compared with *all* connections, not idle ones.
    pub max_idle_counts_all: bool,
    /// Which idle connection is reused first: fifo (oldest, aiohttp ≥ 3.11) or lifo (most recent).
    pub idle_order: Order,
    /// Which waiter a freed connection goes to: fifo, or random (database/sql).
    pub waiter_order: Order,
    /// Go's dial race: a waiting request also dials; the loser goes idle or is closed.
    pub dial_race: bool,
    /// Connections older than this are closed when released; 0 = no limit (HikariCP: 30 min).
    pub max_lifetime_s: f64,
    /// How long a connection closed by the client stays in TIME_WAIT (Linux: 60 s).
    pub time_wait_s: f64,
    /// Share of responses whose connection is never released (a leak).
    pub leak_probability: f64,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LatencyDist {
    Constant,
    Uniform,
    Exponential,
    Lognormal,
    Bimodal,
}

/// The virtual server behind each host (one identical server per host).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    /// Requests served at once per host; 0 = unlimited.
    pub workers: u32,
    /// Requests that may wait for a worker per host; 0 = unlimited. Overflow is rejected (503).
    pub queue_limit: u32,
    /// Mean service time, in milliseconds.
    pub latency_ms: f64,
    pub latency_dist: LatencyDist,
    /// Uniform: half-width around the mean, in milliseconds (default: the mean, so U(0, 2·mean)).
    pub latency_spread_ms: Option<f64>,
    /// Lognormal: the 99th percentile, in milliseconds (alternative to `latency_sigma`).
    pub latency_p99_ms: Option<f64>,
    /// Lognormal: sigma of the underlying normal (default 0.5 when no p99 is given).
    pub latency_sigma: Option<f64>,
    /// Bimodal: probability of a slow response.
    pub slow_probability: f64,
    /// Bimodal: how many times slower a slow response is than a fast one.
    pub slow_factor: f64,
    /// Probability that a response is a 500 error (after its service time).
    pub error_probability: f64,
    /// Windows during which every request is refused at once with a 503.
    pub outages: Vec<Window>,
    /// Windows during which service times are multiplied by `factor`.
    pub latency_spikes: Vec<Window>,
    /// Windows during which only `workers` workers per host serve.
    pub capacity_dips: Vec<Window>,
    /// Service time grows past this many concurrent requests per host (0 = never).
    pub knee_concurrency: u32,
    /// Extra service time per request above the knee, as a fraction of the base (0.02 = +2% each).
    pub knee_slope: f64,
    /// A server-side rate limiter; refused requests get `rate_limit_status`.
    pub rate_limit: Limiter,
    /// 429 or 503.
    pub rate_limit_status: u16,
    /// Retry-After sent with 429/503 responses, in seconds (0 = none; the rate limiter sends its own hint).
    pub retry_after_s: f64,
    /// Optimistic concurrency on one resource: an attempt fails with a conflict
    /// if another write committed while it was being served.
    pub contended: bool,
    /// CPU the server spends per request on one core shared by all hosts,
    /// before its workers (a loopback server on the client's machine), in microseconds.
    pub cpu_us_per_request: f64,
}

/// A time window of a fault, in seconds from the start; `factor` and `workers` apply to some kinds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Window {
    pub start_s: f64,
    pub end_s: f64,
    pub factor: f64,
    pub workers: u32,
}

/// Bounds on one run. Hitting any of them stops the run and sets `truncated`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RunLimits {
    /// Events processed at most.
    pub max_events: u64,
    /// Virtual time at most, in seconds.
    pub horizon_s: f64,
    /// Requests in flight at once at most (bounds memory in overload).
    pub max_in_flight: u32,
}

mod defaults {
    pub fn seed() -> u64 {
        1
    }
}

impl Default for Clients {
    fn default() -> Self {
        Clients {
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

impl Default for Pool {
    /// aiohttp `TCPConnector()` defaults (connector.py: limit=100,
    /// limit_per_host=0, keepalive_timeout=15.0, force_close=False).
    fn default() -> Self {
        Pool {
            limit: 100,
            limit_per_host: 0,
            keepalive_timeout_s: 15.0,
            force_close: false,
            connect_ms: 1.0,
            preset: String::new(),
            limit_counts: LimitCounts::Acquired,
            on_full: OnFull::Wait,
            max_idle_per_host: 0,
            max_idle: 0,
            max_idle_counts_all: false,
            idle_order: Order::Fifo,
            waiter_order: Order::Fifo,
            dial_race: false,
            max_lifetime_s: 0.0,
            time_wait_s: 60.0,
            leak_probability: 0.0,
        }
    }
}

impl Default for Server {
    fn default() -> Self {
        Server {
            workers: 0,
            queue_limit: 0,
            latency_ms: 50.0,
            latency_dist: LatencyDist::Constant,
            latency_spread_ms: None,
            latency_p99_ms: None,
            latency_sigma: None,
            slow_probability: 0.1,
            slow_factor: 10.0,
            error_probability: 0.0,
            outages: Vec::new(),
            latency_spikes: Vec::new(),
            capacity_dips: Vec::new(),
            knee_concurrency: 0,
            knee_slope: 0.0,
            rate_limit: Limiter::default(),
            rate_limit_status: 429,
            retry_after_s: 0.0,
            contended: false,
            cpu_us_per_request: 0.0,
        }
    }
}

impl Default for RunLimits {
    fn default() -> Self {
        RunLimits {
            max_events: 50_000_000,
            horizon_s: 3_600.0,
            max_in_flight: 1_000_000,
        }
    }
}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ConfigError> {
        Scenario::from_value(read_text(text)?)
    }

    /// Builds and validates a scenario from an already parsed JSON value.
    /// A `pool.preset` in it loads that library's defaults first; the
    /// fields written next to it win.
    pub fn from_value(mut value: serde_json::Value) -> Result<Scenario, ConfigError> {
        expand_file_preset(&mut value)?;
        Scenario::from_expanded(value)
    }

    fn from_expanded(value: serde_json::Value) -> Result<Scenario, ConfigError> {
        shape::check(&value)?;
        let scenario: Scenario =
            serde_path_to_error::deserialize(&value).map_err(|e| plain::explain(e, &value))?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Reads a scenario, applies `KEY=VALUE` overrides (dotted paths) in
    /// order, validates. `pool.preset=NAME` applies that library's defaults
    /// over everything set so far.
    pub fn from_json_with_overrides(
        text: &str,
        overrides: &[(String, String)],
    ) -> Result<Scenario, ConfigError> {
        if overrides.len() > limits::MAX_OVERRIDES {
            return Err(ConfigError::new(
                "--set",
                format!(
                    "at most {} overrides (got {})",
                    limits::MAX_OVERRIDES,
                    overrides.len()
                ),
            ));
        }
        let mut value = read_text(text)?;
        expand_file_preset(&mut value)?;
        for (key, raw) in overrides {
            if key == "pool.preset" {
                crate::presets::apply(&mut value, raw)?;
            } else {
                set_path(&mut value, key, raw)?;
            }
        }
        Scenario::from_expanded(value)
    }

    /// The scenario as pretty JSON (what the page puts in a shared link).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Total requests the workload will issue, if known in advance.
    pub fn planned_requests(&self) -> u64 {
        let c = &self.clients;
        match c.kind {
            ClientKind::Gather => c.count as u64 * c.requests_per_client as u64,
            ClientKind::Workers => c.jobs,
            ClientKind::Open if c.requests > 0 => c.requests,
            ClientKind::Open => (c.rate_per_s * c.duration_s).ceil() as u64,
        }
    }
}

/// A scenario file's text as JSON: bounded in size, read strictly (`json.rs`).
fn read_text(text: &str) -> Result<serde_json::Value, ConfigError> {
    if text.len() > limits::MAX_FILE_BYTES {
        return Err(ConfigError::new(
            "scenario",
            format!(
                "the file is too large: at most {} bytes (got {})",
                limits::MAX_FILE_BYTES,
                text.len()
            ),
        ));
    }
    json::parse_file(text)
}

/// If the file names a `pool.preset`, loads it and lays the file's own fields over it.
fn expand_file_preset(value: &mut serde_json::Value) -> Result<(), ConfigError> {
    let Some(name) = value
        .pointer("/pool/preset")
        .and_then(|v| v.as_str())
        .map(str::to_string)
    else {
        return Ok(());
    };
    if name.is_empty() {
        return Ok(());
    }
    let explicit = value.clone();
    crate::presets::apply(value, &name)?;
    merge(value, &explicit);
    Ok(())
}

/// Deep merge: objects merge key by key; anything else in `top` replaces `base`.
fn merge(base: &mut serde_json::Value, top: &serde_json::Value) {
    match (base, top) {
        (serde_json::Value::Object(b), serde_json::Value::Object(t)) => {
            for (k, v) in t {
                merge(b.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, t) => *b = t.clone(),
    }
}
