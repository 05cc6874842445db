//! Gradient-based limit, as Netflix concurrency-limits `Gradient2Limit`
//! computes it (library-defaults.md §2: `Netflix/concurrency-limits@v0.5.4
//! Gradient2Limit.java:75-83` defaults, `:278-310` the update;
//! `measurement/ExpAvgMeasurement.java` for the long-term average).
//!
//! Per sample (RTTs of 0 ns are taken as 1 ns):
//! 1. `short = rtt`; `long = ExpAvg(600 samples, warm-up 10).add(rtt)` (a plain
//!    mean over the first 10 samples, then `long += (rtt − long)·2/601`);
//! 2. if `long / short > 2`, the stored long average is multiplied by 0.95
//!    (this sample still uses the undecayed `long`);
//! 3. if `inflight < limit / 2`, nothing more (app-limited);
//! 4. `gradient = clamp(1.5 · long / short, 0.5, 1.0)`;
//!    `new = limit · gradient + 4`; `limit = 0.8 · limit + 0.2 · new`,
//!    clamped to `[min_limit, max_limit]`.
//!
//! Like the Java original it ignores the `dropped` flag: only latency moves it.
//! Constants are Netflix's defaults: queue size 4, smoothing 0.2, long window
//! 600, RTT tolerance 1.5.
//!
//! Invariant: `min_limit ≤ estimate ≤ max_limit`.

use super::{truncate, AdaptiveLimit, Bounds};
use crate::limiter::Monotonic;
use crate::time::SimTime;

const QUEUE_SIZE: f64 = 4.0;
const SMOOTHING: f64 = 0.2;
const LONG_WINDOW: u32 = 600;
const WARMUP_WINDOW: u32 = 10;
const RTT_TOLERANCE: f64 = 1.5;
/// Decay of the long RTT when it is more than twice the short one.
const LONG_RTT_DECAY: f64 = 0.95;

/// Netflix `ExpAvgMeasurement`: a mean over the warm-up, then an EWMA with
/// factor `2 / (window + 1)`.
#[derive(Clone, Debug)]
struct ExpAvg {
    value: f64,
    sum: f64,
    count: u32,
}

impl ExpAvg {
    fn new() -> Self {
        ExpAvg {
            value: 0.0,
            sum: 0.0,
            count: 0,
        }
    }

    fn add(&mut self, sample: f64) -> f64 {
        if self.count < WARMUP_WINDOW {
            self.count += 1;
            self.sum += sample;
            self.value = self.sum / self.count as f64;
        } else {
            let factor = 2.0 / (LONG_WINDOW as f64 + 1.0);
            self.value = self.value * (1.0 - factor) + sample * factor;
        }
        self.value
    }
}

#[derive(Clone, Debug)]
pub struct Gradient2 {
    estimate: f64,
    bounds: Bounds,
    long_rtt: ExpAvg,
    clock: Monotonic,
}

impl Gradient2 {
    pub fn new(initial_limit: u32, bounds: Bounds) -> Self {
        Gradient2 {
            estimate: bounds.clamp(initial_limit) as f64,
            bounds,
            long_rtt: ExpAvg::new(),
            clock: Monotonic::default(),
        }
    }

    /// The fractional estimate behind `limit()`.
    pub fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The long-term RTT average, in ns.
    pub fn long_rtt_ns(&self) -> f64 {
        self.long_rtt.value
    }

    fn next_estimate(&self, long_rtt: f64, short_rtt: f64) -> f64 {
        let gradient = (RTT_TOLERANCE * long_rtt / short_rtt).clamp(0.5, 1.0);
        let new = self.estimate * gradient + QUEUE_SIZE;
        let smoothed = self.estimate * (1.0 - SMOOTHING) + new * SMOOTHING;
        self.bounds.clamp_f64(smoothed)
    }
}

impl AdaptiveLimit for Gradient2 {
    fn limit(&self) -> u32 {
        truncate(self.estimate)
    }

    fn on_sample(&mut self, now: SimTime, rtt_ns: u64, inflight: u32, _dropped: bool) {
        self.clock.observe(now);
        let short_rtt = rtt_ns.max(1) as f64;
        let long_rtt = self.long_rtt.add(short_rtt);
        if long_rtt / short_rtt > 2.0 {
            self.long_rtt.value *= LONG_RTT_DECAY;
        }
        if (inflight as f64) < self.estimate / 2.0 {
            return;
        }
        self.estimate = self.next_estimate(long_rtt, short_rtt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::NS_PER_MS;

    const MS: u64 = NS_PER_MS;

    fn gradient2(initial: u32) -> Gradient2 {
        Gradient2::new(initial, Bounds::new(1, 200))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn data_driven_steps() {
        // (rtt ms, inflight, estimate after, limit after)
        let steps: &[(u64, u32, f64, u32)] = &[
            // Flat RTT: gradient 1 → estimate + 0.2·4 per sample.
            (100, 20, 20.8, 20),
            (100, 20, 21.6, 21),
            (100, 20, 22.4, 22),
            (100, 20, 23.2, 23),
            // RTT ×4: long = mean(100,100,100,100,400) = 160, gradient 1.5·160/400 = 0.6.
            // new = 23.2·0.6 + 4 = 17.92; estimate = 0.8·23.2 + 0.2·17.92 = 22.144.
            (400, 20, 22.144, 22),
            // long = 1200/6 = 200, gradient 0.75: new = 20.608; estimate = 21.8368.
            (400, 20, 21.8368, 21),
            // Back to 100: long = 1300/7 ≈ 185.7, gradient 1: estimate + 0.8.
            (100, 20, 22.6368, 22),
            // App-limited (inflight < limit/2): unchanged.
            (100, 11, 22.6368, 22),
        ];
        let mut g = gradient2(20);
        for (i, &(rtt_ms, inflight, want_est, want_limit)) in steps.iter().enumerate() {
            g.on_sample(i as u64, rtt_ms * MS, inflight, false);
            assert!(
                close(g.estimate(), want_est),
                "step {i}: {} != {want_est}",
                g.estimate()
            );
            assert_eq!(g.limit(), want_limit, "step {i}");
        }
    }

    #[test]
    fn app_limited_below_half_the_limit() {
        // Limit 20: 10 in flight is not below 20/2, so it counts; 9 does not.
        let mut busy = gradient2(20);
        busy.on_sample(0, MS, 10, false);
        assert!(close(busy.estimate(), 20.8), "{}", busy.estimate());
        let mut idle = gradient2(20);
        idle.on_sample(0, MS, 9, false);
        assert!(close(idle.estimate(), 20.0), "{}", idle.estimate());
    }

    #[test]
    fn gradient_floor_is_one_half() {
        // RTT ×100 after warm-up at 1 ms: gradient clamps at 0.5.
        let mut g = gradient2(100);
        for i in 0..10 {
            g.on_sample(i, MS, 0, false); // app-limited warm-up: estimate stays 100
        }
        assert!(close(g.estimate(), 100.0));
        g.on_sample(10, 100 * MS, 100, false);
        // new = 100·0.5 + 4 = 54; estimate = 80 + 10.8 = 90.8.
        assert!(close(g.estimate(), 90.8), "{}", g.estimate());
    }

    #[test]
    fn long_rtt_decays_when_latency_drops() {
        let mut g = gradient2(20);
        for i in 0..10 {
            g.on_sample(i, 1_000 * MS, 0, false);
        }
        assert!(close(g.long_rtt_ns(), 1e9));
        g.on_sample(10, 100 * MS, 0, false);
        // EWMA: 1e9·(1 − 2/601) + 1e8·2/601, then ×0.95 because long/short > 2.
        let f = 2.0 / 601.0;
        let want = (1e9 * (1.0 - f) + 1e8 * f) * 0.95;
        assert!(
            (g.long_rtt_ns() - want).abs() < 1e-3,
            "{} != {want}",
            g.long_rtt_ns()
        );
    }

    #[test]
    fn drops_are_ignored_like_netflix() {
        let mut a = gradient2(20);
        let mut b = gradient2(20);
        for i in 0..50 {
            let rtt = (10 + (i * 7) % 30) * MS;
            a.on_sample(i, rtt, 20, false);
            b.on_sample(i, rtt, 20, i % 3 == 0);
        }
        assert_eq!(a.estimate().to_bits(), b.estimate().to_bits());
    }

    #[test]
    fn limit_rises_while_rtt_is_flat_and_falls_when_it_rises() {
        let mut g = gradient2(20);
        let mut t = 0;
        let mut feed = |g: &mut Gradient2, rtt_ms: u64, n: usize| {
            for _ in 0..n {
                t += 1;
                let inflight = g.limit();
                g.on_sample(t, rtt_ms * MS, inflight, false);
            }
            g.estimate()
        };
        let flat = feed(&mut g, 10, 50);
        assert!(close(flat, 60.0), "flat RTT adds 0.8 per sample: {flat}");
        let congested = feed(&mut g, 40, 20);
        assert!(
            congested < flat,
            "rising RTT should shrink the limit: {flat} -> {congested}"
        );
        let recovered = feed(&mut g, 10, 20);
        assert!(
            recovered > congested,
            "falling RTT should grow it again: {congested} -> {recovered}"
        );
    }
}
