//! Retries: which outcomes are retried, how long to wait before each retry,
//! and botocore's retry quota (a token bucket that stops retry storms).
//!
//! Pure functions of the scenario's `retry` section and the random stream
//! passed in; `sim.rs` owns the clock and decides when to call them.
//!
//! Delays (AWS Architecture Blog, "Exponential Backoff and Jitter"):
//!
//! ```text
//!   backoff b:  none → 0   constant → base   exponential → min(cap, base·2^(e+retry−1)),
//!               e = retry.first_exponent (0 by default)
//!   jitter:     none → b   full → U(0, b)     equal → b/2 + U(0, b/2)
//!               decorrelated → min(cap, U(base, 3·previous delay)), previous = base at first
//!   then, when honoured, at least the server's Retry-After.
//! ```
//!
//! Architecture Invariant: delays are integer nanoseconds; a float appears
//! only in the jitter draw. The quota's tokens stay within [0, capacity].

pub mod config;

pub use config::{Backoff, Config, Jitter, RetryBudget, RetryOn, Timeouts};

use crate::rng::{unit, StreamRng};
use crate::schema::check::{int_in, num};
use crate::schema::ConfigError;
use crate::time::{ms_to_ns, SimDuration};

/// What an attempt ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Ok,
    /// A 5xx response (500 from `server.error_probability`).
    ServerError,
    /// 429 Too Many Requests.
    Throttled,
    /// 503 from a full server queue, an outage or a server rate limit (counts as 5xx).
    Unavailable,
    /// A client timeout (pool wait, connect, attempt).
    Timeout,
    /// The connection could not be opened.
    ConnectError,
    /// 409: optimistic-concurrency conflict.
    Conflict,
    /// Refused by a client-side limiter in reject mode (never retried).
    ClientRejected,
}

impl Outcome {
    /// The `retry.on` entry that covers this outcome, if any.
    pub fn retry_on(self) -> Option<RetryOn> {
        match self {
            Outcome::ServerError | Outcome::Unavailable => Some(RetryOn::ServerError),
            Outcome::Throttled => Some(RetryOn::Throttled),
            Outcome::Timeout => Some(RetryOn::Timeout),
            Outcome::ConnectError => Some(RetryOn::ConnectError),
            Outcome::Conflict => Some(RetryOn::Conflict),
            Outcome::Ok | Outcome::ClientRejected => None,
        }
    }
}

/// The scenario's retry policy, with durations converted to nanoseconds.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    backoff: Backoff,
    jitter: Jitter,
    base_ns: SimDuration,
    cap_ns: SimDuration,
    honor_retry_after: bool,
    on: Vec<RetryOn>,
    first_exponent: u32,
}

impl RetryPolicy {
    pub fn new(cfg: &Config) -> RetryPolicy {
        RetryPolicy {
            max_attempts: cfg.max_attempts.max(1),
            backoff: cfg.backoff,
            jitter: cfg.jitter,
            base_ns: ms_to_ns(cfg.base_ms),
            cap_ns: ms_to_ns(cfg.cap_ms),
            honor_retry_after: cfg.honor_retry_after,
            on: cfg.on.clone(),
            first_exponent: cfg.first_exponent,
        }
    }

    /// Attempts in total, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether an attempt (1-based number `attempt`) that ended with
    /// `outcome` may be retried: attempts are left and `retry.on` lists the
    /// outcome (503 counts as 5xx; a client-side rejection never retries).
    pub fn retryable(&self, outcome: Outcome, attempt: u32) -> bool {
        attempt < self.max_attempts && outcome.retry_on().is_some_and(|on| self.on.contains(&on))
    }

    /// Delay before retry number `retry` (1 = first retry). `prev_delay_ns`
    /// is the delay before the previous retry (used by decorrelated jitter
    /// from the second retry on); `retry_after_ns` is the server's
    /// Retry-After, a floor on the delay when `honor_retry_after` is set.
    pub fn delay_ns(
        &self,
        retry: u32,
        prev_delay_ns: u64,
        retry_after_ns: Option<u64>,
        rng: &mut StreamRng,
    ) -> u64 {
        let backoff_ns = self.backoff_ns(retry);
        let delay_ns = match self.backoff {
            Backoff::None => 0,
            _ => self.jittered_ns(backoff_ns, retry, prev_delay_ns, rng),
        };
        match retry_after_ns {
            Some(floor_ns) if self.honor_retry_after => delay_ns.max(floor_ns),
            _ => delay_ns,
        }
    }

    /// The delay before jitter: 0, base, or min(cap, base·2^(first_exponent+retry−1)).
    fn backoff_ns(&self, retry: u32) -> u64 {
        match self.backoff {
            Backoff::None => 0,
            Backoff::Constant => self.base_ns,
            Backoff::Exponential => exponential_ns(
                self.base_ns,
                self.cap_ns,
                retry.max(1).saturating_add(self.first_exponent),
            ),
        }
    }

    fn jittered_ns(
        &self,
        backoff_ns: u64,
        retry: u32,
        prev_delay_ns: u64,
        rng: &mut StreamRng,
    ) -> u64 {
        match self.jitter {
            Jitter::None => backoff_ns,
            Jitter::Full => uniform_below(backoff_ns, rng),
            Jitter::Equal => {
                let half_ns = backoff_ns / 2;
                half_ns + uniform_below(backoff_ns - half_ns, rng)
            }
            Jitter::Decorrelated => self.decorrelated_ns(retry, prev_delay_ns, rng),
            Jitter::Grpc => plus_minus_20_ns(backoff_ns, rng),
        }
    }

    /// min(cap, U(base, 3·prev)), with prev = base before the first retry.
    fn decorrelated_ns(&self, retry: u32, prev_delay_ns: u64, rng: &mut StreamRng) -> u64 {
        let prev_ns = if retry <= 1 {
            self.base_ns
        } else {
            prev_delay_ns.max(self.base_ns)
        };
        let hi_ns = prev_ns.saturating_mul(3);
        let draw_ns = self.base_ns + uniform_below(hi_ns - self.base_ns, rng);
        draw_ns.min(self.cap_ns)
    }
}

/// min(cap, base·2^(retry−1)) without overflow; retry 0 is treated as 1.
fn exponential_ns(base_ns: u64, cap_ns: u64, retry: u32) -> u64 {
    let doublings = retry.saturating_sub(1);
    if doublings >= 64 {
        return if base_ns == 0 { 0 } else { cap_ns };
    }
    base_ns.saturating_mul(1u64 << doublings).min(cap_ns)
}

/// A uniform draw in [0, span_ns) (0 when the span is 0). One `unit` draw.
/// backoff · U(0.8, 1.2) (grpc-go `stream.go`: `cur * (0.8 + 0.4·rand)`).
fn plus_minus_20_ns(backoff_ns: u64, rng: &mut StreamRng) -> u64 {
    (backoff_ns as f64 * (0.8 + 0.4 * unit(rng))).round() as u64
}

fn uniform_below(span_ns: u64, rng: &mut StreamRng) -> u64 {
    let draw_ns = (unit(rng) * span_ns as f64) as u64;
    // Rounding can reach span_ns when span_ns has more than 53 bits.
    draw_ns.min(span_ns.saturating_sub(1))
}

/// botocore's retry quota (`botocore/retries/quota.py`, `standard.py`
/// `RetryQuotaChecker`): starts full at `capacity`; a retry costs
/// `retry_cost` (`timeout_retry_cost` after a timeout) and is refused when
/// fewer tokens are left; a success on the first attempt adds
/// `success_increment`; a success after retries refunds the last retry's
/// cost. Refills never exceed `capacity`.
#[derive(Clone, Debug)]
pub struct RetryQuota {
    capacity: u32,
    tokens: u32,
    retry_cost: u32,
    timeout_retry_cost: u32,
    success_increment: u32,
}

impl RetryQuota {
    pub fn new(cfg: &RetryBudget) -> RetryQuota {
        RetryQuota {
            capacity: cfg.capacity,
            tokens: cfg.capacity,
            retry_cost: cfg.retry_cost,
            timeout_retry_cost: cfg.timeout_retry_cost,
            success_increment: cfg.success_increment,
        }
    }

    /// What a retry after `outcome` costs (the amount to refund on success).
    pub fn cost(&self, outcome: Outcome) -> u32 {
        if outcome == Outcome::Timeout {
            self.timeout_retry_cost
        } else {
            self.retry_cost
        }
    }

    /// Takes the cost of a retry after `outcome`; false (and nothing taken)
    /// when the quota holds less than the cost.
    pub fn try_acquire(&mut self, outcome: Outcome) -> bool {
        let cost = self.cost(outcome);
        if cost > self.tokens {
            return false;
        }
        self.tokens -= cost;
        true
    }

    /// A request succeeded: `last_retry_cost` is the cost of the retry that
    /// succeeded (refunded), or None when the first attempt succeeded.
    pub fn on_success(&mut self, last_retry_cost: Option<u32>) {
        let refill = last_retry_cost.unwrap_or(self.success_increment);
        self.tokens = self.tokens.saturating_add(refill).min(self.capacity);
    }

    pub fn tokens(&self) -> u32 {
        self.tokens
    }

    pub fn capacity(&self) -> u32 {
        self.capacity
    }
}

/// Largest `retry.max_attempts`.
pub const MAX_ATTEMPTS: u32 = 100;
/// Largest backoff base, cap or timeout, in milliseconds (one day).
pub const MAX_MS: f64 = 86_400_000.0;
/// Largest quota capacity or cost.
pub const MAX_TOKENS: u32 = 1_000_000;

/// Checks the `retry` and `timeouts` sections; the error names the field
/// and the allowed range.
pub fn validate(retry: &Config, timeouts: &Timeouts) -> Result<(), ConfigError> {
    int_in("retry.max_attempts", retry.max_attempts, 1, MAX_ATTEMPTS)?;
    crate::schema::fields::check("retry.first_exponent", retry.first_exponent)?;
    ms_in("retry.base_ms", retry.base_ms)?;
    ms_in("retry.cap_ms", retry.cap_ms)?;
    let cap_used = match retry.backoff {
        Backoff::None => false,
        Backoff::Constant => retry.jitter == Jitter::Decorrelated,
        Backoff::Exponential => true,
    };
    if cap_used && retry.cap_ms < retry.base_ms {
        return Err(ConfigError::new(
            "retry.cap_ms",
            format!(
                "must be at least retry.base_ms ({} ms) (got {})",
                retry.base_ms, retry.cap_ms
            ),
        ));
    }
    validate_budget(&retry.budget)?;
    validate_timeouts(timeouts)
}

fn validate_budget(budget: &RetryBudget) -> Result<(), ConfigError> {
    int_in("retry.budget.capacity", budget.capacity, 1, MAX_TOKENS)?;
    int_in("retry.budget.retry_cost", budget.retry_cost, 0, MAX_TOKENS)?;
    int_in(
        "retry.budget.timeout_retry_cost",
        budget.timeout_retry_cost,
        0,
        MAX_TOKENS,
    )?;
    int_in(
        "retry.budget.success_increment",
        budget.success_increment,
        0,
        MAX_TOKENS,
    )
}

fn validate_timeouts(t: &Timeouts) -> Result<(), ConfigError> {
    ms_in("timeouts.pool_acquire_ms", t.pool_acquire_ms)?;
    ms_in("timeouts.connect_ms", t.connect_ms)?;
    ms_in("timeouts.attempt_ms", t.attempt_ms)?;
    ms_in("timeouts.total_ms", t.total_ms)
}

fn ms_in(field: &str, value_ms: f64) -> Result<(), ConfigError> {
    if !value_ms.is_finite() || !(0.0..=MAX_MS).contains(&value_ms) {
        return Err(ConfigError::new(
            field,
            format!(
                "must be a number of milliseconds between 0 and {MAX_MS} (got {})",
                num(value_ms)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Seeds, Stream};
    use crate::time::NS_PER_MS;

    /// base 100 ms, cap 1 s, 10 attempts.
    fn policy(backoff: Backoff, jitter: Jitter) -> RetryPolicy {
        RetryPolicy::new(&Config {
            max_attempts: 10,
            backoff,
            jitter,
            base_ms: 100.0,
            cap_ms: 1000.0,
            ..Config::default()
        })
    }

    fn jitter_rng(seed: u64) -> StreamRng {
        Seeds::new(seed).stream(Stream::Jitter)
    }

    fn ms(ns: u64) -> f64 {
        ns as f64 / NS_PER_MS as f64
    }

    #[test]
    fn exponential_doubles_up_to_the_cap() {
        let p = policy(Backoff::Exponential, Jitter::None);
        let mut rng = jitter_rng(1);
        let delays_ms: Vec<u64> = (1..=6)
            .map(|r| p.delay_ns(r, 0, None, &mut rng) / NS_PER_MS)
            .collect();
        assert_eq!(delays_ms, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(p.delay_ns(1, 0, None, &mut rng), 100 * NS_PER_MS);
        // No overflow far past 2^64.
        assert_eq!(p.delay_ns(200, 0, None, &mut rng), 1000 * NS_PER_MS);
        assert_eq!(p.delay_ns(0, 0, None, &mut rng), 100 * NS_PER_MS);
    }

    #[test]
    fn first_exponent_shifts_the_doubling() {
        // The AWS post's simulator: min(2000, 5 · 2ⁿ) from n = 1.
        let p = RetryPolicy::new(&Config {
            max_attempts: 20,
            base_ms: 5.0,
            cap_ms: 2000.0,
            jitter: Jitter::None,
            first_exponent: 1,
            ..Config::default()
        });
        let mut rng = jitter_rng(1);
        let delays_ms: Vec<u64> = (1..=10)
            .map(|r| p.delay_ns(r, 0, None, &mut rng) / NS_PER_MS)
            .collect();
        assert_eq!(delays_ms, [10, 20, 40, 80, 160, 320, 640, 1280, 2000, 2000]);
        // Far exponents saturate at the cap.
        let far = RetryPolicy::new(&Config {
            first_exponent: 62,
            jitter: Jitter::None,
            ..Config::default()
        });
        assert_eq!(far.delay_ns(90, 0, None, &mut rng), 20_000 * NS_PER_MS);
        // Decorrelated jitter does not use the exponent: its first draw is in [base, 3·base).
        let decorrelated = RetryPolicy::new(&Config {
            base_ms: 5.0,
            cap_ms: 2000.0,
            jitter: Jitter::Decorrelated,
            first_exponent: 1,
            ..Config::default()
        });
        let d = decorrelated.delay_ns(1, 0, None, &mut rng);
        assert!((5 * NS_PER_MS..15 * NS_PER_MS).contains(&d), "{d}");
    }

    #[test]
    fn constant_and_none_backoff() {
        let mut rng = jitter_rng(2);
        let constant = policy(Backoff::Constant, Jitter::None);
        assert_eq!(constant.delay_ns(1, 0, None, &mut rng), 100 * NS_PER_MS);
        assert_eq!(constant.delay_ns(7, 0, None, &mut rng), 100 * NS_PER_MS);
        let none = policy(Backoff::None, Jitter::Full);
        assert_eq!(none.delay_ns(3, 0, None, &mut rng), 0);
    }

    #[test]
    fn full_jitter_lies_below_the_backoff_and_averages_half() {
        let p = policy(Backoff::Exponential, Jitter::Full);
        let mut rng = jitter_rng(3);
        for retry in 1..=6u32 {
            let backoff_ns = ((100 * NS_PER_MS) << (retry - 1)).min(1000 * NS_PER_MS);
            let n = 20_000;
            let draws: Vec<u64> = (0..n)
                .map(|_| p.delay_ns(retry, 0, None, &mut rng))
                .collect();
            assert!(draws.iter().all(|&d| d < backoff_ns), "retry {retry}");
            let mean_ns = draws.iter().sum::<u64>() as f64 / n as f64;
            let ratio = mean_ns / backoff_ns as f64;
            assert!(
                (ratio - 0.5).abs() < 0.01,
                "retry {retry}: mean/backoff {ratio}"
            );
        }
    }

    #[test]
    fn grpc_jitter_is_twenty_percent_either_side() {
        let p = policy(Backoff::Exponential, Jitter::Grpc);
        let mut rng = jitter_rng(9);
        let backoff_ns = 400 * NS_PER_MS; // retry 3: 100 ms · 2²
        let n = 20_000;
        let draws: Vec<u64> = (0..n).map(|_| p.delay_ns(3, 0, None, &mut rng)).collect();
        let (lo, hi) = (backoff_ns * 8 / 10, backoff_ns * 12 / 10);
        assert!(draws.iter().all(|&d| d >= lo && d <= hi));
        let mean_ns = draws.iter().sum::<u64>() as f64 / n as f64;
        // U(0.8, 1.2) has mean 1 and sd 0.4/√12 ≈ 0.115: the mean of 20k is within 0.3%.
        assert!(
            (mean_ns / backoff_ns as f64 - 1.0).abs() < 0.003,
            "{mean_ns}"
        );
        let below = draws.iter().filter(|&&d| d < backoff_ns * 9 / 10).count() as f64 / n as f64;
        assert!((below - 0.25).abs() < 0.015, "a quarter below 0.9: {below}");
    }

    #[test]
    fn equal_jitter_lies_in_the_upper_half() {
        let p = policy(Backoff::Exponential, Jitter::Equal);
        let mut rng = jitter_rng(4);
        let backoff_ns = 400 * NS_PER_MS;
        let n = 20_000;
        let draws: Vec<u64> = (0..n).map(|_| p.delay_ns(3, 0, None, &mut rng)).collect();
        assert!(draws
            .iter()
            .all(|&d| (backoff_ns / 2..=backoff_ns).contains(&d)));
        let mean_ms = ms(draws.iter().sum::<u64>()) / n as f64;
        assert!((mean_ms - 300.0).abs() < 3.0, "mean {mean_ms} ms");
    }

    #[test]
    fn decorrelated_jitter_stays_between_base_and_three_times_the_previous() {
        let p = policy(Backoff::Exponential, Jitter::Decorrelated);
        let mut rng = jitter_rng(5);
        let (base_ns, cap_ns) = (100 * NS_PER_MS, 1000 * NS_PER_MS);
        let mut reached_cap = false;
        for _ in 0..2_000 {
            // The first retry ignores prev_delay_ns: prev = base.
            let mut prev_ns = p.delay_ns(1, 999 * NS_PER_MS, None, &mut rng);
            assert!(
                (base_ns..=3 * base_ns).contains(&prev_ns),
                "first {prev_ns}"
            );
            for retry in 2..=8 {
                let d = p.delay_ns(retry, prev_ns, None, &mut rng);
                assert!(
                    d >= base_ns && d <= cap_ns.min(3 * prev_ns),
                    "{d} after {prev_ns}"
                );
                reached_cap |= d == cap_ns;
                prev_ns = d;
            }
        }
        assert!(reached_cap, "the cap should bind sometimes");
    }

    #[test]
    fn retry_after_is_a_floor_when_honoured() {
        let mut rng = jitter_rng(6);
        let p = policy(Backoff::Exponential, Jitter::None);
        let two_s = 2_000 * NS_PER_MS;
        assert_eq!(p.delay_ns(1, 0, Some(two_s), &mut rng), two_s);
        assert_eq!(p.delay_ns(4, 0, Some(NS_PER_MS), &mut rng), 800 * NS_PER_MS);
        let none = policy(Backoff::None, Jitter::None);
        assert_eq!(none.delay_ns(1, 0, Some(two_s), &mut rng), two_s);
        let ignoring = RetryPolicy::new(&Config {
            honor_retry_after: false,
            jitter: Jitter::None,
            base_ms: 100.0,
            ..Config::default()
        });
        assert_eq!(
            ignoring.delay_ns(1, 0, Some(two_s), &mut rng),
            100 * NS_PER_MS
        );
    }

    #[test]
    fn delays_are_deterministic_per_seed() {
        let p = policy(Backoff::Exponential, Jitter::Full);
        let run = |seed| {
            let mut rng = jitter_rng(seed);
            (1..=5)
                .map(|r| p.delay_ns(r, 0, None, &mut rng))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(9), run(9));
        assert_ne!(run(9), run(10));
    }

    #[test]
    fn retryable_needs_attempts_left_and_a_listed_outcome() {
        let mut cfg = Config {
            max_attempts: 3,
            ..Config::default()
        };
        let p = RetryPolicy::new(&cfg);
        assert!(p.retryable(Outcome::ServerError, 1));
        assert!(p.retryable(Outcome::Unavailable, 2), "503 counts as 5xx");
        assert!(!p.retryable(Outcome::ServerError, 3), "no attempts left");
        assert!(!p.retryable(Outcome::Ok, 1));
        assert!(!p.retryable(Outcome::ClientRejected, 1));
        for o in [
            Outcome::Throttled,
            Outcome::Timeout,
            Outcome::ConnectError,
            Outcome::Conflict,
        ] {
            assert!(p.retryable(o, 1), "{o:?}");
        }
        cfg.on = vec![RetryOn::Throttled];
        let only_429 = RetryPolicy::new(&cfg);
        assert!(only_429.retryable(Outcome::Throttled, 1));
        assert!(!only_429.retryable(Outcome::Unavailable, 1));
        assert!(!only_429.retryable(Outcome::Timeout, 1));
        assert!(
            !RetryPolicy::new(&Config::default()).retryable(Outcome::ServerError, 1),
            "1 attempt"
        );
    }

    #[test]
    fn quota_follows_botocore() {
        let mut q = RetryQuota::new(&RetryBudget {
            enabled: true,
            ..RetryBudget::default()
        });
        assert_eq!(q.tokens(), 500);
        for i in 0..100 {
            assert!(q.try_acquire(Outcome::ServerError), "retry {i}");
        }
        assert_eq!(q.tokens(), 0);
        assert!(!q.try_acquire(Outcome::Throttled), "empty quota refuses");
        assert_eq!(q.tokens(), 0);
        q.on_success(Some(5)); // a success after a retry refunds its cost
        assert_eq!(q.tokens(), 5);
        q.on_success(None); // a first-attempt success adds 1
        assert_eq!(q.tokens(), 6);
        assert_eq!(q.cost(Outcome::Timeout), 10);
        assert!(!q.try_acquire(Outcome::Timeout), "a timeout retry costs 10");
        assert!(q.try_acquire(Outcome::ConnectError));
        assert_eq!(q.tokens(), 1);
        let mut full = RetryQuota::new(&RetryBudget::default());
        full.on_success(None);
        full.on_success(Some(10));
        assert_eq!(full.tokens(), 500, "capped at capacity");
    }

    #[test]
    fn quota_tokens_stay_within_bounds_under_random_use() {
        let mut rng = jitter_rng(11);
        let outcomes = [
            Outcome::ServerError,
            Outcome::Timeout,
            Outcome::Throttled,
            Outcome::ConnectError,
        ];
        for round in 0..50u32 {
            let budget = RetryBudget {
                enabled: true,
                capacity: 1 + round * 7,
                retry_cost: round % 9,
                timeout_retry_cost: round % 13 + 1,
                success_increment: round % 3,
            };
            let mut q = RetryQuota::new(&budget);
            for _ in 0..2_000 {
                let draw = unit(&mut rng);
                if draw < 0.6 {
                    let before = q.tokens();
                    let o = outcomes[(draw * 100.0) as usize % outcomes.len()];
                    let ok = q.try_acquire(o);
                    assert_eq!(ok, q.cost(o) <= before);
                } else if draw < 0.95 {
                    q.on_success(None);
                } else {
                    q.on_success(Some(if draw < 0.99 { 5 } else { u32::MAX }));
                }
                assert!(
                    q.tokens() <= q.capacity(),
                    "round {round}: {} > {}",
                    q.tokens(),
                    q.capacity()
                );
            }
        }
    }

    #[test]
    fn validate_names_the_field_and_range() {
        let t = Timeouts::default();
        assert!(validate(&Config::default(), &t).is_ok());
        let e = validate(
            &Config {
                max_attempts: 0,
                ..Config::default()
            },
            &t,
        )
        .unwrap_err();
        assert_eq!(e.field, "retry.max_attempts");
        assert!(e.message.contains("between 1 and 100"), "{}", e.message);
        let e = validate(
            &Config {
                base_ms: 500.0,
                cap_ms: 100.0,
                ..Config::default()
            },
            &t,
        )
        .unwrap_err();
        assert_eq!(e.field, "retry.cap_ms");
        let constant = Config {
            backoff: Backoff::Constant,
            jitter: Jitter::Full,
            base_ms: 500.0,
            cap_ms: 100.0,
            ..Config::default()
        };
        assert!(
            validate(&constant, &t).is_ok(),
            "constant backoff has no cap"
        );
        let e = validate(
            &Config {
                base_ms: f64::NAN,
                ..Config::default()
            },
            &t,
        )
        .unwrap_err();
        assert_eq!(e.field, "retry.base_ms");
        let mut budget = RetryBudget {
            capacity: 0,
            ..RetryBudget::default()
        };
        let e = validate(
            &Config {
                budget: budget.clone(),
                ..Config::default()
            },
            &t,
        )
        .unwrap_err();
        assert_eq!(e.field, "retry.budget.capacity");
        budget.capacity = 10;
        assert!(validate(
            &Config {
                budget,
                ..Config::default()
            },
            &t
        )
        .is_ok());
        let bad = Timeouts {
            total_ms: -1.0,
            ..Timeouts::default()
        };
        assert_eq!(
            validate(&Config::default(), &bad).unwrap_err().field,
            "timeouts.total_ms"
        );
        let bad = Timeouts {
            pool_acquire_ms: f64::INFINITY,
            ..Timeouts::default()
        };
        assert_eq!(
            validate(&Config::default(), &bad).unwrap_err().field,
            "timeouts.pool_acquire_ms"
        );
    }
}
