//! nginx `limit_req` for one key: a leaky bucket whose `excess` is counted in
//! milli-requests (library-defaults.md §2: `nginx/nginx@release-1.31.4
//! src/http/modules/ngx_http_limit_req_module.c:903-939` rate stored as
//! `rate*1000/scale`; `:445-457`, `:566-585` the excess update; `:462-464`
//! reject if `excess > burst·1000`; `:545-603` (`:596`), `:1008-1022` the
//! delay; `:1061` `nodelay`).
//!
//! Per request, with nginx's millisecond clock (`ngx_current_msec`, here
//! `now / 1 ms`): `ms = now_ms − last_ms`; `excess = max(0, excess −
//! rate·ms/1000 + 1000)` (integer division, as in C). If `excess >
//! burst·1000` the request is refused and nothing changes. Otherwise the new
//! excess is stored (and `last_ms = now_ms` if `ms ≠ 0`); the request passes at
//! once if `excess ≤ delay·1000` (`nodelay` = never delayed), else it passes
//! after `(excess − delay·1000)·1000/rate` ms. The first request on a fresh
//! key stores `excess = 0` (nginx creates the node without the `+1000`), so
//! `burst = B` accepts `B + 1` requests together.
//!
//! Invariant: `0 ≤ excess ≤ burst·1000` milli-requests at all times.

use super::{ms_of, Decision, Monotonic, RateLimit};
use crate::time::{SimTime, NS_PER_MS};

/// One request, in nginx's milli-request units.
const ONE: u64 = 1000;

#[derive(Clone, Debug)]
pub struct LeakyBucket {
    /// Leak rate in milli-requests per second (nginx `ctx->rate`).
    rate_milli_per_s: u64,
    /// `burst · 1000`.
    burst_milli: u64,
    /// `delay · 1000` (effectively infinite for `nodelay`).
    delay_milli: u64,
    /// Whether the key exists yet (nginx creates it on the first request).
    seen: bool,
    /// Excess at `last_ms`, in milli-requests.
    excess_milli: u64,
    /// nginx `lr->last`, in milliseconds.
    last_ms: u64,
    clock: Monotonic,
}

impl LeakyBucket {
    /// `rate_milli_per_s` as nginx stores it (at least 1), `burst` and `delay`
    /// in requests (`delay_requests` huge for `nodelay`).
    pub fn new(rate_milli_per_s: u64, burst: u32, delay_requests: u64) -> Self {
        LeakyBucket {
            rate_milli_per_s: rate_milli_per_s.max(1),
            burst_milli: burst as u64 * ONE,
            delay_milli: delay_requests.saturating_mul(ONE),
            seen: false,
            excess_milli: 0,
            last_ms: 0,
            clock: Monotonic::default(),
        }
    }

    /// Milli-requests leaked over `ms` milliseconds (nginx `rate * ms / 1000`).
    fn leaked_milli(&self, ms: u64) -> u64 {
        let leaked = self.rate_milli_per_s as u128 * ms as u128 / 1000;
        leaked.min(u64::MAX as u128) as u64
    }

    /// The excess a request at `now_ms` would bring, this request included.
    fn excess_with_one_more(&self, now_ms: u64) -> u64 {
        let ms = now_ms.saturating_sub(self.last_ms);
        (self.excess_milli + ONE).saturating_sub(self.leaked_milli(ms))
    }

    /// First millisecond at which enough has leaked for one more request to fit.
    fn retry_at(&self) -> SimTime {
        let need_milli = self.excess_milli + ONE - self.burst_milli;
        let rate = self.rate_milli_per_s as u128;
        let ms_needed = (need_milli as u128 * 1000).div_ceil(rate);
        let at_ms = (self.last_ms as u128 + ms_needed).min((u64::MAX / NS_PER_MS) as u128) as u64;
        at_ms * NS_PER_MS
    }

    /// nginx's delay for an accepted request with this excess, in ms (0 = pass now).
    fn delay_ms(&self, excess_milli: u64) -> u64 {
        if excess_milli <= self.delay_milli {
            return 0;
        }
        let over = (excess_milli - self.delay_milli) as u128;
        (over * 1000 / self.rate_milli_per_s as u128) as u64
    }

    /// Current excess in milli-requests, as last stored.
    pub fn excess_milli(&self) -> u64 {
        self.excess_milli
    }
}

impl RateLimit for LeakyBucket {
    fn try_admit(&mut self, now: SimTime) -> Decision {
        self.clock.observe(now);
        let now_ms = ms_of(now);
        if !self.seen {
            self.seen = true;
            self.last_ms = now_ms;
            return Decision::Admit;
        }
        let excess_milli = self.excess_with_one_more(now_ms);
        if excess_milli > self.burst_milli {
            return Decision::NotBefore(self.retry_at());
        }
        if now_ms != self.last_ms {
            self.last_ms = now_ms;
        }
        self.excess_milli = excess_milli;
        match self.delay_ms(excess_milli) {
            0 => Decision::Admit,
            ms => Decision::AdmitAt(now.saturating_add(ms * NS_PER_MS)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::testkit::{arrivals, assert_hint_exact};
    use crate::limiter::Decision::{Admit, AdmitAt, NotBefore};

    const MS: u64 = NS_PER_MS;
    const NODELAY: u64 = u64::MAX / 1_000_000;

    fn run(lb: &mut LeakyBucket, cases: &[(SimTime, Decision)]) {
        for (i, &(t, want)) in cases.iter().enumerate() {
            assert_eq!(lb.try_admit(t), want, "case {i} at {t}");
        }
    }

    #[test]
    fn burst_with_nodelay_passes_at_once() {
        // rate=10r/s burst=5 nodelay: 6 pass at t=0, the 7th is refused until 100 ms.
        let mut lb = LeakyBucket::new(10_000, 5, NODELAY);
        let mut cases = vec![(0, Admit); 6];
        cases.extend([
            (0, NotBefore(100 * MS)),
            (99 * MS + 999_999, NotBefore(100 * MS)),
            (100 * MS, Admit),
            (100 * MS, NotBefore(200 * MS)),
        ]);
        run(&mut lb, &cases);
        assert_eq!(lb.excess_milli(), 5_000);
    }

    #[test]
    fn burst_without_nodelay_is_spaced_out() {
        // rate=10r/s burst=5: the first passes, the next five wait 100..500 ms.
        let mut lb = LeakyBucket::new(10_000, 5, 0);
        run(
            &mut lb,
            &[
                (0, Admit),
                (0, AdmitAt(100 * MS)),
                (0, AdmitAt(200 * MS)),
                (0, AdmitAt(300 * MS)),
                (0, AdmitAt(400 * MS)),
                (0, AdmitAt(500 * MS)),
                (0, NotBefore(100 * MS)),
                // 50 ms later 500 milli-requests have leaked: excess 5000 − 500 + 1000 > 5000.
                (50 * MS, NotBefore(100 * MS)),
                // At 100 ms: excess 5000 − 1000 + 1000 = 5000 → delayed 500 ms.
                (100 * MS, AdmitAt(600 * MS)),
            ],
        );
    }

    #[test]
    fn delay_n_passes_the_first_n_excess_requests() {
        // rate=10r/s burst=5 delay=2: three pass now, then 100, 200, 300 ms.
        let mut lb = LeakyBucket::new(10_000, 5, 2);
        run(
            &mut lb,
            &[
                (0, Admit),
                (0, Admit),
                (0, Admit),
                (0, AdmitAt(100 * MS)),
                (0, AdmitAt(200 * MS)),
                (0, AdmitAt(300 * MS)),
                (0, NotBefore(100 * MS)),
            ],
        );
    }

    #[test]
    fn burst_zero_spaces_requests_by_the_rate() {
        // rate=3r/s: 333 ms leaks only 999 milli-requests (integer division), so 334 ms is needed.
        let mut lb = LeakyBucket::new(3_000, 0, 0);
        run(
            &mut lb,
            &[
                (0, Admit),
                (333 * MS, NotBefore(334 * MS)),
                (334 * MS, Admit),
            ],
        );
        assert_eq!(lb.excess_milli(), 0);
        // 30r/m (0.5 r/s): one request every 2 s.
        let mut slow = LeakyBucket::new(500, 0, 0);
        run(
            &mut slow,
            &[
                (7 * MS, Admit),
                (8 * MS, NotBefore(2_007 * MS)),
                (2_007 * MS, Admit),
            ],
        );
    }

    #[test]
    fn clock_has_millisecond_granularity() {
        // Two requests within the same millisecond leak nothing between them.
        let mut lb = LeakyBucket::new(1_000_000, 0, 0); // 1000 r/s: one per ms
        run(
            &mut lb,
            &[
                (400_000, Admit),
                (900_000, NotBefore(MS)),
                (MS, Admit),
                (2 * MS - 1, NotBefore(2 * MS)),
            ],
        );
    }

    #[test]
    fn randomized_excess_bounded_and_exact_hints() {
        for seed in 0..200u64 {
            let rate_milli = 2_000 + seed * 1_237;
            let burst = (seed % 5) as u32;
            let delay = match seed % 3 {
                0 => 0,
                1 => 1 + seed % 2,
                _ => NODELAY,
            };
            let mut lb = LeakyBucket::new(rate_milli, burst, delay);
            let mut accepted_ms: Vec<u64> = Vec::new();
            let gap_ns = 1_000_000_000_000 / rate_milli; // about one request interval
            for now in arrivals(seed, 300, gap_ns) {
                let before = lb.clone();
                match lb.try_admit(now) {
                    Admit => accepted_ms.push(ms_of(now)),
                    AdmitAt(t) => {
                        let want_ms = lb.delay_ms(lb.excess_milli());
                        assert!(want_ms > 0);
                        assert_eq!(t, now + want_ms * MS, "seed {seed}");
                        accepted_ms.push(ms_of(now));
                    }
                    NotBefore(hint) => {
                        assert_hint_exact(&before, now, hint);
                        assert_eq!(
                            (lb.excess_milli, lb.last_ms),
                            (before.excess_milli, before.last_ms)
                        );
                    }
                }
                assert!(
                    lb.excess_milli() <= burst as u64 * ONE,
                    "seed {seed}: excess over burst"
                );
            }
            // Between accepted requests i..=j: count ≤ burst + 1 + rate·Δms (all in milli-units).
            for i in 0..accepted_ms.len() {
                for j in i..accepted_ms.len() {
                    let count = (j - i + 1) as u128;
                    let d_ms = (accepted_ms[j] - accepted_ms[i]) as u128;
                    let bound = (burst as u128 + 1) * 1_000_000 + rate_milli as u128 * d_ms;
                    assert!(
                        count * 1_000_000 <= bound,
                        "seed {seed}: {count} accepted in {d_ms} ms"
                    );
                }
            }
        }
    }
}
