//! Rate limiters: pure state machines that say whether a request may pass at a
//! given virtual time. The same algorithms serve the client-side `limiter`
//! section and the server-side `server.rate_limit` section.
//!
//! One file per algorithm, each following the source named in
//! the shared reference's `library-defaults.md` §2:
//!
//! | kind | file | behaviour of |
//! |---|---|---|
//! | `fixed_window` | `fixed_window.rs` | counter reset at each window boundary |
//! | `sliding_log` | `sliding_log.rs` | exact log of admission times |
//! | `sliding_window` | `sliding_window.rs` | Cloudflare's weighted two-window counter |
//! | `leaky_bucket` | `leaky_bucket.rs` | nginx `limit_req` (`burst`, `delay=`, `nodelay`) |
//! | `token_bucket` | `token_bucket.rs` | Go `x/time/rate` |
//! | `gcra` | `gcra.rs` | redis-cell / throttled GCRA |
//!
//! The simulator owns waiting: a limiter never queues. It answers one call at
//! a time with a [`Decision`]; on [`Decision::NotBefore`] the caller either
//! rejects (mode `reject`) or parks the request at the tail of a FIFO queue and
//! calls [`RateLimit::try_admit`] for the head again at that time (mode `wait`).
//!
//! Invariants every limiter keeps:
//! - time never goes back between calls (checked by `debug_assert`);
//! - `NotBefore(t)` leaves the state unchanged and is exact: with no other
//!   call in between, a call at `t − 1 ns` would still be refused and a call at
//!   `t` is accepted (the tests check this on random arrival sequences);
//! - all arithmetic is on integer nanoseconds (rates become a whole number of
//!   nanoseconds per token, computed once in [`build`]); nothing allocates per
//!   call (the sliding log's ring is allocated once, with capacity `limit`).

pub mod config;

pub use config::{Config, LimiterKind, LimiterMode};

mod fixed_window;
mod gcra;
mod leaky_bucket;
mod sliding_log;
mod sliding_window;
mod token_bucket;

pub use fixed_window::FixedWindow;
pub use gcra::Gcra;
pub use leaky_bucket::LeakyBucket;
pub use sliding_log::SlidingLog;
pub use sliding_window::SlidingWindow;
pub use token_bucket::TokenBucket;

use crate::schema::check::{float_in, int_in};
use crate::schema::ConfigError;
use crate::time::{SimTime, NS_PER_MS, NS_PER_S};

/// What a limiter says about one request at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Admitted now (state updated).
    Admit,
    /// Accepted, but passes only at this time (state updated; nginx delayed requests).
    AdmitAt(SimTime),
    /// Not admitted; the earliest time a retry could succeed (the Retry-After hint). State unchanged.
    NotBefore(SimTime),
}

/// A rate limiter's one operation.
pub trait RateLimit {
    /// Asks to admit one request at `now`. `now` never decreases between calls.
    fn try_admit(&mut self, now: SimTime) -> Decision;
}

/// Smallest accepted `rate_per_s` (one request per 1000 s).
pub const MIN_RATE_PER_S: f64 = 0.001;
/// Largest accepted `rate_per_s` (one request per nanosecond).
pub const MAX_RATE_PER_S: f64 = 1e9;
/// Largest accepted `burst`, `delay` and `limit`.
pub const MAX_COUNT: u32 = 1_000_000;
/// Smallest accepted `window_ms` (one microsecond).
pub const MIN_WINDOW_MS: f64 = 0.001;
/// Largest accepted `window_ms` (one day).
pub const MAX_WINDOW_MS: f64 = 86_400_000.0;

/// Builds the limiter a section describes; `None` for `LimiterKind::None`.
///
/// Expects a config that passed [`validate`]; out-of-range values are only
/// clamped far enough to keep the arithmetic defined (never a panic).
pub fn build(cfg: &Config) -> Option<Box<dyn RateLimit>> {
    let limiter: Box<dyn RateLimit> = match cfg.kind {
        LimiterKind::None => return None,
        LimiterKind::FixedWindow => Box::new(FixedWindow::new(cfg.limit, window_ns(cfg.window_ms))),
        LimiterKind::SlidingLog => Box::new(SlidingLog::new(cfg.limit, window_ns(cfg.window_ms))),
        LimiterKind::SlidingWindow => {
            Box::new(SlidingWindow::new(cfg.limit, window_ns(cfg.window_ms)))
        }
        LimiterKind::LeakyBucket => Box::new(LeakyBucket::new(
            rate_milli_per_s(cfg.rate_per_s),
            cfg.burst,
            delay_requests(cfg),
        )),
        LimiterKind::TokenBucket => {
            Box::new(TokenBucket::new(interval_ns(cfg.rate_per_s), cfg.burst))
        }
        LimiterKind::Gcra => Box::new(Gcra::new(interval_ns(cfg.rate_per_s), cfg.burst)),
    };
    Some(limiter)
}

/// Checks the fields the section's `kind` uses, naming `{prefix}.field` and
/// the allowed range on failure. A `none` section is always valid.
pub fn validate(cfg: &Config, prefix: &str) -> Result<(), ConfigError> {
    let field = |name: &str| format!("{prefix}.{name}");
    match cfg.kind {
        LimiterKind::None => Ok(()),
        LimiterKind::FixedWindow | LimiterKind::SlidingLog | LimiterKind::SlidingWindow => {
            int_in(&field("limit"), cfg.limit, 1, MAX_COUNT)?;
            float_in(
                &field("window_ms"),
                cfg.window_ms,
                MIN_WINDOW_MS,
                MAX_WINDOW_MS,
            )
        }
        LimiterKind::LeakyBucket => {
            rate_in(&field("rate_per_s"), cfg.rate_per_s)?;
            int_in(&field("burst"), cfg.burst, 0, MAX_COUNT)?;
            int_in(&field("delay"), cfg.delay, 0, MAX_COUNT)
        }
        LimiterKind::TokenBucket => {
            rate_in(&field("rate_per_s"), cfg.rate_per_s)?;
            int_in(&field("burst"), cfg.burst, 1, MAX_COUNT)
        }
        LimiterKind::Gcra => {
            rate_in(&field("rate_per_s"), cfg.rate_per_s)?;
            int_in(&field("burst"), cfg.burst, 0, MAX_COUNT)
        }
    }
}

fn rate_in(field: &str, rate_per_s: f64) -> Result<(), ConfigError> {
    float_in(field, rate_per_s, MIN_RATE_PER_S, MAX_RATE_PER_S)
}

/// Nanoseconds between tokens (emissions) at `rate_per_s`, rounded to the
/// nearest nanosecond, at least 1. Rounding changes the rate by less than
/// 0.5 ns per token.
pub fn interval_ns(rate_per_s: f64) -> u64 {
    let ns = (NS_PER_S as f64 / rate_per_s).round();
    if ns.is_nan() || ns < 1.0 {
        1
    } else if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        ns as u64
    }
}

/// A window length in nanoseconds, at least 1.
pub fn window_ns(window_ms: f64) -> u64 {
    crate::time::ms_to_ns(window_ms).max(1)
}

/// nginx keeps its rate in requests per 1000 s ("milli-requests" per second,
/// `rate * 1000 / scale`); at least 1.
pub fn rate_milli_per_s(rate_per_s: f64) -> u64 {
    let milli = (rate_per_s * 1000.0).round();
    if milli.is_nan() || milli < 1.0 {
        1
    } else if milli >= u64::MAX as f64 {
        u64::MAX
    } else {
        milli as u64
    }
}

/// nginx `delay=N` in requests; `nodelay` means no excess request is ever delayed.
fn delay_requests(cfg: &Config) -> u64 {
    if cfg.nodelay {
        u64::MAX / 1_000_000
    } else {
        cfg.delay as u64
    }
}

/// Debug-build guard that virtual time never goes back between calls.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Monotonic {
    last_ns: SimTime,
}

impl Monotonic {
    pub(crate) fn observe(&mut self, now: SimTime) {
        debug_assert!(
            now >= self.last_ns,
            "time went back: {now} < {}",
            self.last_ns
        );
        self.last_ns = now;
    }
}

/// Milliseconds, as nginx's clock (`ngx_current_msec`) sees a time.
pub(crate) fn ms_of(now: SimTime) -> u64 {
    now / NS_PER_MS
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Shared test helpers: random time-ordered arrivals and the exactness
    //! check of `NotBefore` hints.

    use super::{Decision, RateLimit};
    use crate::rng::{unit, Seeds, Stream};
    use crate::time::SimTime;

    /// A time-ordered arrival sequence mixing simultaneous arrivals, tiny gaps
    /// and long idle gaps, so boundaries and refills are all exercised.
    pub fn arrivals(seed: u64, n: usize, scale_ns: u64) -> Vec<SimTime> {
        let mut rng = Seeds::new(seed).stream(Stream::Arrivals);
        let mut t: SimTime = 0;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = unit(&mut rng);
            let u = unit(&mut rng);
            let gap = if kind < 0.3 {
                0
            } else if kind < 0.6 {
                (u * 10.0) as u64
            } else if kind < 0.95 {
                (u * scale_ns as f64) as u64
            } else {
                (u * 20.0 * scale_ns as f64) as u64
            };
            t += gap;
            out.push(t);
        }
        out
    }

    /// Asserts that a `NotBefore(hint)` given at `now` is exact: on copies of
    /// the limiter, a call at `hint − 1` (not before `now`, as `hint > now`)
    /// is still refused and a call at `hint` is accepted.
    pub fn assert_hint_exact<L: RateLimit + Clone>(lim: &L, now: SimTime, hint: SimTime) {
        assert!(hint > now, "hint {hint} not after now {now}");
        let mut early = lim.clone();
        let d = early.try_admit(hint - 1);
        assert!(
            matches!(d, Decision::NotBefore(_)),
            "at hint-1 = {} expected a refusal, got {d:?}",
            hint - 1
        );
        let mut on_time = lim.clone();
        let d = on_time.try_admit(hint);
        assert!(
            !matches!(d, Decision::NotBefore(_)),
            "at hint = {hint} expected acceptance, got {d:?}"
        );
    }

    /// Admits a backlog of `n` requests all present at `t0` through a FIFO
    /// wait loop (as the simulator does in `wait` mode), returning each
    /// request's pass time.
    pub fn drain_backlog(lim: &mut dyn RateLimit, t0: SimTime, n: usize) -> Vec<SimTime> {
        let mut now = t0;
        let mut out = Vec::with_capacity(n);
        // A correct hint admits on the retry, so two refusals in a row are a bug.
        let mut refused_last = false;
        while out.len() < n {
            match lim.try_admit(now) {
                Decision::Admit => out.push(now),
                Decision::AdmitAt(t) => out.push(t),
                Decision::NotBefore(t) => {
                    assert!(t > now && !refused_last, "hint {t} at {now} did not admit");
                    refused_last = true;
                    now = t;
                    continue;
                }
            }
            refused_last = false;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::LimiterMode;

    fn cfg(kind: LimiterKind) -> Config {
        Config {
            kind,
            mode: LimiterMode::Wait,
            ..Config::default()
        }
    }

    #[test]
    fn build_none_is_none_and_every_kind_builds() {
        assert!(build(&cfg(LimiterKind::None)).is_none());
        let kinds = [
            LimiterKind::FixedWindow,
            LimiterKind::SlidingLog,
            LimiterKind::SlidingWindow,
            LimiterKind::LeakyBucket,
            LimiterKind::TokenBucket,
            LimiterKind::Gcra,
        ];
        for kind in kinds {
            let mut lim = build(&cfg(kind)).expect("a kind other than none builds");
            // Defaults (rate 100/s, burst 1, limit 100 per 1 s): the first request passes.
            assert_eq!(lim.try_admit(0), Decision::Admit, "{kind:?}");
        }
    }

    #[test]
    fn conversions_are_exact_for_round_rates() {
        assert_eq!(interval_ns(10.0), 100_000_000);
        assert_eq!(interval_ns(3.0), 333_333_333);
        assert_eq!(interval_ns(1e9), 1);
        assert_eq!(interval_ns(2e9), 1);
        assert_eq!(rate_milli_per_s(10.0), 10_000);
        assert_eq!(rate_milli_per_s(0.5), 500); // nginx 30r/m
        assert_eq!(rate_milli_per_s(0.0), 1);
        assert_eq!(window_ns(1000.0), 1_000_000_000);
        assert_eq!(window_ns(0.0), 1);
    }

    #[test]
    fn validate_names_field_and_range() {
        let cases: Vec<(Config, &str)> = vec![
            (
                Config {
                    rate_per_s: 0.0,
                    ..cfg(LimiterKind::TokenBucket)
                },
                "server.rate_limit.rate_per_s",
            ),
            (
                Config {
                    rate_per_s: f64::NAN,
                    ..cfg(LimiterKind::Gcra)
                },
                "server.rate_limit.rate_per_s",
            ),
            (
                Config {
                    burst: 0,
                    ..cfg(LimiterKind::TokenBucket)
                },
                "server.rate_limit.burst",
            ),
            (
                Config {
                    burst: 2_000_000,
                    ..cfg(LimiterKind::LeakyBucket)
                },
                "server.rate_limit.burst",
            ),
            (
                Config {
                    delay: 2_000_000,
                    ..cfg(LimiterKind::LeakyBucket)
                },
                "server.rate_limit.delay",
            ),
            (
                Config {
                    limit: 0,
                    ..cfg(LimiterKind::FixedWindow)
                },
                "server.rate_limit.limit",
            ),
            (
                Config {
                    window_ms: 0.0,
                    ..cfg(LimiterKind::SlidingLog)
                },
                "server.rate_limit.window_ms",
            ),
            (
                Config {
                    window_ms: -5.0,
                    ..cfg(LimiterKind::SlidingWindow)
                },
                "server.rate_limit.window_ms",
            ),
        ];
        for (c, field) in cases {
            let err = validate(&c, "server.rate_limit").expect_err(field);
            assert_eq!(err.field, field);
            assert!(err.message.contains("between"), "{}", err.message);
        }
        let burst0 = Config {
            burst: 0,
            ..cfg(LimiterKind::TokenBucket)
        };
        let err = validate(&burst0, "limiter").expect_err("burst 0");
        assert_eq!(
            err.to_string(),
            "limiter.burst: must be between 1 and 1000000 (got 0)"
        );
    }

    #[test]
    fn validate_accepts_defaults_and_ignores_unused_fields() {
        for kind in [
            LimiterKind::None,
            LimiterKind::FixedWindow,
            LimiterKind::SlidingLog,
            LimiterKind::SlidingWindow,
            LimiterKind::LeakyBucket,
            LimiterKind::TokenBucket,
            LimiterKind::Gcra,
        ] {
            assert_eq!(validate(&cfg(kind), "limiter"), Ok(()), "{kind:?}");
        }
        // A window limiter does not care about rate; a bucket does not care about window.
        let win = Config {
            rate_per_s: -1.0,
            ..cfg(LimiterKind::FixedWindow)
        };
        assert_eq!(validate(&win, "limiter"), Ok(()));
        let bucket = Config {
            window_ms: -1.0,
            limit: 0,
            ..cfg(LimiterKind::Gcra)
        };
        assert_eq!(validate(&bucket, "limiter"), Ok(()));
        // GCRA and nginx accept burst 0 (one at a time); the token bucket does not.
        let gcra0 = Config {
            burst: 0,
            ..cfg(LimiterKind::Gcra)
        };
        assert_eq!(validate(&gcra0, "limiter"), Ok(()));
    }

    #[test]
    fn nodelay_overrides_delay() {
        let c = Config {
            nodelay: true,
            delay: 3,
            ..cfg(LimiterKind::LeakyBucket)
        };
        assert_eq!(delay_requests(&c), u64::MAX / 1_000_000);
        let c = Config {
            nodelay: false,
            delay: 3,
            ..cfg(LimiterKind::LeakyBucket)
        };
        assert_eq!(delay_requests(&c), 3);
    }
}
