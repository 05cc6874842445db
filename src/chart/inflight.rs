//! Chart 1: requests in flight (holding a pool slot) over time, with the pool
//! limit drawn as a dashed line: the flat top at the limit is the stall.
//! The line is each bin's time-weighted mean; a thin, fainter line above it
//! is each bin's highest level, so the chart reaches the "peak in flight"
//! the Why panel reports even when a burst is shorter than a bin (drawn
//! only where it rises visibly above the mean).

use super::common::{build, dash, headroom, line, mesh, note, TimeAxis};
use super::data::{gauge, gauge_peaks, gauge_values, span_ms, steps};
use super::labels::text;
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use crate::report::RunOutput;
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
    let means = gauge_values(f.run.out, "in_flight");
    let current = steps(f.run.out, &means, axis);
    let peaks = gauge_peaks(f.run.out, "in_flight")
        .filter(|p| rises_above(f.run.out, p, &means))
        .map(|p| steps(f.run.out, &p, axis));
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
    let area = legend::split(root, f, &entries(f, &limits, peaks.is_some()))?;
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

/// Whether the per-bin peaks rise visibly above the means somewhere (more
/// than 1% of the highest mean, at least one request) before the run's last
/// bin (which the run leaves part way, so its mean is diluted anyway):
/// where they never do (a gather flat at the limit), the line and its
/// legend entry would only be clutter.
fn rises_above(out: &RunOutput, peaks: &[f64], means: &[f64]) -> bool {
    let bin_ms = out.series.bin_ms;
    let bins = if bin_ms > 0.0 {
        (span_ms(out) / bin_ms).ceil() as usize
    } else {
        0
    };
    let full = bins.saturating_sub(1).min(peaks.len()).min(means.len());
    let top = means[..full].iter().fold(0.0f64, |m, v| m.max(*v));
    let margin = (0.01 * top).max(1.0);
    peaks[..full]
        .iter()
        .zip(&means[..full])
        .any(|(p, m)| *p >= m + margin)
}

/// The per-bin peak line's colour: the run's own, faded.
fn peak_color(f: &Frame) -> RGBColor {
    let t = f.theme();
    t.faded(t.primary, 0.45)
}

fn entries(f: &Frame, limits: &[Limit], peaks: bool) -> Vec<Entry> {
    let t = f.theme();
    let mut e = legend::runs(f, text("in_flight", f.style.lang), t.primary);
    if peaks {
        e.push(Entry::new(
            text("peak_in_bin", f.style.lang),
            peak_color(f),
            Swatch::Line,
        ));
    }
    e.extend(
        limits
            .iter()
            .map(|l| Entry::new(l.label.clone(), t.limit(), Swatch::Dashed)),
    );
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The peak line shows where bursts hide in the bin means (the adaptive
    /// lesson: means up to 70.9, peak 94) and not where the level is flat
    /// at the limit (the stall at 100, the page's first chart).
    #[test]
    fn the_peak_line_shows_only_where_it_rises_above_the_mean() {
        let shows = |id: &str| {
            let text = crate::catalog::scenario_text(id).expect("shipped");
            let out = crate::sim::run(&crate::Scenario::from_json(text).expect("valid"));
            let means = gauge_values(&out, "in_flight");
            let peaks = gauge_peaks(&out, "in_flight").expect("exported");
            rises_above(&out, &peaks, &means)
        };
        assert!(!shows("stall-at-100"));
        assert!(shows("adaptive-knee"));
    }
}
