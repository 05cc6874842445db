//! Validation of a whole scenario: each part checks its own section
//! (`pool::Config::validate`, `limiter::validate`, …); the rules that join
//! two sections and the run's bounds are here. Each failure names the field
//! and the allowed range; nothing is clamped silently.

use super::{ClientKind, ConfigError, Scenario, SemaphoreKind, SemaphoreScope};
use crate::schema::fields::check;

pub use crate::client::MAX_REQUESTS;
pub use crate::server::Z99;

impl Scenario {
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.clients.validate()?;
        crate::limiter::validate(&self.limiter, "limiter")?;
        crate::adaptive::validate(&self.adaptive)?;
        self.semaphore.validate()?;
        self.validate_batch_scope()?;
        self.pool.validate()?;
        self.server.validate()?;
        self.cache.validate()?;
        crate::limiter::validate(&self.server.rate_limit, "server.rate_limit")?;
        crate::retry::validate(&self.retry, &self.timeouts)?;
        self.validate_run()
    }

    /// A semaphore around a task's batch needs tasks with batches.
    fn validate_batch_scope(&self) -> Result<(), ConfigError> {
        let s = &self.semaphore;
        if s.kind != SemaphoreKind::None
            && s.scope == SemaphoreScope::Batch
            && self.clients.kind == ClientKind::Open
        {
            return Err(ConfigError::new(
                "semaphore.scope",
                "batch needs a closed-loop client (gather or workers)",
            ));
        }
        Ok(())
    }

    fn validate_run(&self) -> Result<(), ConfigError> {
        let r = &self.run;
        check("run.max_events", r.max_events as f64)?;
        check("run.horizon_s", r.horizon_s)?;
        check("run.max_in_flight", r.max_in_flight)
    }
}
