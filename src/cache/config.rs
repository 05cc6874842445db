//! The `cache` section: a cache in front of the server's backend (see
//! `cache.rs` for the behaviour). Off by default.

use crate::schema::check::float_in;
use crate::schema::fields::check;
use crate::schema::ConfigError;
use serde::{Deserialize, Serialize};

/// Most distinct keys (one entry each: the cache's memory is bounded by this).
pub const MAX_KEYS: u32 = 1_000_000;
/// Longest TTL or jitter, in seconds (one week).
pub const MAX_TTL_S: f64 = 604_800.0;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub enabled: bool,
    /// Distinct keys; each request asks for one, uniformly at random.
    pub keys: u32,
    /// Service time of a hit, in milliseconds (a miss takes the server's latency).
    pub hit_ms: f64,
    /// Base time to live of an entry, in seconds.
    pub ttl_s: f64,
    /// Each load adds a uniform jitter in [min, max] seconds to the TTL.
    pub ttl_jitter_min_s: f64,
    pub ttl_jitter_max_s: f64,
    /// Single flight: a request for a key being loaded waits for that load.
    pub stampede_protection: bool,
    /// Start with every key loaded at time 0 (each with its own jittered TTL).
    pub warm: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            enabled: false,
            keys: 1_000,
            hit_ms: 1.0,
            ttl_s: 1_800.0,
            ttl_jitter_min_s: 0.0,
            ttl_jitter_max_s: 0.0,
            stampede_protection: false,
            warm: true,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !self.enabled {
            return Ok(());
        }
        check("cache.keys", self.keys)?;
        float_in("cache.hit_ms", self.hit_ms, 0.0, 3_600_000.0)?;
        float_in("cache.ttl_s", self.ttl_s, 0.0, MAX_TTL_S)?;
        float_in(
            "cache.ttl_jitter_min_s",
            self.ttl_jitter_min_s,
            0.0,
            MAX_TTL_S,
        )?;
        float_in(
            "cache.ttl_jitter_max_s",
            self.ttl_jitter_max_s,
            self.ttl_jitter_min_s,
            MAX_TTL_S,
        )
    }
}
