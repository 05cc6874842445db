//! Adaptive concurrency limits: pure state machines that turn finished
//! attempts (round-trip time, in-flight count at start, dropped or not) into a
//! concurrency limit. The simulator sizes a semaphore with [`AdaptiveLimit::limit`]
//! after each [`AdaptiveLimit::on_sample`].
//!
//! | kind | file | behaviour of |
//! |---|---|---|
//! | `aimd` | `aimd.rs` | Netflix concurrency-limits `AIMDLimit` |
//! | `vegas` | `vegas.rs` | Netflix concurrency-limits `VegasLimit` |
//! | `gradient2` | `gradient2.rs` | Netflix concurrency-limits `Gradient2Limit` |
//! | `ewma_score` | `ewma_score.rs` | a weighted score of QPS, latency and error-rate EWMAs |
//! | `guide_score` | `guide_score.rs` | the same EWMAs in the guide's raw units: QPS dominates |
//!
//! Sources: the shared reference's `library-defaults.md` §2
//! (`Netflix/concurrency-limits@v0.5.4`).
//!
//! Invariant every controller keeps: `min_limit ≤ limit() ≤ max_limit`, from
//! construction on, whatever samples arrive. Everything is deterministic: the
//! only "random" draw (Vegas's probe jitter) comes from a fixed seeded
//! sequence.

pub mod config;

pub use config::{AdaptiveKind, Config};

mod aimd;
mod ewma_score;
mod gradient2;
mod guide_score;
mod vegas;

pub use aimd::Aimd;
pub use ewma_score::EwmaScore;
pub use gradient2::Gradient2;
pub use guide_score::GuideScore;
pub use vegas::Vegas;

use crate::schema::check::{float_in, int_in, num, positive};
use crate::schema::ConfigError;
use crate::time::SimTime;

/// A concurrency limit that follows measurements.
pub trait AdaptiveLimit {
    fn limit(&self) -> u32;
    /// One finished attempt: its round-trip time, the number in flight when it started, and whether it was dropped (error, timeout, 429/503).
    fn on_sample(&mut self, now: SimTime, rtt_ns: u64, inflight: u32, dropped: bool);
}

/// Largest accepted `min_limit`, `max_limit`, `initial_limit` and `base_limit`.
pub const MAX_LIMIT: u32 = 1_000_000;
/// Largest accepted `timeout_ms` and `latency_target_ms` (one hour).
pub const MAX_MS: f64 = 3_600_000.0;
/// Largest accepted `qps_target`.
pub const MAX_QPS: f64 = 1e9;

/// Builds the controller a section describes; `None` for `AdaptiveKind::None`.
///
/// Expects a config that passed [`validate`]; otherwise the bounds are still
/// enforced (never a panic).
pub fn build(cfg: &Config) -> Option<Box<dyn AdaptiveLimit>> {
    let bounds = Bounds::new(cfg.min_limit, cfg.max_limit);
    let limit: Box<dyn AdaptiveLimit> = match cfg.kind {
        AdaptiveKind::None => return None,
        AdaptiveKind::Aimd => Box::new(Aimd::new(cfg, bounds)),
        AdaptiveKind::Vegas => Box::new(Vegas::new(cfg.initial_limit, bounds)),
        AdaptiveKind::Gradient2 => Box::new(Gradient2::new(cfg.initial_limit, bounds)),
        AdaptiveKind::EwmaScore => Box::new(EwmaScore::new(cfg, bounds)),
        AdaptiveKind::GuideScore => Box::new(GuideScore::new(cfg, bounds)),
    };
    Some(limit)
}

/// Checks the `adaptive` section: the limits for every kind, and the fields
/// the kind uses. Errors name `adaptive.field` and the allowed range.
pub fn validate(cfg: &Config) -> Result<(), ConfigError> {
    if cfg.kind == AdaptiveKind::None {
        return Ok(());
    }
    int_in("adaptive.min_limit", cfg.min_limit, 1, MAX_LIMIT)?;
    int_in(
        "adaptive.max_limit",
        cfg.max_limit,
        cfg.min_limit,
        MAX_LIMIT,
    )?;
    int_in(
        "adaptive.initial_limit",
        cfg.initial_limit,
        cfg.min_limit,
        cfg.max_limit,
    )?;
    match cfg.kind {
        AdaptiveKind::Aimd => validate_aimd(cfg),
        AdaptiveKind::EwmaScore => validate_ewma(cfg),
        AdaptiveKind::GuideScore => validate_guide(cfg),
        AdaptiveKind::None | AdaptiveKind::Vegas | AdaptiveKind::Gradient2 => Ok(()),
    }
}

fn validate_aimd(cfg: &Config) -> Result<(), ConfigError> {
    float_in("adaptive.timeout_ms", cfg.timeout_ms, 0.0, MAX_MS)?;
    // AIMDLimit.Builder.backoffRatio: "must be in the range [0.5, 1.0)".
    let r = cfg.backoff_ratio;
    if !r.is_finite() || !(0.5..1.0).contains(&r) {
        let message = format!("must be a number at least 0.5 and below 1 (got {})", num(r));
        return Err(ConfigError::new("adaptive.backoff_ratio", message));
    }
    Ok(())
}

fn validate_ewma(cfg: &Config) -> Result<(), ConfigError> {
    int_in("adaptive.base_limit", cfg.base_limit, 1, MAX_LIMIT)?;
    positive("adaptive.ewma_alpha", cfg.ewma_alpha, 1.0)?;
    positive("adaptive.latency_target_ms", cfg.latency_target_ms, MAX_MS)?;
    positive("adaptive.qps_target", cfg.qps_target, MAX_QPS)
}

fn validate_guide(cfg: &Config) -> Result<(), ConfigError> {
    int_in("adaptive.base_limit", cfg.base_limit, 1, MAX_LIMIT)?;
    positive("adaptive.ewma_alpha", cfg.ewma_alpha, 1.0)
}

/// The `[min_limit, max_limit]` range every controller stays in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub min_limit: u32,
    pub max_limit: u32,
}

impl Bounds {
    /// A range with `1 ≤ min_limit ≤ max_limit` (an inverted range collapses to `max_limit`).
    pub fn new(min_limit: u32, max_limit: u32) -> Self {
        let max_limit = max_limit.max(1);
        Bounds {
            min_limit: min_limit.clamp(1, max_limit),
            max_limit,
        }
    }

    pub fn clamp(self, limit: u32) -> u32 {
        limit.clamp(self.min_limit, self.max_limit)
    }

    /// Clamps a fractional estimate (NaN maps to `min_limit`).
    pub fn clamp_f64(self, limit: f64) -> f64 {
        if limit.is_nan() {
            return self.min_limit as f64;
        }
        limit.clamp(self.min_limit as f64, self.max_limit as f64)
    }
}

/// Java's `(int) x` for a non-negative estimate already inside the bounds.
fn truncate(estimate: f64) -> u32 {
    estimate as u32
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Random sample streams for the invariant tests.

    use crate::rng::{unit, Seeds, Stream};
    use crate::time::NS_PER_MS;

    /// One finished attempt.
    #[derive(Clone, Copy, Debug)]
    pub struct Sample {
        pub now: u64,
        pub rtt_ns: u64,
        pub inflight: u32,
        pub dropped: bool,
    }

    /// Time-ordered samples with RTTs from 0 ns to about 10 s (regime
    /// changes included), in-flight counts up to `2·max_inflight` and ~10 % drops.
    pub fn samples(seed: u64, n: usize, max_inflight: u32) -> Vec<Sample> {
        let mut rng = Seeds::new(seed).stream(Stream::Service);
        let mut now = 0;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let regime = if (i / 50) % 2 == 0 { 1.0 } else { 20.0 };
            let rtt_ms = regime * 10.0 * (-unit(&mut rng).max(1e-12).ln()) * (1.0 + unit(&mut rng));
            let rtt_ns = if unit(&mut rng) < 0.02 {
                0
            } else {
                (rtt_ms * NS_PER_MS as f64) as u64
            };
            now += (unit(&mut rng) * 5.0 * NS_PER_MS as f64) as u64;
            let inflight = (unit(&mut rng) * 2.0 * max_inflight as f64) as u32;
            let dropped = unit(&mut rng) < 0.1;
            out.push(Sample {
                now,
                rtt_ns,
                inflight,
                dropped,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(kind: AdaptiveKind) -> Config {
        Config {
            kind,
            ..Config::default()
        }
    }

    const KINDS: [AdaptiveKind; 5] = [
        AdaptiveKind::GuideScore,
        AdaptiveKind::Aimd,
        AdaptiveKind::Vegas,
        AdaptiveKind::Gradient2,
        AdaptiveKind::EwmaScore,
    ];

    #[test]
    fn build_starts_at_initial_limit() {
        assert!(build(&cfg(AdaptiveKind::None)).is_none());
        for kind in KINDS {
            let c = Config {
                initial_limit: 37,
                ..cfg(kind)
            };
            assert_eq!(build(&c).expect("builds").limit(), 37, "{kind:?}");
        }
    }

    #[test]
    fn build_clamps_an_unvalidated_initial_limit() {
        for kind in KINDS {
            let c = Config {
                initial_limit: 5_000,
                min_limit: 2,
                max_limit: 40,
                ..cfg(kind)
            };
            assert_eq!(build(&c).expect("builds").limit(), 40, "{kind:?}");
            let c = Config {
                initial_limit: 0,
                min_limit: 2,
                max_limit: 40,
                ..cfg(kind)
            };
            assert_eq!(build(&c).expect("builds").limit(), 2, "{kind:?}");
        }
    }

    #[test]
    fn validate_names_field_and_range() {
        let cases: Vec<(Config, &str, &str)> = vec![
            (
                Config {
                    min_limit: 0,
                    ..cfg(AdaptiveKind::Vegas)
                },
                "adaptive.min_limit",
                "between 1 and 1000000",
            ),
            (
                Config {
                    min_limit: 10,
                    max_limit: 5,
                    ..cfg(AdaptiveKind::Vegas)
                },
                "adaptive.max_limit",
                "between 10 and 1000000",
            ),
            (
                Config {
                    initial_limit: 2_000,
                    ..cfg(AdaptiveKind::Gradient2)
                },
                "adaptive.initial_limit",
                "between 1 and 1000",
            ),
            (
                Config {
                    backoff_ratio: 1.0,
                    ..cfg(AdaptiveKind::Aimd)
                },
                "adaptive.backoff_ratio",
                "at least 0.5 and below 1",
            ),
            (
                Config {
                    backoff_ratio: 0.4,
                    ..cfg(AdaptiveKind::Aimd)
                },
                "adaptive.backoff_ratio",
                "at least 0.5 and below 1",
            ),
            (
                Config {
                    timeout_ms: -1.0,
                    ..cfg(AdaptiveKind::Aimd)
                },
                "adaptive.timeout_ms",
                "between 0 and 3600000",
            ),
            (
                Config {
                    base_limit: 0,
                    ..cfg(AdaptiveKind::EwmaScore)
                },
                "adaptive.base_limit",
                "between 1 and 1000000",
            ),
            (
                Config {
                    ewma_alpha: 0.0,
                    ..cfg(AdaptiveKind::EwmaScore)
                },
                "adaptive.ewma_alpha",
                "greater than 0 and at most 1",
            ),
            (
                Config {
                    ewma_alpha: 1.5,
                    ..cfg(AdaptiveKind::EwmaScore)
                },
                "adaptive.ewma_alpha",
                "greater than 0 and at most 1",
            ),
            (
                Config {
                    latency_target_ms: f64::INFINITY,
                    ..cfg(AdaptiveKind::EwmaScore)
                },
                "adaptive.latency_target_ms",
                "greater than 0",
            ),
            (
                Config {
                    qps_target: 0.0,
                    ..cfg(AdaptiveKind::EwmaScore)
                },
                "adaptive.qps_target",
                "greater than 0",
            ),
        ];
        for (c, field, range) in cases {
            let err = validate(&c).expect_err(field);
            assert_eq!(err.field, field);
            assert!(err.message.contains(range), "{field}: {}", err.message);
        }
    }

    #[test]
    fn validate_accepts_defaults_and_ignores_unused_fields() {
        for kind in KINDS {
            assert_eq!(validate(&cfg(kind)), Ok(()), "{kind:?}");
        }
        // Off: nothing is checked.
        assert_eq!(
            validate(&Config {
                min_limit: 0,
                ..cfg(AdaptiveKind::None)
            }),
            Ok(())
        );
        // Vegas does not use the AIMD or EWMA fields.
        let c = Config {
            backoff_ratio: 7.0,
            ewma_alpha: -1.0,
            ..cfg(AdaptiveKind::Vegas)
        };
        assert_eq!(validate(&c), Ok(()));
    }

    #[test]
    fn bounds_never_panic_and_clamp() {
        let b = Bounds::new(0, 0);
        assert_eq!((b.min_limit, b.max_limit), (1, 1));
        let b = Bounds::new(50, 10);
        assert_eq!((b.min_limit, b.max_limit), (10, 10));
        let b = Bounds::new(3, 9);
        assert_eq!((b.clamp(1), b.clamp(5), b.clamp(99)), (3, 5, 9));
        assert_eq!(
            (b.clamp_f64(f64::NAN), b.clamp_f64(-4.0), b.clamp_f64(1e300)),
            (3.0, 3.0, 9.0)
        );
    }

    #[test]
    fn randomized_limits_stay_in_bounds() {
        for seed in 0..100u64 {
            for kind in KINDS {
                let min_limit = 1 + (seed % 5) as u32;
                let max_limit = min_limit + 3 + (seed % 40) as u32;
                let c = Config {
                    kind,
                    min_limit,
                    max_limit,
                    initial_limit: min_limit + (seed % 3) as u32,
                    timeout_ms: if seed % 2 == 0 { 0.0 } else { 50.0 },
                    base_limit: max_limit / 2 + 1,
                    ..Config::default()
                };
                let mut lim = build(&c).expect("builds");
                let mut seen = std::collections::BTreeSet::new();
                for s in testkit::samples(seed, 600, max_limit) {
                    lim.on_sample(s.now, s.rtt_ns, s.inflight, s.dropped);
                    let l = lim.limit();
                    assert!(
                        (min_limit..=max_limit).contains(&l),
                        "{kind:?} seed {seed}: {l}"
                    );
                    seen.insert(l);
                }
                // The guide's raw-unit score is pinned to a bound whenever QPS is far
                // from the base limit (its very flaw), so only the others must move.
                assert!(
                    seen.len() > 1 || kind == AdaptiveKind::GuideScore,
                    "{kind:?} seed {seed}: the limit never moved"
                );
            }
        }
    }
}
