//! The `server` section: the virtual server behind each host (workers,
//! queue, service-time distribution, faults, server-side rate limit).

use serde::{Deserialize, Serialize};

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
pub struct Config {
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
    pub rate_limit: crate::limiter::Config,
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

impl Default for Config {
    fn default() -> Self {
        Config {
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
            rate_limit: crate::limiter::Config::default(),
            rate_limit_status: 429,
            retry_after_s: 0.0,
            contended: false,
            cpu_us_per_request: 0.0,
        }
    }
}
