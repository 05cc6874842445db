//! The `server` section: the virtual server behind each host (workers,
//! queue, service-time distribution, faults, server-side rate limit).

use crate::schema::check::{float_in, num};
use crate::schema::fields::check;
use crate::schema::ConfigError;
use serde::{Deserialize, Serialize};

/// ln(p99/mean) must stay below z²/2 for a lognormal to have that p99 (z = 2.3263).
pub const Z99: f64 = 2.326_347_874_040_841;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LatencyDist {
    Constant,
    Uniform,
    Exponential,
    Lognormal,
    Bimodal,
    /// |N(latency_ms, latency_spread_ms)|: a normal folded at 0.
    AbsNormal,
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
    /// AbsNormal: the standard deviation before folding, in milliseconds (default: the mean).
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
    /// Windows during which service times are multiplied by `factor`: the
    /// service time of an attempt that reaches the server in the window
    /// (kept if it starts later; see ARCHITECTURE "Fidelity").
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
    /// One-way network time of each message hop between client and server,
    /// in milliseconds: each hop takes |N(network_ms, network_spread_ms)|
    /// (`sim/network.rs`). 0 and 0 = no network time (the default).
    pub network_ms: f64,
    /// Standard deviation of a hop before folding at 0, in milliseconds.
    pub network_spread_ms: f64,
    /// Hops inside the server's read-to-write window (the read's reply and
    /// the write's request), added to each attempt's service time; with
    /// `contended`, the window in which another commit makes a write conflict.
    pub read_write_hops: u32,
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
            network_ms: 0.0,
            network_spread_ms: 0.0,
            read_write_hops: 0,
        }
    }
}

impl Config {
    /// Checks the service time, the faults and the server-side limits
    /// (the rate limiter itself: `limiter::validate`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.validate_service()?;
        self.validate_faults()
    }

    fn validate_service(&self) -> Result<(), ConfigError> {
        let s = self;
        check("server.workers", s.workers)?;
        check("server.queue_limit", s.queue_limit)?;
        check("server.latency_ms", s.latency_ms)?;
        check("server.network_ms", s.network_ms)?;
        check("server.network_spread_ms", s.network_spread_ms)?;
        check("server.read_write_hops", s.read_write_hops)?;
        match s.latency_dist {
            LatencyDist::Uniform | LatencyDist::AbsNormal => {
                let spread = s.latency_spread_ms.unwrap_or(s.latency_ms);
                float_in("server.latency_spread_ms", spread, 0.0, s.latency_ms)?;
            }
            LatencyDist::Lognormal => self.validate_lognormal()?,
            LatencyDist::Bimodal => {
                check("server.slow_probability", s.slow_probability)?;
                check("server.slow_factor", s.slow_factor)?;
            }
            LatencyDist::Constant | LatencyDist::Exponential => {}
        }
        Ok(())
    }
    fn validate_lognormal(&self) -> Result<(), ConfigError> {
        let s = self;
        if let Some(p99) = s.latency_p99_ms {
            let hi = s.latency_ms * libm::exp(Z99 * Z99 / 2.0);
            if !p99.is_finite() || p99 <= s.latency_ms || p99 > hi {
                return Err(ConfigError::new(
                    "server.latency_p99_ms",
                    format!(
                        "must be above the mean {} ms and at most {:.1} ms for a lognormal (got {})",
                        num(s.latency_ms),
                        hi,
                        num(p99)
                    ),
                ));
            }
        }
        if let Some(sigma) = s.latency_sigma {
            check("server.latency_sigma", sigma)?;
        }
        Ok(())
    }
    fn validate_faults(&self) -> Result<(), ConfigError> {
        let s = self;
        check("server.error_probability", s.error_probability)?;
        check("server.knee_concurrency", s.knee_concurrency)?;
        check("server.knee_slope", s.knee_slope)?;
        check("server.cpu_us_per_request", s.cpu_us_per_request)?;
        check("server.retry_after_s", s.retry_after_s)?;
        if s.rate_limit_status != 429 && s.rate_limit_status != 503 {
            return Err(ConfigError::new(
                "server.rate_limit_status",
                format!("must be 429 or 503 (got {})", s.rate_limit_status),
            ));
        }
        windows("server.outages", &s.outages, false)?;
        windows("server.latency_spikes", &s.latency_spikes, true)?;
        windows("server.capacity_dips", &s.capacity_dips, false)?;
        self.validate_dips()
    }
    /// A dip lowers capacity: to between 1 and the server's workers.
    fn validate_dips(&self) -> Result<(), ConfigError> {
        let s = self;
        if !s.capacity_dips.is_empty() && s.workers == 0 {
            return Err(ConfigError::new(
                "server.capacity_dips",
                "needs server.workers ≥ 1 (a dip lowers the worker count)",
            ));
        }
        for (i, w) in s.capacity_dips.iter().enumerate() {
            if w.workers < 1 || w.workers > s.workers {
                return Err(ConfigError::new(
                    format!("server.capacity_dips[{i}].workers"),
                    format!(
                        "must be between 1 and {}, the server's workers: a dip lowers capacity (got {})",
                        s.workers, w.workers
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Checks fault windows: 0 ≤ start ≤ end ≤ 10^6 s; spikes need factor ≥ 1.
fn windows(field: &str, ws: &[Window], factor: bool) -> Result<(), ConfigError> {
    if ws.len() > 100 {
        return Err(ConfigError::new(
            field,
            format!("at most 100 windows (got {})", ws.len()),
        ));
    }
    for (i, w) in ws.iter().enumerate() {
        let f = format!("{field}[{i}]");
        float_in(&format!("{f}.start_s"), w.start_s, 0.0, 1e6)?;
        float_in(&format!("{f}.end_s"), w.end_s, w.start_s, 1e6)?;
        if factor {
            float_in(&format!("{f}.factor"), w.factor, 1.0, 1_000.0)?;
        }
    }
    Ok(())
}
