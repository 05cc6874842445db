//! The `retry` and `timeouts` sections: the retry policy (backoff, jitter,
//! the retry quota) and the client's timeouts. Checked by `retry::validate`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Backoff {
    None,
    Constant,
    /// base · 2^(first_exponent + retry − 1), capped at `cap_ms`.
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
pub struct Config {
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
    /// Exponential backoff: the exponent of the first retry's delay
    /// base · 2^first_exponent (0 = the base itself; the AWS post's simulator
    /// uses 1: its first backoff is base · 2¹).
    pub first_exponent: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
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
            first_exponent: 0,
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
