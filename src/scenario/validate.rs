//! Range checks for every scenario field. Each failure names the field and the
//! allowed range; nothing is clamped silently.

use super::check::{float_in, int_in, num, positive};
use super::{
    ClientKind, ConfigError, HostChoice, LatencyDist, Scenario, SemaphoreKind, SemaphoreScope,
    Window,
};

/// Largest planned request count: a run this long is still bounded by `run.max_events`.
pub const MAX_REQUESTS: u64 = 1_000_000_000;
/// ln(p99/mean) must stay below z²/2 for a lognormal to have that p99 (z = 2.3263).
pub const Z99: f64 = 2.326_347_874_040_841;

impl Scenario {
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.validate_clients()?;
        crate::limiter::validate(&self.limiter, "limiter")?;
        crate::adaptive::validate(&self.adaptive)?;
        self.validate_semaphore()?;
        self.validate_pool()?;
        self.validate_server()?;
        self.cache.validate()?;
        self.validate_faults()?;
        crate::limiter::validate(&self.server.rate_limit, "server.rate_limit")?;
        crate::retry::validate(&self.retry, &self.timeouts)?;
        self.validate_run()
    }

    fn validate_clients(&self) -> Result<(), ConfigError> {
        let c = &self.clients;
        int_in("clients.hosts", c.hosts as u64, 1, 1_000)?;
        float_in("clients.cpu_us_per_request", c.cpu_us_per_request, 0.0, 1e6)?;
        float_in("clients.cpu_us_task_start", c.cpu_us_task_start, 0.0, 1e6)?;
        float_in("clients.cpu_us_connect", c.cpu_us_connect, 0.0, 1e6)?;
        float_in("clients.cpu_us_send", c.cpu_us_send, 0.0, 1e6)?;
        float_in("clients.cpu_us_read", c.cpu_us_read, 0.0, 1e6)?;
        float_in("clients.cpu_us_pool_scan", c.cpu_us_pool_scan, 0.0, 1e4)?;
        float_in("clients.think_ms", c.think_ms, 0.0, 3.6e6)?;
        match c.kind {
            ClientKind::Gather => {
                int_in("clients.count", c.count as u64, 1, 100_000)?;
                int_in(
                    "clients.requests_per_client",
                    c.requests_per_client as u64,
                    1,
                    1_000_000,
                )?;
            }
            ClientKind::Workers => {
                int_in("clients.count", c.count as u64, 1, 100_000)?;
                int_in("clients.jobs", c.jobs, 1, MAX_REQUESTS)?;
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
        let c = &self.clients;
        positive("clients.rate_per_s", c.rate_per_s, 1e7)?;
        int_in("clients.requests", c.requests, 0, MAX_REQUESTS)?;
        float_in("clients.duration_s", c.duration_s, 0.0, 1e6)?;
        if c.requests == 0 && c.duration_s <= 0.0 {
            return Err(ConfigError::new(
                "clients.requests",
                "an open-loop client needs requests ≥ 1 or duration_s > 0",
            ));
        }
        Ok(())
    }

    fn validate_weights(&self) -> Result<(), ConfigError> {
        let c = &self.clients;
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

    fn validate_pool(&self) -> Result<(), ConfigError> {
        let p = &self.pool;
        int_in("pool.limit", p.limit as u64, 0, 100_000)?;
        int_in("pool.limit_per_host", p.limit_per_host as u64, 0, 100_000)?;
        float_in(
            "pool.keepalive_timeout_s",
            p.keepalive_timeout_s,
            0.0,
            86_400.0,
        )?;
        float_in("pool.connect_ms", p.connect_ms, 0.0, 60_000.0)?;
        int_in(
            "pool.max_idle_per_host",
            p.max_idle_per_host as u64,
            0,
            100_000,
        )?;
        int_in("pool.max_idle", p.max_idle as u64, 0, 100_000)?;
        float_in("pool.max_lifetime_s", p.max_lifetime_s, 0.0, 86_400.0)?;
        float_in("pool.time_wait_s", p.time_wait_s, 0.0, 3_600.0)?;
        float_in("pool.leak_probability", p.leak_probability, 0.0, 1.0)
    }

    fn validate_semaphore(&self) -> Result<(), ConfigError> {
        let s = &self.semaphore;
        if s.kind == SemaphoreKind::None {
            return Ok(());
        }
        int_in("semaphore.permits", s.permits as u64, 1, 1_000_000)?;
        int_in(
            "semaphore.max_waiters",
            s.max_waiters as u64,
            0,
            100_000_000,
        )?;
        if s.weights.len() > 1_000 {
            return Err(ConfigError::new(
                "semaphore.weights",
                "at most 1000 weights",
            ));
        }
        for (i, w) in s.weights.iter().enumerate() {
            // Go's Weighted blocks forever on a weight above its size: refuse it up front.
            int_in(
                &format!("semaphore.weights[{i}]"),
                *w as u64,
                1,
                s.permits as u64,
            )?;
        }
        if s.scope == SemaphoreScope::Batch && self.clients.kind == ClientKind::Open {
            return Err(ConfigError::new(
                "semaphore.scope",
                "batch needs a closed-loop client (gather or workers)",
            ));
        }
        Ok(())
    }

    fn validate_faults(&self) -> Result<(), ConfigError> {
        let s = &self.server;
        float_in("server.error_probability", s.error_probability, 0.0, 1.0)?;
        int_in(
            "server.knee_concurrency",
            s.knee_concurrency as u64,
            0,
            1_000_000,
        )?;
        float_in("server.knee_slope", s.knee_slope, 0.0, 100.0)?;
        float_in("server.cpu_us_per_request", s.cpu_us_per_request, 0.0, 1e6)?;
        float_in("server.retry_after_s", s.retry_after_s, 0.0, 86_400.0)?;
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
        let s = &self.server;
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

    fn validate_server(&self) -> Result<(), ConfigError> {
        let s = &self.server;
        int_in("server.workers", s.workers as u64, 0, 1_000_000)?;
        int_in("server.queue_limit", s.queue_limit as u64, 0, 10_000_000)?;
        positive("server.latency_ms", s.latency_ms, 3.6e6)?;
        match s.latency_dist {
            LatencyDist::Uniform => {
                let spread = s.latency_spread_ms.unwrap_or(s.latency_ms);
                float_in("server.latency_spread_ms", spread, 0.0, s.latency_ms)?;
            }
            LatencyDist::Lognormal => self.validate_lognormal()?,
            LatencyDist::Bimodal => {
                float_in("server.slow_probability", s.slow_probability, 0.0, 1.0)?;
                float_in("server.slow_factor", s.slow_factor, 1.0, 10_000.0)?;
            }
            LatencyDist::Constant | LatencyDist::Exponential => {}
        }
        Ok(())
    }

    fn validate_lognormal(&self) -> Result<(), ConfigError> {
        let s = &self.server;
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
            float_in("server.latency_sigma", sigma, 0.0, 4.0)?;
        }
        Ok(())
    }

    fn validate_run(&self) -> Result<(), ConfigError> {
        let r = &self.run;
        int_in("run.max_events", r.max_events, 1, 2_000_000_000)?;
        positive("run.horizon_s", r.horizon_s, 1e7)?;
        int_in("run.max_in_flight", r.max_in_flight as u64, 1, 10_000_000)
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
