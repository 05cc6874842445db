//! The `adaptive` section: an adaptive concurrency limit and its
//! parameters. Off by default. Checked by `adaptive::validate`.

use serde::{Deserialize, Serialize};

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
pub struct Config {
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

impl Default for Config {
    fn default() -> Self {
        Config {
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
