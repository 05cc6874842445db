//! Chart 1: requests in flight (holding a pool slot) over time, with the pool
//! limit drawn as a dashed line: the flat top at the limit is the stall.
//! The line is each bin's time-weighted mean; a thin, fainter line above it
//! is each bin's highest level, so the chart reaches the "peak in flight"
//! the Why panel reports even when a burst is shorter than a bin.

use super::common::{build, dash, headroom, line, mesh, note, TimeAxis};
use super::data::{gauge, gauge_peaks, gauge_values, span_ms, steps};
use super::labels::text;
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A horizontal limit line: its label and level.
struct Limit {
    label: String,
    level: f64,
}

/// The caps on requests in flight that the scenario sets (none when unlimited).
fn limits(s: Shown, f: &Frame) -> Vec<Limit> {
    let lang = f.style.lang;
    let pool = &s.scenario.pool;
    let mut out = Vec::new();
    if pool.limit > 0 {
        out.push(Limit {
            label: format!("{} = {}", text("pool_limit", lang), pool.limit),
            level: pool.limit as f64,
        });
    }
    let per_host_total = pool.limit_per_host as f64 * s.scenario.clients.hosts as f64;
    if pool.limit_per_host > 0 && (pool.limit == 0 || per_host_total < pool.limit as f64) {
        let label = format!("{} = {}", text("per_host_cap", lang), per_host_total);
        out.push(Limit {
            label,
            level: per_host_total,
        });
    }
    out
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    if gauge(f.run.out, "in_flight").is_none() {
        return note(root, f, text("no_data", f.style.lang));
    }
    let t = f.theme();
    let span = f
        .baseline
        .map_or(0.0, |b| span_ms(b.out))
        .max(span_ms(f.run.out));
    let axis = TimeAxis::for_span_ms(span);
    let current = steps(f.run.out, &gauge_values(f.run.out, "in_flight"), axis);
    let peaks = gauge_peaks(f.run.out, "in_flight").map(|p| steps(f.run.out, &p, axis));
    let base = f
        .baseline
        .map(|b| steps(b.out, &gauge_values(b.out, "in_flight"), axis));
    let limits = limits(f.run, f);
    let y_max = headroom(
        current
            .iter()
            .chain(peaks.iter().flatten())
            .chain(base.iter().flatten())
            .map(|p| p.1)
            .chain(limits.iter().map(|l| l.level)),
        1.0,
    );
    let area = legend::split(root, f, &entries(f, &limits))?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    mesh(
        &mut plot,
        f,
        &axis.desc(f.style.lang),
        text("requests", f.style.lang),
    )?;
    let (d, g) = dash(f);
    if let Some(base) = base {
        plot.draw_series(DashedLineSeries::new(base, d, g, line(f, t.baseline, 2.0)))?;
    }
    if let Some(peaks) = peaks {
        plot.draw_series(LineSeries::new(peaks, line(f, peak_color(f), 1.0)))?;
    }
    plot.draw_series(LineSeries::new(current, line(f, t.primary, 2.0)))?;
    let x_end = axis.of_ms(span);
    for l in &limits {
        let pts = vec![(0.0, l.level), (x_end, l.level)];
        plot.draw_series(DashedLineSeries::new(pts, d, g, line(f, t.limit(), 1.5)))?;
    }
    Ok(())
}

/// The per-bin peak line's colour: the run's own, faded.
fn peak_color(f: &Frame) -> RGBColor {
    let t = f.theme();
    t.faded(t.primary, 0.45)
}

fn entries(f: &Frame, limits: &[Limit]) -> Vec<Entry> {
    let t = f.theme();
    let mut e = legend::runs(f, text("in_flight", f.style.lang), t.primary);
    e.push(Entry::new(
        text("peak_in_bin", f.style.lang),
        peak_color(f),
        Swatch::Line,
    ));
    e.extend(
        limits
            .iter()
            .map(|l| Entry::new(l.label.clone(), t.limit(), Swatch::Dashed)),
    );
    e
}
