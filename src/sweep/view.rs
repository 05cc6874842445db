//! A finished (or partly finished) sweep as a chart and a table read it:
//! one `PointView` per point (the knob's value, throughput and p99 with their
//! intervals, the binding stage), where the binding moves, and the knee. The
//! page's sweep panel (`playground::sweep`) and the chart (`chart::sweep`)
//! both read it; it knows nothing of the page.

use super::{Point, SweepOutput};
use crate::report::Summary;
use serde::Serialize;

/// One point as the page shows it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PointView {
    /// The knob's value.
    pub x: f64,
    pub throughput_rps: f64,
    /// 95% half-width over seeds (0 with one seed).
    pub throughput_hw: f64,
    pub p99_ms: f64,
    pub p99_hw: f64,
    pub mean_ms: f64,
    pub error_rate: f64,
    pub peak_in_flight: u32,
    pub connections: u64,
    /// The binding stage's key (`pool`, `server`, `demand`, …).
    pub binding: &'static str,
    /// The binding ceiling, in req/s.
    pub ceiling_rps: f64,
    pub truncated: bool,
}

/// Where the binding constraint changes: between point `index - 1` and `index`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Move {
    pub index: usize,
    pub from: &'static str,
    pub to: &'static str,
}

/// A sweep as the chart and the table read it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SweepView {
    pub knob: &'static str,
    pub unit: &'static str,
    pub log_x: bool,
    pub current: Option<f64>,
    pub seeds: u32,
    pub points: Vec<PointView>,
    /// Index of the first point after which throughput stops growing.
    pub knee: Option<usize>,
    pub moves: Vec<Move>,
}

fn point_view(p: &Point) -> PointView {
    let s: &Summary = &p.summary;
    PointView {
        x: p.set
            .first()
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(f64::NAN),
        throughput_rps: p.throughput_rps.mean,
        throughput_hw: p.throughput_rps.half_width_95,
        p99_ms: p.latency_p99_ms.mean,
        p99_hw: p.latency_p99_ms.half_width_95,
        mean_ms: p.latency_mean_ms.mean,
        error_rate: p.error_rate.mean,
        peak_in_flight: s.peak_in_flight,
        connections: s.connections_opened,
        binding: s.binding.stage.key(),
        ceiling_rps: s.binding.ceiling_rps,
        truncated: s.truncated,
    }
}

/// What the chart marks besides the points: the knob, its unit, whether the
/// grid is log spaced, the knob's current value, the seeds per point.
pub struct Axis {
    pub knob: &'static str,
    pub unit: &'static str,
    pub log_x: bool,
    pub current: Option<f64>,
    pub seeds: u32,
}

/// The view of sweep `out` along `axis`.
pub fn view(axis: Axis, out: &SweepOutput) -> SweepView {
    let points: Vec<PointView> = out.points.iter().map(point_view).collect();
    let moves = points
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].binding != w[1].binding)
        .map(|(i, w)| Move {
            index: i + 1,
            from: w[0].binding,
            to: w[1].binding,
        })
        .collect();
    SweepView {
        knob: axis.knob,
        unit: axis.unit,
        log_x: axis.log_x,
        current: axis.current,
        seeds: axis.seeds,
        points,
        knee: out.knee,
        moves,
    }
}
