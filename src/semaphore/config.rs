//! The `semaphore` section: an asyncio / Go semaphore in front of the
//! pool. Off by default.

use crate::schema::check::int_in;
use crate::schema::fields::check;
use crate::schema::ConfigError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SemaphoreKind {
    None,
    /// asyncio.Semaphore (Python ≥ 3.11): FIFO hand-off, no barging.
    Fifo,
    /// Go `x/sync/semaphore.Weighted`: FIFO with head-of-line blocking.
    Weighted,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SemaphoreScope {
    /// `async with sem:` around each request (permit held for one request, retries included).
    Request,
    /// Around a task's whole batch of `requests_per_client` requests.
    Batch,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub kind: SemaphoreKind,
    pub permits: u32,
    pub scope: SemaphoreScope,
    /// Weighted: permits per request; one value, or one per request cycling (`[1, 5]`).
    pub weights: Vec<u32>,
    /// Requests that may wait for a permit; one more is rejected at once
    /// (`asyncio.Queue(maxsize)`'s `put_nowait` raising `QueueFull`). 0 = unlimited.
    /// With `permits` as consumers this is a bounded queue drained by N consumers.
    pub max_waiters: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kind: SemaphoreKind::None,
            permits: 50,
            scope: SemaphoreScope::Request,
            weights: vec![1],
            max_waiters: 0,
        }
    }
}

impl Config {
    /// Checks the permits, waiters and weights (off: nothing to check).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let s = self;
        if s.kind == SemaphoreKind::None {
            return Ok(());
        }
        check("semaphore.permits", s.permits)?;
        check("semaphore.max_waiters", s.max_waiters)?;
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
        Ok(())
    }
}
