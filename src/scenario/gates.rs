//! Scenario sections for the gates a request passes on its way, in order:
//! client → `limiter` → `adaptive` → `semaphore` → pool → server; plus
//! `retry` and `timeouts`, which wrap the whole attempt. Every section is
//! optional and off by default.

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
pub struct Limiter {
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

impl Default for Limiter {
    fn default() -> Self {
        Limiter {
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
pub struct Semaphore {
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

impl Default for Semaphore {
    fn default() -> Self {
        Semaphore {
            kind: SemaphoreKind::None,
            permits: 50,
            scope: SemaphoreScope::Request,
            weights: vec![1],
            max_waiters: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AdaptiveKind {
    None,
    /// Additive increase, multiplicative decrease on drops / slow responses.
    Aimd,
    /// Netflix concurrency-limits VegasLimit.
    Vegas,
    /// Netflix concurrency-limits Gradient2Limit.
    Gradient2,
    /// Weighted score of QPS, latency and error rate: limit = base × (1.5 − score/2000), clamped.
    EwmaScore,
    /// The guide's formula in raw units: score = qps·0.5 + latency_ms·0.3 + error_rate·0.2.
    GuideScore,
}

/// An adaptive concurrency limit: a semaphore whose size follows the measurements.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Adaptive {
    pub kind: AdaptiveKind,
    pub initial_limit: u32,
    pub min_limit: u32,
    pub max_limit: u32,
    /// AIMD: responses slower than this count as drops, in milliseconds (0 = only errors).
    pub timeout_ms: f64,
    /// AIMD: multiplicative decrease factor.
    pub backoff_ratio: f64,
    /// EWMA score: the base limit the score scales.
    pub base_limit: u32,
    /// EWMA score: smoothing factor of the moving averages, in (0, 1].
    pub ewma_alpha: f64,
    /// EWMA score: latency (ms), error rate and QPS at which each part of the score saturates.
    pub latency_target_ms: f64,
    pub qps_target: f64,
}

impl Default for Adaptive {
    fn default() -> Self {
        Adaptive {
            kind: AdaptiveKind::None,
            initial_limit: 20,
            min_limit: 1,
            max_limit: 1000,
            timeout_ms: 0.0,
            backoff_ratio: 0.9,
            base_limit: 100,
            ewma_alpha: 0.1,
            latency_target_ms: 100.0,
            qps_target: 1000.0,
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Backoff {
    None,
    Constant,
    /// base · 2^(retry − 1), capped at `cap_ms`.
    Exponential,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Jitter {
    None,
    /// U(0, backoff).
    Full,
    /// backoff/2 + U(0, backoff/2).
    Equal,
    /// min(cap, U(base, 3 · previous delay)).
    Decorrelated,
    /// backoff · U(0.8, 1.2): ±20% (grpc-go ≥ 1.69 retries, gRPC connection backoff).
    Grpc,
}

/// Outcomes a retry policy may retry.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RetryOn {
    Timeout,
    #[serde(rename = "5xx")]
    ServerError,
    #[serde(rename = "429")]
    Throttled,
    ConnectError,
    /// Optimistic-concurrency conflicts (the contended-resource server mode).
    Conflict,
}

/// A token-bucket retry budget, like botocore's retry quota (quota.py:
/// capacity 500, retry cost 5, timeout retry cost 10, +1 per success).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RetryBudget {
    pub enabled: bool,
    pub capacity: u32,
    pub retry_cost: u32,
    pub timeout_retry_cost: u32,
    /// Tokens added by a success on the first attempt.
    pub success_increment: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            enabled: false,
            capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
            success_increment: 1,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    /// Attempts in total, first included (1 = no retries).
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub base_ms: f64,
    pub cap_ms: f64,
    pub jitter: Jitter,
    pub budget: RetryBudget,
    /// Wait at least the server's Retry-After before retrying a 429/503.
    pub honor_retry_after: bool,
    pub on: Vec<RetryOn>,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            max_attempts: 1,
            backoff: Backoff::Exponential,
            base_ms: 100.0,
            cap_ms: 20_000.0,
            jitter: Jitter::Full,
            budget: RetryBudget::default(),
            honor_retry_after: true,
            on: vec![
                RetryOn::Timeout,
                RetryOn::ServerError,
                RetryOn::Throttled,
                RetryOn::ConnectError,
                RetryOn::Conflict,
            ],
        }
    }
}

/// Client timeouts, in milliseconds; 0 = none. A timed-out attempt is
/// abandoned by the client, but the server still finishes its work.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Timeouts {
    /// Waiting for a pool slot (httpx `pool`, 5 s; HikariCP `connectionTimeout`, 30 s).
    pub pool_acquire_ms: f64,
    /// Opening a connection.
    pub connect_ms: f64,
    /// One attempt, from sending to the response (aiohttp `sock_read`-like).
    pub attempt_ms: f64,
    /// The whole request, retries included (aiohttp `total`, 300 s).
    pub total_ms: f64,
}
