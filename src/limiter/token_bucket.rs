//! Token bucket with the behaviour of Go `golang.org/x/time/rate.Limiter`
//! (library-defaults.md §2: `golang/time@v0.13.0 rate/rate.go:100-106`
//! `NewLimiter` starts full with `burst` tokens; `:387-403` `advance` adds
//! `elapsed·r` capped at `burst`; `:116-118`, `:362` `Allow` succeeds only if
//! no wait is needed).
//!
//! Tokens are kept as *credit in nanoseconds*: one token is worth
//! `interval_ns = 1e9 / rate_per_s` ns of credit, so refill is simply "elapsed
//! time", and everything is integer. Go's `Reserve`/`Wait` pay ahead (tokens go
//! negative) so later callers queue behind earlier reservations; the simulator's
//! FIFO wait queue plus the exact `NotBefore` hint gives the same pass times.
//!
//! Invariant: `0 ≤ credit_ns ≤ burst · interval_ns` (never more than `burst`
//! tokens); a refusal changes nothing.

use super::{Decision, Monotonic, RateLimit};
use crate::time::SimTime;

#[derive(Clone, Debug)]
pub struct TokenBucket {
    /// Credit one token costs (and one token's refill time).
    interval_ns: u64,
    /// Full bucket: `burst · interval_ns`.
    capacity_ns: u64,
    /// Credit at `updated_ns`.
    credit_ns: u64,
    updated_ns: SimTime,
    clock: Monotonic,
}

impl TokenBucket {
    /// A full bucket of `burst` tokens (at least 1) refilled one per `interval_ns`.
    pub fn new(interval_ns: u64, burst: u32) -> Self {
        let interval_ns = interval_ns.max(1);
        let capacity_ns = interval_ns.saturating_mul(burst.max(1) as u64);
        TokenBucket {
            interval_ns,
            capacity_ns,
            credit_ns: capacity_ns,
            updated_ns: 0,
            clock: Monotonic::default(),
        }
    }

    /// Credit at `now`, refilled since the last admission and capped at the bucket size.
    fn credit_at(&self, now: SimTime) -> u64 {
        let elapsed_ns = now.saturating_sub(self.updated_ns);
        self.credit_ns
            .saturating_add(elapsed_ns)
            .min(self.capacity_ns)
    }

    /// Whole tokens in the bucket at `now`.
    pub fn tokens_at(&self, now: SimTime) -> u64 {
        self.credit_at(now) / self.interval_ns
    }
}

impl RateLimit for TokenBucket {
    fn try_admit(&mut self, now: SimTime) -> Decision {
        self.clock.observe(now);
        let credit_ns = self.credit_at(now);
        if credit_ns < self.interval_ns {
            return Decision::NotBefore(now + (self.interval_ns - credit_ns));
        }
        self.credit_ns = credit_ns - self.interval_ns;
        self.updated_ns = now;
        Decision::Admit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::testkit::{arrivals, assert_hint_exact, drain_backlog};
    use crate::limiter::Decision::{Admit, NotBefore};
    use crate::time::NS_PER_MS;

    const MS: u64 = NS_PER_MS;

    #[test]
    fn starts_full_then_one_per_interval() {
        // rate 10/s, burst 5: five at t=0, then one every 100 ms.
        let mut tb = TokenBucket::new(100 * MS, 5);
        let cases: &[(SimTime, Decision)] = &[
            (0, Admit),
            (0, Admit),
            (0, Admit),
            (0, Admit),
            (0, Admit),
            (0, NotBefore(100 * MS)),
            (40 * MS, NotBefore(100 * MS)),
            (100 * MS - 1, NotBefore(100 * MS)),
            (100 * MS, Admit),
            (100 * MS, NotBefore(200 * MS)),
            (250 * MS, Admit),
            (250 * MS, NotBefore(300 * MS)),
            (300 * MS, Admit),
        ];
        for (i, &(t, want)) in cases.iter().enumerate() {
            assert_eq!(tb.try_admit(t), want, "case {i} at {t}");
        }
    }

    #[test]
    fn backlog_drains_at_the_rate_after_the_burst() {
        let mut tb = TokenBucket::new(100 * MS, 5);
        let times = drain_backlog(&mut tb, 0, 9);
        assert_eq!(
            times,
            vec![0, 0, 0, 0, 0, 100 * MS, 200 * MS, 300 * MS, 400 * MS]
        );
    }

    #[test]
    fn refill_is_capped_at_burst() {
        let mut tb = TokenBucket::new(100 * MS, 3);
        assert_eq!(tb.try_admit(0), Admit);
        // An hour idle refills to 3 tokens, not 36 000.
        let hour = 3_600_000 * MS;
        assert_eq!(tb.tokens_at(hour), 3);
        for _ in 0..3 {
            assert_eq!(tb.try_admit(hour), Admit);
        }
        assert_eq!(tb.try_admit(hour), NotBefore(hour + 100 * MS));
    }

    #[test]
    fn partial_tokens_accumulate() {
        // 30 ms + 30 ms + 40 ms of refill make exactly one token.
        let mut tb = TokenBucket::new(100 * MS, 1);
        assert_eq!(tb.try_admit(0), Admit);
        assert_eq!(tb.try_admit(30 * MS), NotBefore(100 * MS));
        assert_eq!(tb.try_admit(60 * MS), NotBefore(100 * MS));
        assert_eq!(tb.try_admit(100 * MS), Admit);
    }

    #[test]
    fn randomized_never_exceeds_burst_and_hints_are_exact() {
        for seed in 0..200u64 {
            let burst = 1 + (seed % 7) as u32;
            let interval_ns = 1_000 + seed * 37;
            let mut tb = TokenBucket::new(interval_ns, burst);
            let mut admitted: Vec<SimTime> = Vec::new();
            for now in arrivals(seed, 400, interval_ns) {
                let before = tb.clone();
                match tb.try_admit(now) {
                    Admit => admitted.push(now),
                    NotBefore(hint) => {
                        assert_hint_exact(&before, now, hint);
                        assert_eq!(tb.credit_ns, before.credit_ns, "a refusal changes nothing");
                    }
                    other => panic!("token bucket never delays: {other:?}"),
                }
                assert!(
                    tb.tokens_at(now) <= burst as u64,
                    "seed {seed}: tokens over burst"
                );
            }
            // Any span [t_i, t_j] admits at most burst + (t_j − t_i)/interval requests.
            for i in 0..admitted.len() {
                for j in i..admitted.len() {
                    let count = (j - i + 1) as u64;
                    let bound = burst as u64 + (admitted[j] - admitted[i]) / interval_ns;
                    assert!(
                        count <= bound,
                        "seed {seed}: {count} admitted in a span allowing {bound}"
                    );
                }
            }
        }
    }
}
