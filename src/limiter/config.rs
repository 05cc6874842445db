//! The `limiter` section (and `server.rate_limit`): which rate limiter,
//! its rate, burst or window. Off by default. Checked by `limiter::validate`.

use serde::{Deserialize, Serialize};

/// Rate-limiter algorithms (client side in `limiter`, server side in `server.rate_limit`).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LimiterKind {
    None,
    /// Counter reset at each window boundary (admits up to 2× `limit` across a boundary).
    FixedWindow,
    /// Log of admission times over the last `window_ms`.
    SlidingLog,
    /// Previous and current window counters, weighted by overlap.
    SlidingWindow,
    /// nginx `limit_req`: `rate_per_s`, `burst`, `nodelay` / `delay`.
    LeakyBucket,
    /// Go `x/time/rate`: `rate_per_s`, `burst`; starts full.
    TokenBucket,
    /// Generic cell rate algorithm: `rate_per_s`, `burst`.
    Gcra,
}

/// What a client-side limiter does with a request it cannot admit now.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LimiterMode {
    /// Wait until admitted (Go `Limiter.Wait`), FIFO.
    Wait,
    /// Fail at once (Go `Limiter.Allow` returning false).
    Reject,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub kind: LimiterKind,
    pub mode: LimiterMode,
    /// Token / leak / emission rate (token_bucket, leaky_bucket, gcra).
    pub rate_per_s: f64,
    /// Bucket size (token_bucket, gcra) or nginx `burst` (leaky_bucket).
    pub burst: u32,
    /// Admissions per window (fixed_window, sliding_log, sliding_window).
    pub limit: u32,
    pub window_ms: f64,
    /// nginx `nodelay`: burst requests pass at once instead of being spaced out.
    pub nodelay: bool,
    /// nginx `delay=N`: the first N excess requests pass at once (0 = all delayed unless nodelay).
    pub delay: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kind: LimiterKind::None,
            mode: LimiterMode::Wait,
            rate_per_s: 100.0,
            burst: 1,
            limit: 100,
            window_ms: 1000.0,
            nodelay: false,
            delay: 0,
        }
    }
}
