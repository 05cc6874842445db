//! Sliding-window counter, the two-counter approximation Cloudflare described
//! (library-defaults.md §2, row "Sliding-window log / counter": `est =
//! prev_count·(window − elapsed)/window + curr_count`, reject if `est >
//! limit`; marked UNVERIFIED from a primary source there).
//!
//! Windows are aligned at multiples of `window_ns`. `est` here counts the
//! request being decided (`curr_count + 1`), so a window with an empty
//! predecessor admits exactly `limit`, like the fixed window. The comparison
//! is done exactly in integers, scaled by `window_ns`:
//! `prev·(window − elapsed) + (curr + 1)·window ≤ limit·window`.
//!
//! Invariant: at every admission the weighted estimate, this request
//! included, is at most `limit`; so each aligned window holds at most `limit`
//! admissions. A refusal changes nothing.

use super::{Decision, Monotonic, RateLimit};
use crate::time::SimTime;

#[derive(Clone, Debug)]
pub struct SlidingWindow {
    limit: u32,
    window_ns: u64,
    /// Index of the window `curr_count` belongs to.
    window_index: u64,
    /// Admissions in window `window_index − 1`.
    prev_count: u32,
    /// Admissions in window `window_index`.
    curr_count: u32,
    clock: Monotonic,
}

/// The counters as seen from one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct View {
    window_index: u64,
    elapsed_ns: u64,
    prev_count: u32,
    curr_count: u32,
}

impl SlidingWindow {
    /// `limit` (at least 1) per window of `window_ns` (at least 1), estimated over two windows.
    pub fn new(limit: u32, window_ns: u64) -> Self {
        SlidingWindow {
            limit: limit.max(1),
            window_ns: window_ns.max(1),
            window_index: 0,
            prev_count: 0,
            curr_count: 0,
            clock: Monotonic::default(),
        }
    }

    /// The counters rolled forward to the window containing `now`, without changing state.
    fn view(&self, now: SimTime) -> View {
        let window_index = now / self.window_ns;
        let elapsed_ns = now - window_index * self.window_ns;
        let (prev_count, curr_count) = match window_index.checked_sub(self.window_index) {
            Some(0) => (self.prev_count, self.curr_count),
            Some(1) => (self.curr_count, 0),
            _ => (0, 0),
        };
        View {
            window_index,
            elapsed_ns,
            prev_count,
            curr_count,
        }
    }

    /// The weighted estimate at `now` (before counting a new request), times `window_ns`.
    fn estimate_scaled(&self, now: SimTime) -> u128 {
        let v = self.view(now);
        let w = self.window_ns as u128;
        v.prev_count as u128 * (w - v.elapsed_ns as u128) + v.curr_count as u128 * w
    }

    /// Whether one more request fits: `estimate + 1 ≤ limit`, scaled by `window_ns`.
    fn fits(&self, now: SimTime) -> bool {
        let w = self.window_ns as u128;
        self.estimate_scaled(now) + w <= self.limit as u128 * w
    }

    /// Earliest elapsed time into a window with `prev` requests in the window
    /// before it at which `curr` more can be joined by one: `prev·(W − e) ≤
    /// (limit − curr − 1)·W`. Needs `curr < limit`; at most `W`.
    fn earliest_elapsed_ns(&self, prev: u32, curr: u32) -> u64 {
        let w = self.window_ns as u128;
        let room = (self.limit - curr - 1) as u128 * w;
        let allowed_remaining = if prev == 0 {
            w
        } else {
            (room / prev as u128).min(w)
        };
        (w - allowed_remaining) as u64
    }

    /// The exact earliest admission time after a refusal seen through `v`.
    fn retry_at(&self, v: View) -> SimTime {
        let start_ns = v.window_index * self.window_ns;
        if v.curr_count < self.limit {
            // Still room in this window once enough of the previous one slides out.
            return start_ns + self.earliest_elapsed_ns(v.prev_count, v.curr_count);
        }
        // Full: in the next window this one becomes `prev` and `curr` starts at 0.
        let next_ns = start_ns.saturating_add(self.window_ns);
        next_ns.saturating_add(self.earliest_elapsed_ns(v.curr_count, 0))
    }
}

impl RateLimit for SlidingWindow {
    fn try_admit(&mut self, now: SimTime) -> Decision {
        self.clock.observe(now);
        let v = self.view(now);
        if !self.fits(now) {
            return Decision::NotBefore(self.retry_at(v));
        }
        self.window_index = v.window_index;
        self.prev_count = v.prev_count;
        self.curr_count = v.curr_count + 1;
        Decision::Admit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::testkit::{arrivals, assert_hint_exact};
    use crate::limiter::Decision::{Admit, NotBefore};

    const W: u64 = 1_000;

    /// A limiter of limit 10 per 1000 ns whose window 1 holds `curr`
    /// admissions, after `prev` in window 0.
    fn with_counts(prev: u32, curr: u32) -> SlidingWindow {
        SlidingWindow {
            window_index: 1,
            prev_count: prev,
            curr_count: curr,
            ..SlidingWindow::new(10, W)
        }
    }

    #[test]
    fn weighted_estimate_is_exact() {
        // (prev, curr, elapsed into window 1, estimate × W)
        let cases: &[(u32, u32, u64, u128)] = &[
            (8, 3, 0, 11_000),   // 8·1 + 3
            (8, 3, 250, 9_000),  // 8·0.75 + 3
            (8, 3, 500, 7_000),  // 8·0.5 + 3
            (8, 3, 999, 3_008),  // 8·0.001 + 3
            (10, 0, 100, 9_000), // 10·0.9
            (0, 4, 700, 4_000),
        ];
        for &(prev, curr, elapsed, want) in cases {
            let sw = with_counts(prev, curr);
            assert_eq!(
                sw.estimate_scaled(W + elapsed),
                want,
                "prev {prev} curr {curr} at +{elapsed}"
            );
        }
        // Two windows later both counters have slid out.
        assert_eq!(with_counts(8, 3).estimate_scaled(3 * W), 0);
        // One window later the current count becomes the previous one.
        assert_eq!(with_counts(8, 3).estimate_scaled(2 * W + 250), 2_250);
    }

    #[test]
    fn admits_while_estimate_fits_then_hints_exact_time() {
        let mut sw = with_counts(8, 3);
        let cases: &[(SimTime, Decision)] = &[
            // At +0: 8 + 3 + 1 = 12 > 10. Room for 1 more needs 8·(W−e) ≤ 6·W → e ≥ 250.
            (W, NotBefore(W + 250)),
            (W + 249, NotBefore(W + 250)),
            // 8·0.75 + 3 + 1 = 10 ≤ 10.
            (W + 250, Admit),
            // Now curr = 4: 8·(W−e) ≤ 5·W → e ≥ 375.
            (W + 250, NotBefore(W + 375)),
            (W + 375, Admit),
            (W + 500, Admit),
            (W + 500, NotBefore(W + 625)),
        ];
        for (i, &(t, want)) in cases.iter().enumerate() {
            assert_eq!(sw.try_admit(t), want, "case {i} at {t}");
        }
    }

    #[test]
    fn full_window_hints_into_the_next_one() {
        // 10 in window 1 (none before): the next room is in window 2 once
        // 10·(W−e) ≤ 9·W, i.e. e ≥ 100.
        let mut sw = with_counts(0, 10);
        assert_eq!(sw.try_admit(W + 999), NotBefore(2 * W + 100));
        assert_eq!(sw.try_admit(2 * W + 99), NotBefore(2 * W + 100));
        assert_eq!(sw.try_admit(2 * W + 100), Admit);
        // Limit 1: a full window is followed by a whole window of refusals.
        let mut one = SlidingWindow::new(1, W);
        assert_eq!(one.try_admit(10), Admit);
        assert_eq!(one.try_admit(20), NotBefore(2 * W));
        assert_eq!(one.try_admit(2 * W - 1), NotBefore(2 * W));
        assert_eq!(one.try_admit(2 * W), Admit);
    }

    #[test]
    fn randomized_estimate_bounded_and_exact_hints() {
        for seed in 0..200u64 {
            let limit = 1 + (seed % 8) as u32;
            let window_ns = 1_000 + seed * 91;
            let mut sw = SlidingWindow::new(limit, window_ns);
            let mut per_window = std::collections::BTreeMap::<u64, u32>::new();
            for now in arrivals(seed, 400, window_ns / 4) {
                let before = sw.clone();
                match sw.try_admit(now) {
                    Admit => {
                        *per_window.entry(now / window_ns).or_default() += 1;
                        let w = window_ns as u128;
                        assert!(sw.estimate_scaled(now) <= limit as u128 * w, "seed {seed}");
                    }
                    NotBefore(hint) => {
                        assert_hint_exact(&before, now, hint);
                        let counters = (sw.window_index, sw.prev_count, sw.curr_count);
                        assert_eq!(
                            counters,
                            (before.window_index, before.prev_count, before.curr_count)
                        );
                    }
                    other => panic!("sliding window never delays: {other:?}"),
                }
            }
            assert!(
                per_window.values().all(|&c| c <= limit),
                "seed {seed}: {per_window:?}"
            );
        }
    }
}
