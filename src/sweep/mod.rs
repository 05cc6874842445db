//! Sweeps: one scenario run at every point of a grid of `--set` values (and
//! over several seeds), keeping only each run's `Summary`. The knee of a
//! throughput-vs-knob curve comes out of it: throughput rising with the knob,
//! then flat at the binding ceiling while latency grows.
//!
//! Common random numbers: every point runs with the same seed (or the same
//! list of seeds), so two points differ only by the knob, not by luck.
//! Every point is built and validated before the first one runs, so a bad
//! value fails the sweep at once with the key named.

pub mod interval;
pub mod job;
pub mod render;
pub mod spec;
pub mod view;

use crate::report::Summary;
use crate::scenario::ConfigError;
use interval::Interval;
pub use job::SweepJob;
use serde::Serialize;
pub use spec::{parse_vary, Spacing, SweepSpec, Vary};

/// One point of the grid: its settings, the first seed's summary, and the
/// spread over seeds of the headline numbers.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// The varied keys and their values at this point, in `--vary` order.
    pub set: Vec<(String, String)>,
    /// The run with the base seed (the one `poolsim run` would print).
    pub summary: Summary,
    /// Seeds run at this point.
    pub seeds: Vec<u64>,
    pub throughput_rps: Interval,
    pub latency_mean_ms: Interval,
    pub latency_p99_ms: Interval,
    pub error_rate: Interval,
    /// Attempts, retries included (the AWS post's "work").
    pub attempts: Interval,
    /// Time to the last completion (the AWS post's "time").
    pub makespan_s: Interval,
}

/// A finished sweep.
#[derive(Clone, Debug, Serialize)]
pub struct SweepOutput {
    pub scenario: String,
    pub keys: Vec<String>,
    pub points: Vec<Point>,
    /// Index of the first point after which throughput grows by less than
    /// `KNEE_GAIN` along the first key (with the other keys fixed), if any.
    pub knee: Option<usize>,
}

/// Throughput growing by less than this fraction from one point to the next is "flat".
pub const KNEE_GAIN: f64 = 0.05;

/// Runs `text` (a scenario's JSON) with `base` overrides at every point of `spec`.
/// `progress(done, total)` is called after each run.
pub fn sweep(
    text: &str,
    base: &[(String, String)],
    spec: &SweepSpec,
    progress: impl FnMut(usize, usize),
) -> Result<SweepOutput, ConfigError> {
    Ok(SweepJob::new(text, base, spec)?.run_to_end(progress))
}

pub(crate) fn point(set: Vec<(String, String)>, runs: Vec<Summary>, seeds: Vec<u64>) -> Point {
    let of = |f: fn(&Summary) -> f64| Interval::of(&runs.iter().map(f).collect::<Vec<_>>());
    Point {
        set,
        throughput_rps: of(|s| s.throughput_rps),
        latency_mean_ms: of(|s| s.latency_ms.mean),
        latency_p99_ms: of(|s| s.latency_ms.p99),
        error_rate: of(error_rate),
        attempts: of(|s| s.attempts as f64),
        makespan_s: of(|s| s.makespan_s),
        summary: runs.into_iter().next().expect("at least one seed"),
        seeds,
    }
}

/// Failed requests as a fraction of requests issued.
pub fn error_rate(s: &Summary) -> f64 {
    if s.requests == 0 {
        0.0
    } else {
        s.failed as f64 / s.requests as f64
    }
}

/// The knee along the first key, when it is the only key varied.
pub(crate) fn knee(points: &[Point], spec: &SweepSpec) -> Option<usize> {
    if spec.vary.len() != 1 {
        return None;
    }
    points.windows(2).position(|w| {
        let (a, b) = (w[0].throughput_rps.mean, w[1].throughput_rps.mean);
        a > 0.0 && b < a * (1.0 + KNEE_GAIN)
    })
}
