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

pub mod json;
mod plain;
pub mod presets;
mod set;
mod shape;
mod validate;
mod whole;

pub use crate::adaptive::{AdaptiveKind, Config as Adaptive};
pub use crate::client::{Arrivals, ClientKind, Config as Clients, HostChoice};
pub use crate::limiter::{Config as Limiter, LimiterKind, LimiterMode};
pub use crate::pool::{Config as Pool, LimitCounts, OnFull, Order};
pub use crate::retry::{Backoff, Config as Retry, Jitter, RetryBudget, RetryOn, Timeouts};
pub use crate::schema::{check, limits, ConfigError};
pub use crate::semaphore::{Config as Semaphore, SemaphoreKind, SemaphoreScope};
pub use crate::server::{Config as Server, LatencyDist, Window};
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
    pub clients: crate::client::Config,
    #[serde(default)]
    pub limiter: crate::limiter::Config,
    #[serde(default)]
    pub adaptive: crate::adaptive::Config,
    #[serde(default)]
    pub semaphore: crate::semaphore::Config,
    #[serde(default)]
    pub pool: crate::pool::Config,
    #[serde(default)]
    pub server: crate::server::Config,
    #[serde(default)]
    pub cache: crate::cache::Config,
    #[serde(default)]
    pub retry: crate::retry::Config,
    #[serde(default)]
    pub timeouts: crate::retry::Timeouts,
    #[serde(default)]
    pub run: RunLimits,
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
                presets::apply(&mut value, raw)?;
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
        self.clients.planned_requests()
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
    presets::apply(value, &name)?;
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
