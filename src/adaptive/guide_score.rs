//! The dynamic limit exactly as the guide writes it, in raw units:
//!
//! `score = qps·0.5 + latency_ms·0.3 + error_rate·0.2`
//! `limit = base_limit · (1.5 − score / 2000)` (the guide's base is 1000),
//! floored and clamped to `[min_limit, max_limit]`.
//!
//! The averages are the same EWMAs as `ewma_score.rs` (latency, error rate,
//! completion gap → QPS, smoothing `ewma_alpha`). Only the units differ, and
//! that is the lesson: QPS is in the hundreds or thousands, latency in tens
//! of milliseconds and the error rate below 1, so QPS dominates the score and
//! the limit *falls as throughput rises*: the healthier the system, the harder
//! this formula throttles it. `ewma_score` normalises each part first.
//!
//! Invariant: `min_limit ≤ limit ≤ max_limit`.

use super::Config;
use super::{AdaptiveLimit, Bounds, EwmaScore};
use crate::time::SimTime;

/// The guide's weights for QPS, latency (ms) and error rate (a fraction).
const QPS_WEIGHT: f64 = 0.5;
const LATENCY_MS_WEIGHT: f64 = 0.3;
const ERROR_RATE_WEIGHT: f64 = 0.2;

#[derive(Clone, Debug)]
pub struct GuideScore {
    averages: EwmaScore,
    limit: u32,
    bounds: Bounds,
    base_limit: f64,
}

/// The guide's score of raw QPS, latency in ms and error rate.
pub fn raw_score(qps: f64, latency_ms: f64, error_rate: f64) -> f64 {
    QPS_WEIGHT * qps + LATENCY_MS_WEIGHT * latency_ms + ERROR_RATE_WEIGHT * error_rate
}

/// `⌊base · (1.5 − score/2000)⌋` as `base·(3000 − score)/2000`, clamped to the bounds.
pub fn limit_for(base_limit: f64, score: f64, bounds: Bounds) -> u32 {
    let raw = (base_limit * (3000.0 - score) / 2000.0).floor();
    bounds.clamp_f64(raw) as u32
}

impl GuideScore {
    pub fn new(cfg: &Config, bounds: Bounds) -> Self {
        GuideScore {
            averages: EwmaScore::new(cfg, bounds),
            limit: bounds.clamp(cfg.initial_limit),
            bounds,
            base_limit: cfg.base_limit as f64,
        }
    }

    /// The current score from the moving averages (QPS 0 before the second sample).
    pub fn score(&self) -> f64 {
        let a = &self.averages;
        let qps = a.qps().map_or(0.0, |q| q.min(1e12));
        raw_score(qps, a.latency_ewma_ms(), a.error_ewma())
    }
}

impl AdaptiveLimit for GuideScore {
    fn limit(&self) -> u32 {
        self.limit
    }

    fn on_sample(&mut self, now: SimTime, rtt_ns: u64, inflight: u32, dropped: bool) {
        self.averages.on_sample(now, rtt_ns, inflight, dropped);
        self.limit = limit_for(self.base_limit, self.score(), self.bounds);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adaptive::AdaptiveKind;
    use crate::time::NS_PER_MS;

    fn bounds() -> Bounds {
        Bounds::new(1, 10_000)
    }

    #[test]
    fn the_formula_at_round_inputs() {
        // (qps, latency ms, error rate) → (score, limit with the guide's base 1000)
        let rows: &[(f64, f64, f64, f64, u32)] = &[
            (0.0, 0.0, 0.0, 0.0, 1500),
            (1000.0, 200.0, 0.0, 560.0, 1220),
            (2000.0, 200.0, 0.0, 1060.0, 970),
            (4000.0, 200.0, 0.0, 2060.0, 470),
            (2000.0, 200.0, 1.0, 1060.2, 969),
            (6000.0, 0.0, 0.0, 3000.0, 1), // 0 clamps to min_limit
        ];
        for &(q, l, e, score, limit) in rows {
            assert_eq!(raw_score(q, l, e), score, "{q} {l} {e}");
            assert_eq!(limit_for(1000.0, score, bounds()), limit, "{q} {l} {e}");
        }
    }

    #[test]
    fn qps_dominates_so_the_limit_falls_as_throughput_rises() {
        // Doubling latency from 100 to 200 ms moves the score by 30; doubling
        // QPS from 1000 to 2000 moves it by 500. A 100% error rate adds 0.2.
        let base = raw_score(1000.0, 100.0, 0.0);
        assert_eq!(raw_score(1000.0, 200.0, 0.0) - base, 30.0);
        assert_eq!(raw_score(2000.0, 100.0, 0.0) - base, 500.0);
        assert!((raw_score(1000.0, 100.0, 1.0) - base - 0.2).abs() < 1e-9);
    }

    #[test]
    fn the_controller_uses_the_moving_averages() {
        let cfg = Config {
            kind: AdaptiveKind::GuideScore,
            initial_limit: 500,
            base_limit: 1000,
            ewma_alpha: 1.0,
            max_limit: 10_000,
            ..Config::default()
        };
        let mut g = GuideScore::new(&cfg, bounds());
        assert_eq!(g.limit(), 500);
        g.on_sample(0, 100 * NS_PER_MS, 0, false);
        // latency 100 ms, no QPS yet: score 30 → 1000·2970/2000 = 1485.
        assert_eq!((g.score(), g.limit()), (30.0, 1485));
        g.on_sample(NS_PER_MS, 100 * NS_PER_MS, 0, false);
        // one completion per ms = 1000 QPS: 500 + 30 → 1000·2470/2000 = 1235.
        assert_eq!((g.score(), g.limit()), (530.0, 1235));
    }
}
