//! Generic cell rate algorithm, as redis-cell `CL.THROTTLE` and throttled
//! implement it (library-defaults.md §2: `brandur/redis-cell@v0.5.0
//! src/cell/mod.rs:139-236`, `:153-157`, `:167-187`; `throttled@v2.13.0
//! rate.go:159-161`, `:208-226`).
//!
//! Emission interval `T = 1e9 / rate_per_s` ns, delay variation tolerance
//! `τ = T·(burst + 1)`. Each request: `new_tat = max(now, tat) + T`; it is
//! refused if `now < new_tat − τ` (retry after `new_tat − τ − now`), else
//! `tat = new_tat`. A fresh limiter lets `burst + 1` requests through at once,
//! then one per `T`.
//!
//! Invariant: after every admission `tat − now ≤ τ` (at most `burst + 1`
//! emissions are ever "owed"); a refusal changes nothing.

use super::{Decision, Monotonic, RateLimit};
use crate::time::SimTime;

#[derive(Clone, Debug)]
pub struct Gcra {
    /// Emission interval `T`.
    interval_ns: u64,
    /// Delay variation tolerance `τ = T·(burst + 1)`.
    tolerance_ns: u64,
    /// Theoretical arrival time of the next request (0 = fresh, as redis-cell's `tat = now`).
    tat_ns: SimTime,
    clock: Monotonic,
}

impl Gcra {
    /// A fresh limiter: `burst + 1` requests at once, then one per `interval_ns`.
    pub fn new(interval_ns: u64, burst: u32) -> Self {
        let interval_ns = interval_ns.max(1);
        let tolerance_ns = interval_ns.saturating_mul(burst as u64 + 1);
        Gcra {
            interval_ns,
            tolerance_ns,
            tat_ns: 0,
            clock: Monotonic::default(),
        }
    }

    /// Emissions still owed at `now`: how far the theoretical arrival time runs ahead.
    pub fn ahead_ns(&self, now: SimTime) -> u64 {
        self.tat_ns.saturating_sub(now)
    }
}

impl RateLimit for Gcra {
    fn try_admit(&mut self, now: SimTime) -> Decision {
        self.clock.observe(now);
        let new_tat_ns = self.tat_ns.max(now).saturating_add(self.interval_ns);
        // Blocked if now < new_tat − τ, written without going below zero.
        if now.saturating_add(self.tolerance_ns) < new_tat_ns {
            return Decision::NotBefore(new_tat_ns - self.tolerance_ns);
        }
        self.tat_ns = new_tat_ns;
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
    fn burst_plus_one_then_spacing() {
        // rate 10/s (T = 100 ms), burst 2: τ = 300 ms, three pass at t=0.
        let mut g = Gcra::new(100 * MS, 2);
        let cases: &[(SimTime, Decision)] = &[
            (0, Admit),
            (0, Admit),
            (0, Admit),
            (0, NotBefore(100 * MS)),
            (99 * MS, NotBefore(100 * MS)),
            (100 * MS, Admit),
            (100 * MS, NotBefore(200 * MS)),
            // Idle since tat = 400 ms: a full burst of three again.
            (450 * MS, Admit),
            (450 * MS, Admit),
            (450 * MS, Admit),
            (450 * MS, NotBefore(550 * MS)),
            (1_000 * MS, Admit),
        ];
        for (i, &(t, want)) in cases.iter().enumerate() {
            assert_eq!(g.try_admit(t), want, "case {i} at {t}");
        }
    }

    #[test]
    fn burst_zero_is_strict_spacing() {
        let mut g = Gcra::new(100 * MS, 0);
        assert_eq!(
            drain_backlog(&mut g, 5 * MS, 4),
            vec![5 * MS, 105 * MS, 205 * MS, 305 * MS]
        );
    }

    #[test]
    fn randomized_conformance_and_exact_hints() {
        for seed in 0..200u64 {
            let burst = (seed % 6) as u32;
            let interval_ns = 500 + seed * 53;
            let mut g = Gcra::new(interval_ns, burst);
            let mut admitted: Vec<SimTime> = Vec::new();
            for now in arrivals(seed, 400, interval_ns) {
                let before = g.clone();
                match g.try_admit(now) {
                    Admit => admitted.push(now),
                    NotBefore(hint) => {
                        assert_hint_exact(&before, now, hint);
                        assert_eq!(g.tat_ns, before.tat_ns, "a refusal changes nothing");
                    }
                    other => panic!("GCRA never delays: {other:?}"),
                }
                assert!(
                    g.ahead_ns(now) <= g.tolerance_ns,
                    "seed {seed}: tat ran past τ"
                );
            }
            // Any span [t_i, t_j] admits at most burst + 1 + (t_j − t_i)/T requests.
            for i in 0..admitted.len() {
                for j in i..admitted.len() {
                    let count = (j - i + 1) as u64;
                    let bound = burst as u64 + 1 + (admitted[j] - admitted[i]) / interval_ns;
                    assert!(
                        count <= bound,
                        "seed {seed}: {count} admitted where {bound} allowed"
                    );
                }
            }
        }
    }
}
