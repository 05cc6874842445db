//! Fixed-window counter (library-defaults.md §2, row "Sliding-window log /
//! counter": no canonical library; the textbook algorithm). Windows are
//! `[k·window_ns, (k+1)·window_ns)` counted from the start of the run; the
//! counter resets at each boundary, so up to `2·limit` requests can pass
//! within one window length straddling a boundary.
//!
//! Invariant: at most `limit` admissions in each aligned window; a refusal
//! changes nothing.

use super::{Decision, Monotonic, RateLimit};
use crate::time::SimTime;

#[derive(Clone, Debug)]
pub struct FixedWindow {
    limit: u32,
    window_ns: u64,
    /// Index of the window `count` belongs to.
    window_index: u64,
    /// Admissions in window `window_index`.
    count: u32,
    clock: Monotonic,
}

impl FixedWindow {
    /// `limit` (at least 1) admissions per aligned window of `window_ns` (at least 1).
    pub fn new(limit: u32, window_ns: u64) -> Self {
        FixedWindow {
            limit: limit.max(1),
            window_ns: window_ns.max(1),
            window_index: 0,
            count: 0,
            clock: Monotonic::default(),
        }
    }

    /// Admissions already counted in the window containing `now`.
    pub fn count_at(&self, now: SimTime) -> u32 {
        if now / self.window_ns == self.window_index {
            self.count
        } else {
            0
        }
    }
}

impl RateLimit for FixedWindow {
    fn try_admit(&mut self, now: SimTime) -> Decision {
        self.clock.observe(now);
        let count = self.count_at(now);
        let window_index = now / self.window_ns;
        if count >= self.limit {
            let next_start = (window_index + 1).saturating_mul(self.window_ns);
            return Decision::NotBefore(next_start);
        }
        self.window_index = window_index;
        self.count = count + 1;
        Decision::Admit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::testkit::{arrivals, assert_hint_exact};
    use crate::limiter::Decision::{Admit, NotBefore};
    use crate::time::NS_PER_MS;

    const W: u64 = 1_000 * NS_PER_MS;

    #[test]
    fn admits_twice_the_limit_across_a_boundary() {
        let mut fw = FixedWindow::new(3, W);
        // Nothing until just before the boundary, then 3 at W−1 ns and 3 at W.
        let cases: &[(SimTime, Decision)] = &[
            (W - 1, Admit),
            (W - 1, Admit),
            (W - 1, Admit),
            (W - 1, NotBefore(W)),
            (W, Admit),
            (W, Admit),
            (W, Admit),
            (W, NotBefore(2 * W)),
            (2 * W - 1, NotBefore(2 * W)),
            (2 * W, Admit),
        ];
        for (i, &(t, want)) in cases.iter().enumerate() {
            assert_eq!(fw.try_admit(t), want, "case {i} at {t}");
        }
    }

    #[test]
    fn skipped_windows_start_empty() {
        let mut fw = FixedWindow::new(1, W);
        assert_eq!(fw.try_admit(10), Admit);
        assert_eq!(fw.try_admit(20), NotBefore(W));
        assert_eq!(fw.try_admit(5 * W + 7), Admit);
        assert_eq!(fw.try_admit(5 * W + 8), NotBefore(6 * W));
    }

    #[test]
    fn randomized_no_window_over_limit_and_exact_hints() {
        for seed in 0..200u64 {
            let limit = 1 + (seed % 5) as u32;
            let window_ns = 1_000 + seed * 101;
            let mut fw = FixedWindow::new(limit, window_ns);
            let mut per_window = std::collections::BTreeMap::<u64, u32>::new();
            for now in arrivals(seed, 400, window_ns / 4) {
                let before = fw.clone();
                match fw.try_admit(now) {
                    Admit => *per_window.entry(now / window_ns).or_default() += 1,
                    NotBefore(hint) => {
                        assert_hint_exact(&before, now, hint);
                        assert_eq!(
                            (fw.window_index, fw.count),
                            (before.window_index, before.count)
                        );
                    }
                    other => panic!("fixed window never delays: {other:?}"),
                }
            }
            assert!(
                per_window.values().all(|&c| c <= limit),
                "seed {seed}: {per_window:?}"
            );
            assert!(
                per_window.values().any(|&c| c == limit),
                "seed {seed}: limit never reached"
            );
        }
    }
}
