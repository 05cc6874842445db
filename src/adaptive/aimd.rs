//! Additive increase, multiplicative decrease, as Netflix concurrency-limits
//! `AIMDLimit` does it (library-defaults.md §2: `Netflix/concurrency-limits@v0.5.4
//! concurrency-limits-core/.../limit/AIMDLimit.java:30-38` defaults, `:102-112`
//! the update).
//!
//! Per sample: if it was dropped, or `timeout_ms > 0` and `rtt > timeout`,
//! `limit = (int)(limit · backoff_ratio)`; else if `inflight · 2 ≥ limit`,
//! `limit + 1`; else unchanged (an under-used limit does not grow). Then
//! clamp to `[min_limit, max_limit]`. (Netflix's default timeout is 5 s; here
//! `timeout_ms = 0` means only drops count.)
//!
//! Invariant: `min_limit ≤ limit ≤ max_limit`.

use super::Config;
use super::{AdaptiveLimit, Bounds};
use crate::limiter::Monotonic;
use crate::time::{ms_to_ns, SimTime};

#[derive(Clone, Debug)]
pub struct Aimd {
    limit: u32,
    bounds: Bounds,
    backoff_ratio: f64,
    /// Responses slower than this count as drops (`None`: only drops count).
    timeout_ns: Option<u64>,
    clock: Monotonic,
}

impl Aimd {
    pub fn new(cfg: &Config, bounds: Bounds) -> Self {
        let timeout_ns = ms_to_ns(cfg.timeout_ms);
        Aimd {
            limit: bounds.clamp(cfg.initial_limit),
            bounds,
            backoff_ratio: cfg.backoff_ratio,
            timeout_ns: (timeout_ns > 0).then_some(timeout_ns),
            clock: Monotonic::default(),
        }
    }

    fn is_drop(&self, rtt_ns: u64, dropped: bool) -> bool {
        dropped || self.timeout_ns.is_some_and(|t| rtt_ns > t)
    }
}

impl AdaptiveLimit for Aimd {
    fn limit(&self) -> u32 {
        self.limit
    }

    fn on_sample(&mut self, now: SimTime, rtt_ns: u64, inflight: u32, dropped: bool) {
        self.clock.observe(now);
        let limit = if self.is_drop(rtt_ns, dropped) {
            // Java `(int) (currentLimit * backoffRatio)`; the cast saturates at 0.
            (self.limit as f64 * self.backoff_ratio) as u32
        } else if inflight as u64 * 2 >= self.limit as u64 {
            self.limit.saturating_add(1)
        } else {
            self.limit
        };
        self.limit = self.bounds.clamp(limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adaptive::AdaptiveKind;
    use crate::time::NS_PER_MS;

    const MS: u64 = NS_PER_MS;

    fn aimd(initial: u32, min: u32, max: u32, timeout_ms: f64) -> Aimd {
        let cfg = Config {
            kind: AdaptiveKind::Aimd,
            initial_limit: initial,
            min_limit: min,
            max_limit: max,
            timeout_ms,
            backoff_ratio: 0.9,
            ..Config::default()
        };
        Aimd::new(&cfg, Bounds::new(min, max))
    }

    #[test]
    fn data_driven_steps() {
        // (rtt ms, inflight, dropped, limit after)
        let steps: &[(u64, u32, bool, u32)] = &[
            (10, 10, false, 11), // 10·2 ≥ 10: +1
            (10, 6, false, 12),  // 12 ≥ 11: +1
            (10, 5, false, 12),  // 10 < 12: app-limited, unchanged
            (10, 12, true, 10),  // (int)(12·0.9) = (int)10.8 = 10
            (10, 9, true, 9),    // (int)9.0 = 9
            (10, 9, true, 8),    // (int)8.1 = 8
            (10, 4, false, 9),   // 8 ≥ 8: +1
            (60, 9, false, 10),  // no timeout configured: slow is fine
        ];
        let mut a = aimd(10, 1, 20, 0.0);
        for (i, &(rtt_ms, inflight, dropped, want)) in steps.iter().enumerate() {
            a.on_sample(i as u64 * MS, rtt_ms * MS, inflight, dropped);
            assert_eq!(a.limit(), want, "step {i}");
        }
    }

    #[test]
    fn increases_by_one_per_success_up_to_max() {
        let mut a = aimd(15, 1, 20, 0.0);
        let mut got = Vec::new();
        for i in 0..7 {
            a.on_sample(i, MS, 100, false);
            got.push(a.limit());
        }
        assert_eq!(got, vec![16, 17, 18, 19, 20, 20, 20]);
    }

    #[test]
    fn slow_responses_count_as_drops_past_the_timeout() {
        let mut a = aimd(20, 1, 100, 50.0);
        a.on_sample(0, 50 * MS, 20, false); // exactly the timeout: not a drop
        assert_eq!(a.limit(), 21);
        a.on_sample(1, 50 * MS + 1, 20, false); // (int)(21·0.9) = 18
        assert_eq!(a.limit(), 18);
    }

    #[test]
    fn decrease_stops_at_min_limit() {
        let mut a = aimd(3, 2, 10, 0.0);
        a.on_sample(0, MS, 3, true); // (int)2.7 = 2
        assert_eq!(a.limit(), 2);
        a.on_sample(1, MS, 3, true); // (int)1.8 = 1 → clamped to 2
        assert_eq!(a.limit(), 2);
        let mut one = aimd(1, 1, 10, 0.0);
        one.on_sample(0, MS, 1, true); // (int)0.9 = 0 → clamped to 1
        assert_eq!(one.limit(), 1);
    }
}
