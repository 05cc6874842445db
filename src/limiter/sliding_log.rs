//! Sliding-window log (library-defaults.md §2, row "Sliding-window log /
//! counter": "Log: exact, keeps a timestamp per request"; no canonical
//! library). A request at `now` is admitted if fewer than `limit` admissions
//! lie in `(now − window_ns, now]`; its time is then logged.
//!
//! The log is a ring allocated once with capacity `limit`: it never holds more
//! than `limit` times, because an admission needs fewer than `limit` live ones.
//!
//! Invariant: any half-open interval of length `window_ns` contains at most
//! `limit` admissions. A refusal records nothing (it may drop expired times,
//! which no later decision could use).

use std::collections::VecDeque;

use super::{Decision, Monotonic, RateLimit};
use crate::time::SimTime;

#[derive(Clone, Debug)]
pub struct SlidingLog {
    limit: usize,
    window_ns: u64,
    /// Admission times, oldest first; at most `limit` of them.
    log: VecDeque<SimTime>,
    clock: Monotonic,
}

impl SlidingLog {
    /// `limit` (at least 1) admissions in any `window_ns` (at least 1).
    pub fn new(limit: u32, window_ns: u64) -> Self {
        let limit = limit.max(1) as usize;
        SlidingLog {
            limit,
            window_ns: window_ns.max(1),
            log: VecDeque::with_capacity(limit),
            clock: Monotonic::default(),
        }
    }

    /// Forgets admissions at or before `now − window_ns`.
    fn expire(&mut self, now: SimTime) {
        while let Some(&oldest) = self.log.front() {
            if oldest.saturating_add(self.window_ns) > now {
                break;
            }
            self.log.pop_front();
        }
    }
}

impl RateLimit for SlidingLog {
    fn try_admit(&mut self, now: SimTime) -> Decision {
        self.clock.observe(now);
        self.expire(now);
        if self.log.len() < self.limit {
            self.log.push_back(now);
            return Decision::Admit;
        }
        let oldest = self.log.front().copied().unwrap_or(now);
        Decision::NotBefore(oldest.saturating_add(self.window_ns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::testkit::{arrivals, assert_hint_exact};
    use crate::limiter::Decision::{Admit, NotBefore};

    #[test]
    fn window_slides_with_each_admission() {
        // limit 2 per 100 ns.
        let mut sl = SlidingLog::new(2, 100);
        let cases: &[(SimTime, Decision)] = &[
            (10, Admit),
            (60, Admit),
            (60, NotBefore(110)),
            (109, NotBefore(110)),
            (110, Admit),
            (110, NotBefore(160)),
            (160, Admit),
            (209, NotBefore(210)),
            (500, Admit),
            (500, Admit),
            (500, NotBefore(600)),
        ];
        for (i, &(t, want)) in cases.iter().enumerate() {
            assert_eq!(sl.try_admit(t), want, "case {i} at {t}");
        }
    }

    #[test]
    fn no_boundary_burst_unlike_fixed_window() {
        // The fixed window's 2×limit case (limit at W−1, limit at W) is refused here.
        let w = 1_000;
        let mut sl = SlidingLog::new(3, w);
        for _ in 0..3 {
            assert_eq!(sl.try_admit(w - 1), Admit);
        }
        assert_eq!(sl.try_admit(w), NotBefore(2 * w - 1));
        assert_eq!(sl.try_admit(2 * w - 1), Admit);
    }

    #[test]
    fn ring_never_grows_past_limit() {
        let mut sl = SlidingLog::new(4, 1_000);
        let cap = sl.log.capacity();
        for t in 0..10_000 {
            sl.try_admit(t);
            assert!(sl.log.len() <= 4);
        }
        assert_eq!(sl.log.capacity(), cap, "the ring was reallocated");
    }

    #[test]
    fn randomized_no_window_over_limit_and_exact_hints() {
        for seed in 0..200u64 {
            let limit = 1 + (seed % 6) as u32;
            let window_ns = 1_000 + seed * 77;
            let mut sl = SlidingLog::new(limit, window_ns);
            let mut admitted: Vec<SimTime> = Vec::new();
            for now in arrivals(seed, 400, window_ns / 4) {
                let before = sl.clone();
                match sl.try_admit(now) {
                    Admit => admitted.push(now),
                    NotBefore(hint) => assert_hint_exact(&before, now, hint),
                    other => panic!("sliding log never delays: {other:?}"),
                }
            }
            // For every admission at t, the admissions in (t − window, t] number at most limit.
            for (j, &t) in admitted.iter().enumerate() {
                let first = admitted.partition_point(|&s| s + window_ns <= t);
                let in_window = j + 1 - first;
                assert!(
                    in_window <= limit as usize,
                    "seed {seed}: {in_window} in a window at {t}"
                );
            }
            assert!(
                admitted.len() > limit as usize,
                "seed {seed}: too few admissions to test"
            );
        }
    }
}
