//! TCP-Vegas-style limit, as Netflix concurrency-limits `VegasLimit` computes
//! it (library-defaults.md §2: `Netflix/concurrency-limits@v0.5.4
//! VegasLimit.java:45-58` defaults, `:196-198` probe, `:240-311` update;
//! `functions/Log10RootIntFunction.java:13-36`).
//!
//! With `L = max(1, ⌊log10(⌊limit⌋)⌋)`: α = 3L, β = 6L, threshold = L.
//! Per sample (RTTs of 0 ns are taken as 1 ns; Netflix rejects them):
//! 1. every `jitter · 30 · limit` samples (jitter in [0.5, 1)) the no-load RTT
//!    is reset to this sample's RTT (a probe) and nothing else happens;
//! 2. a new minimum RTT becomes the no-load RTT and nothing else happens;
//! 3. otherwise `queue = ⌈limit · (1 − rtt_noload/rtt)⌉` and: a drop → `limit − L`;
//!    `inflight · 2 < limit` → unchanged; `queue ≤ threshold` → `limit + β`;
//!    `queue < α` → `limit + L`; `queue > β` → `limit − L`; else unchanged.
//!    The new limit is clamped to `[min_limit, max_limit]` (Netflix: `[1,
//!    maxConcurrency]`) and smoothed with factor 1.0 (the default, i.e. none).
//!
//! The estimate is fractional, as in Java; `limit()` is its integer part.
//! Netflix draws the probe jitter from `ThreadLocalRandom`; here it comes from
//! a fixed SplitMix64 sequence (`rng::mix`), so runs are reproducible.
//!
//! Invariant: `min_limit ≤ estimate ≤ max_limit`.

use super::{truncate, AdaptiveLimit, Bounds};
use crate::limiter::Monotonic;
use crate::time::SimTime;

/// `probeMultiplier` default.
const PROBE_MULTIPLIER: f64 = 30.0;
/// `smoothing` default (1.0: the new limit replaces the old one).
const SMOOTHING: f64 = 1.0;
/// Seed of the probe-jitter sequence.
const PROBE_SEED: u64 = 0x5645_4741_5350_524f; // "VEGASPRO"

#[derive(Clone, Debug)]
pub struct Vegas {
    estimate: f64,
    bounds: Bounds,
    /// Minimum RTT seen since the last probe (0 = none yet).
    rtt_noload_ns: u64,
    probe_count: u64,
    probe_jitter: f64,
    /// Jitter values drawn so far (the position in the fixed sequence).
    jitter_draws: u64,
    clock: Monotonic,
}

/// Netflix `Log10RootIntFunction`: `max(1, (int) log10(limit))`.
fn log10_root(limit: u32) -> u32 {
    limit.checked_ilog10().unwrap_or(0).max(1)
}

/// The `draw`-th probe jitter, uniform in [0.5, 1).
fn jitter(draw: u64) -> f64 {
    let bits = crate::rng::mix(PROBE_SEED ^ draw);
    0.5 + 0.5 * ((bits >> 11) as f64 / (1u64 << 53) as f64)
}

impl Vegas {
    pub fn new(initial_limit: u32, bounds: Bounds) -> Self {
        Vegas {
            estimate: bounds.clamp(initial_limit) as f64,
            bounds,
            rtt_noload_ns: 0,
            probe_count: 0,
            probe_jitter: jitter(0),
            jitter_draws: 1,
            clock: Monotonic::default(),
        }
    }

    /// The fractional estimate behind `limit()`.
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The current no-load (minimum) RTT, in ns; 0 before the first sample.
    pub fn rtt_noload_ns(&self) -> u64 {
        self.rtt_noload_ns
    }

    fn should_probe(&self) -> bool {
        self.probe_jitter * PROBE_MULTIPLIER * self.estimate <= self.probe_count as f64
    }

    fn reset_probe(&mut self, rtt_ns: u64) {
        self.probe_jitter = jitter(self.jitter_draws);
        self.jitter_draws += 1;
        self.probe_count = 0;
        self.rtt_noload_ns = rtt_ns;
    }

    /// The unsmoothed new limit, or `None` to leave the estimate alone.
    fn target(&self, rtt_ns: u64, inflight: u32, dropped: bool) -> Option<f64> {
        let est = self.estimate;
        let l = log10_root(truncate(est)) as f64;
        if dropped {
            return Some(est - l);
        }
        if (inflight as f64) * 2.0 < est {
            return None;
        }
        let queue = (est * (1.0 - self.rtt_noload_ns as f64 / rtt_ns as f64)).ceil();
        let (alpha, beta, threshold) = (3.0 * l, 6.0 * l, l);
        if queue <= threshold {
            Some(est + beta)
        } else if queue < alpha {
            Some(est + l)
        } else if queue > beta {
            Some(est - l)
        } else {
            None
        }
    }
}

impl AdaptiveLimit for Vegas {
    fn limit(&self) -> u32 {
        truncate(self.estimate)
    }

    fn on_sample(&mut self, now: SimTime, rtt_ns: u64, inflight: u32, dropped: bool) {
        self.clock.observe(now);
        let rtt_ns = rtt_ns.max(1);
        self.probe_count += 1;
        if self.should_probe() {
            return self.reset_probe(rtt_ns);
        }
        if self.rtt_noload_ns == 0 || rtt_ns < self.rtt_noload_ns {
            self.rtt_noload_ns = rtt_ns;
            return;
        }
        if let Some(target) = self.target(rtt_ns, inflight, dropped) {
            let target = self.bounds.clamp_f64(target);
            self.estimate = (1.0 - SMOOTHING) * self.estimate + SMOOTHING * target;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::NS_PER_MS;

    const MS: u64 = NS_PER_MS;

    fn vegas(initial: u32) -> Vegas {
        Vegas::new(initial, Bounds::new(1, 1000))
    }

    #[test]
    fn log10_root_matches_netflix_table() {
        let cases = [
            (0, 1),
            (1, 1),
            (9, 1),
            (10, 1),
            (99, 1),
            (100, 2),
            (999, 2),
            (1000, 3),
            (12345, 4),
        ];
        for (limit, want) in cases {
            assert_eq!(log10_root(limit), want, "log10_root({limit})");
        }
    }

    #[test]
    fn probe_jitter_is_fixed_and_in_range() {
        assert_eq!(jitter(0), jitter(0));
        assert_ne!(jitter(0), jitter(1));
        assert!((0..1000).map(jitter).all(|j| (0.5..1.0).contains(&j)));
    }

    #[test]
    fn data_driven_steps() {
        // (rtt ms, inflight, dropped, limit after). Initial 20: L = 1, α = 3, β = 6, threshold 1.
        let steps: &[(u64, u32, bool, u32)] = &[
            (100, 20, false, 20), // first sample: becomes rtt_noload
            (100, 10, false, 26), // 10·2 = 20 is not < 20; queue ⌈20·0⌉ = 0 ≤ 1: +β
            (100, 26, false, 32), // again +6
            (100, 15, false, 32), // 15·2 < 32: app-limited, unchanged
            (102, 16, false, 38), // queue ⌈32·0.0196⌉ = 1 = threshold: +β
            (200, 38, false, 37), // queue ⌈38·0.5⌉ = 19 > β: −L
            (105, 37, false, 38), // queue ⌈37·0.0476⌉ = 2 < α: +L
            (110, 38, false, 38), // queue ⌈38·0.0909⌉ = 4 ∈ [α, β]: unchanged
            (100, 1, true, 37),   // drop: −L, whatever the in-flight count
            (50, 37, false, 37),  // a new minimum RTT: only recorded
            (100, 37, false, 36), // queue ⌈37·0.5⌉ = 19 > β: −L
        ];
        let mut v = vegas(20);
        for (i, &(rtt_ms, inflight, dropped, want)) in steps.iter().enumerate() {
            v.on_sample(i as u64 * MS, rtt_ms * MS, inflight, dropped);
            assert_eq!(v.limit(), want, "step {i}");
        }
        assert_eq!(v.rtt_noload_ns(), 50 * MS);
    }

    #[test]
    fn limit_rises_while_rtt_is_flat_and_falls_when_it_rises() {
        let mut v = vegas(20);
        let mut t = 0;
        let mut feed = |v: &mut Vegas, rtt_ms: u64, n: usize| {
            for _ in 0..n {
                t += 1;
                let inflight = v.limit();
                v.on_sample(t, rtt_ms * MS, inflight, false);
            }
            v.limit()
        };
        let flat = feed(&mut v, 10, 10);
        assert!(
            flat >= 20 + 6 * 8,
            "flat RTT should grow the limit fast: {flat}"
        );
        let congested = feed(&mut v, 40, 10);
        assert!(
            congested < flat,
            "rising RTT should shrink the limit: {flat} -> {congested}"
        );
        let recovered = feed(&mut v, 10, 5);
        assert!(
            recovered > congested,
            "falling RTT should grow it again: {congested} -> {recovered}"
        );
    }

    #[test]
    fn probe_resets_rtt_noload_within_jittered_interval() {
        // App-limited samples never move the limit (20), so each probe interval
        // is ⌈jitter·30·20⌉ samples, jitter ∈ [0.5, 1): between 300 and 600.
        let mut v = vegas(20);
        v.on_sample(0, 100 * MS, 1, false);
        assert_eq!(v.rtt_noload_ns(), 100 * MS);
        // Each phase raises the RTT so that only a probe can move rtt_noload.
        let mut last_probe = 0; // the first sample already counted towards probe #1
        for (draw, rtt_ms) in [(0u64, 200u64), (1, 300), (2, 400)] {
            let mut probed_at = None;
            for i in last_probe + 1..=last_probe + 600 {
                v.on_sample(i, rtt_ms * MS, 1, false);
                if v.rtt_noload_ns() == rtt_ms * MS {
                    probed_at = Some(i);
                    break;
                }
            }
            let at = probed_at.expect("a probe within 30·limit samples");
            let expected = (jitter(draw) * PROBE_MULTIPLIER * 20.0).ceil() as u64;
            assert!((300..=600).contains(&expected));
            // Probe #1 counts the seeding sample too; later ones start after the probe.
            let interval = if draw == 0 { at + 1 } else { at - last_probe };
            assert_eq!(interval, expected, "probe #{draw}");
            last_probe = at;
        }
        assert_eq!(v.limit(), 20);
    }
}
