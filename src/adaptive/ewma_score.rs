//! Weighted-score controller: exponentially weighted moving averages of
//! latency, error rate and throughput are folded into one load score, and the
//! limit scales a base limit down as the score rises. There is no single
//! library this copies (library-defaults.md §2 has none); the formula is ours
//! and fixed here:
//!
//! Per sample, with `α = ewma_alpha` (the first sample seeds each average):
//! - `latency_ewma ← α·rtt + (1 − α)·latency_ewma`
//! - `error_ewma ← α·[dropped] + (1 − α)·error_ewma`
//! - `gap_ewma ← α·(now − previous sample) + (1 − α)·gap_ewma` (from the
//!   second sample on); QPS is `1 s / gap_ewma`.
//!
//! Each part saturates at 1:
//! - `lat = min(latency_ewma / latency_target, 1)`
//! - `err = min(error_ewma / 0.1, 1)` (an error rate of 10 % counts fully)
//! - `qps = min(QPS / qps_target, 1)` (0 before the second sample)
//!
//! `score = 1000·lat + 600·err + 400·qps ∈ [0, 2000]` (weights 0.5, 0.3, 0.2
//! of the full 2000), and `limit = ⌊base_limit · (1.5 − score/2000)⌋`, clamped
//! to `[min_limit, max_limit]`. So an idle, healthy system gets 1.5 × base;
//! latency at its target alone gives exactly `base`; everything saturated
//! gives 0.5 × base. Before the first sample the limit is `initial_limit`.
//!
//! Invariant: `min_limit ≤ limit ≤ max_limit`; `score ∈ [0, 2000]`.

use super::Config;
use super::{AdaptiveLimit, Bounds};
use crate::limiter::Monotonic;
use crate::time::{ms_to_ns, SimTime, NS_PER_S};

/// Score points for each part at saturation (they sum to 2000).
const LATENCY_POINTS: f64 = 1000.0;
const ERROR_POINTS: f64 = 600.0;
const QPS_POINTS: f64 = 400.0;
/// The error rate at which the error part saturates.
const ERROR_RATE_SATURATION: f64 = 0.1;

#[derive(Clone, Debug)]
pub struct EwmaScore {
    limit: u32,
    bounds: Bounds,
    base_limit: f64,
    alpha: f64,
    latency_target_ns: f64,
    qps_target: f64,
    latency_ewma_ns: Option<f64>,
    error_ewma: Option<f64>,
    gap_ewma_ns: Option<f64>,
    last_sample_ns: Option<SimTime>,
    clock: Monotonic,
}

/// One EWMA step; the first value seeds the average.
fn ewma(prev: Option<f64>, sample: f64, alpha: f64) -> f64 {
    match prev {
        Some(p) => alpha * sample + (1.0 - alpha) * p,
        None => sample,
    }
}

/// `x / target`, at most 1 (1 when the target is not positive).
fn saturating_ratio(x: f64, target: f64) -> f64 {
    if target > 0.0 {
        (x / target).min(1.0)
    } else {
        1.0
    }
}

impl EwmaScore {
    pub fn new(cfg: &Config, bounds: Bounds) -> Self {
        EwmaScore {
            limit: bounds.clamp(cfg.initial_limit),
            bounds,
            base_limit: cfg.base_limit as f64,
            alpha: cfg.ewma_alpha.clamp(f64::MIN_POSITIVE, 1.0),
            latency_target_ns: ms_to_ns(cfg.latency_target_ms) as f64,
            qps_target: cfg.qps_target,
            latency_ewma_ns: None,
            error_ewma: None,
            gap_ewma_ns: None,
            last_sample_ns: None,
            clock: Monotonic::default(),
        }
    }

    /// Smoothed completions per second; `None` before the second sample.
    pub fn qps(&self) -> Option<f64> {
        let gap_ns = self.gap_ewma_ns?;
        Some(if gap_ns > 0.0 {
            NS_PER_S as f64 / gap_ns
        } else {
            f64::INFINITY
        })
    }

    /// The latency moving average in milliseconds (0 before the first sample).
    pub fn latency_ewma_ms(&self) -> f64 {
        self.latency_ewma_ns.unwrap_or(0.0) / 1e6
    }

    /// The error-rate moving average, a fraction (0 before the first sample).
    pub fn error_ewma(&self) -> f64 {
        self.error_ewma.unwrap_or(0.0)
    }

    /// The load score in [0, 2000].
    pub fn score(&self) -> f64 {
        let lat = saturating_ratio(self.latency_ewma_ns.unwrap_or(0.0), self.latency_target_ns);
        let err = saturating_ratio(self.error_ewma.unwrap_or(0.0), ERROR_RATE_SATURATION);
        let qps = self
            .qps()
            .map_or(0.0, |q| saturating_ratio(q, self.qps_target));
        LATENCY_POINTS * lat + ERROR_POINTS * err + QPS_POINTS * qps
    }

    /// `⌊base · (1.5 − score/2000)⌋`, written as `base·(3000 − score)/2000` so round inputs stay exact.
    fn limit_for(&self, score: f64) -> u32 {
        let raw = (self.base_limit * (3000.0 - score) / 2000.0).floor();
        self.bounds.clamp_f64(raw) as u32
    }
}

impl AdaptiveLimit for EwmaScore {
    fn limit(&self) -> u32 {
        self.limit
    }

    fn on_sample(&mut self, now: SimTime, rtt_ns: u64, _inflight: u32, dropped: bool) {
        self.clock.observe(now);
        let a = self.alpha;
        self.latency_ewma_ns = Some(ewma(self.latency_ewma_ns, rtt_ns as f64, a));
        self.error_ewma = Some(ewma(self.error_ewma, if dropped { 1.0 } else { 0.0 }, a));
        if let Some(last) = self.last_sample_ns {
            let gap_ns = now.saturating_sub(last) as f64;
            self.gap_ewma_ns = Some(ewma(self.gap_ewma_ns, gap_ns, a));
        }
        self.last_sample_ns = Some(now);
        self.limit = self.limit_for(self.score());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adaptive::AdaptiveKind;
    use crate::time::NS_PER_MS;

    const MS: u64 = NS_PER_MS;

    /// base 100, latency target 100 ms, QPS target 4, bounds [10, 1000].
    fn score_limiter(alpha: f64) -> EwmaScore {
        let cfg = Config {
            kind: AdaptiveKind::EwmaScore,
            initial_limit: 20,
            min_limit: 10,
            max_limit: 1000,
            base_limit: 100,
            ewma_alpha: alpha,
            latency_target_ms: 100.0,
            qps_target: 4.0,
            ..Config::default()
        };
        EwmaScore::new(&cfg, Bounds::new(10, 1000))
    }

    #[test]
    fn data_driven_score_and_limit_with_alpha_one() {
        // α = 1: each average is the last sample. (now ms, rtt ms, dropped, score, limit)
        let steps: &[(u64, u64, bool, f64, u32)] = &[
            (0, 50, false, 500.0, 125),       // lat 0.5; no QPS yet
            (1_000, 100, false, 1_100.0, 95), // lat 1 (1000) + QPS 1/4 (100)
            (1_250, 0, false, 400.0, 130),    // QPS 4/4 (400): 100·2600/2000
            (1_500, 0, true, 1_000.0, 100),   // error 1 → saturated (600) + QPS 400
            (2_500, 500, true, 1_700.0, 65),  // lat saturates at 1: 1000 + 600 + 100
        ];
        let mut e = score_limiter(1.0);
        assert_eq!(e.limit(), 20, "initial_limit before any sample");
        for (i, &(now_ms, rtt_ms, dropped, want_score, want_limit)) in steps.iter().enumerate() {
            e.on_sample(now_ms * MS, rtt_ms * MS, 0, dropped);
            assert_eq!(e.score(), want_score, "step {i}");
            assert_eq!(e.limit(), want_limit, "step {i}");
        }
    }

    #[test]
    fn averages_follow_alpha() {
        let mut e = score_limiter(0.5);
        e.on_sample(0, 40 * MS, 0, false);
        e.on_sample(MS * 1_000, 80 * MS, 0, true);
        // latency (40 + 80)/2 = 60 ms → 600; error 0.5 → saturated → 600; QPS 1 → 100.
        assert_eq!(e.latency_ewma_ns, Some(60.0 * MS as f64));
        assert_eq!(e.error_ewma, Some(0.5));
        assert_eq!(e.qps(), Some(1.0));
        assert_eq!(e.score(), 1_300.0);
        assert_eq!(e.limit(), 85); // 100·1700/2000
        e.on_sample(MS * 1_500, 80 * MS, 0, false);
        // gap (1000 + 500)/2 = 750 ms → QPS 4/3; error 0.25 → saturated; latency 70 ms.
        assert_eq!(e.gap_ewma_ns, Some(750.0 * MS as f64));
        assert_eq!(e.error_ewma, Some(0.25));
    }

    #[test]
    fn partial_error_rate_and_rounding_down() {
        // α = 0.05: one drop after a success gives an error EWMA of 0.05, half
        // of saturation: 300 points. Latency 12.5 ms is 1/8 of the target: 125.
        let mut e = score_limiter(0.05);
        e.on_sample(0, 12_500_000, 0, false);
        assert_eq!((e.score(), e.limit()), (125.0, 143)); // 100·2875/2000 = 143.75 → 143
        e.on_sample(0, 12_500_000, 0, true);
        assert_eq!(e.error_ewma, Some(0.05));
        // Zero gap: QPS saturates (400). 125 + 300 + 400 = 825 → 100·2175/2000 = 108.75.
        assert_eq!((e.score(), e.limit()), (825.0, 108));
    }

    #[test]
    fn score_extremes_give_one_and_a_half_and_one_half_base() {
        let mut idle = score_limiter(1.0);
        idle.on_sample(0, 0, 0, false);
        assert_eq!((idle.score(), idle.limit()), (0.0, 150));
        let mut saturated = score_limiter(1.0);
        saturated.on_sample(0, 1_000 * MS, 0, true);
        saturated.on_sample(0, 1_000 * MS, 0, true); // zero gap: infinite QPS
        assert_eq!((saturated.score(), saturated.limit()), (2_000.0, 50));
    }

    #[test]
    fn limit_is_clamped_to_bounds() {
        let cfg = Config {
            kind: AdaptiveKind::EwmaScore,
            initial_limit: 90,
            min_limit: 60,
            max_limit: 120,
            base_limit: 100,
            ewma_alpha: 1.0,
            latency_target_ms: 100.0,
            ..Config::default()
        };
        let mut e = EwmaScore::new(&cfg, Bounds::new(60, 120));
        e.on_sample(0, 0, 0, false); // raw 150 → 120
        assert_eq!(e.limit(), 120);
        e.on_sample(1, 1_000 * MS, 0, true); // score 2000: raw 50 → 60
        assert_eq!(e.limit(), 60);
    }

    #[test]
    fn rising_latency_lowers_the_limit() {
        let mut e = score_limiter(0.2);
        let mut now = 0;
        let mut feed = |e: &mut EwmaScore, rtt_ms: u64, n: u64| {
            for _ in 0..n {
                now += 500 * MS; // 2 QPS throughout
                e.on_sample(now, rtt_ms * MS, 0, false);
            }
            e.limit()
        };
        let fast = feed(&mut e, 20, 30);
        let slow = feed(&mut e, 90, 30);
        let fast_again = feed(&mut e, 20, 30);
        assert!(
            slow < fast && fast_again > slow,
            "{fast} {slow} {fast_again}"
        );
    }
}
