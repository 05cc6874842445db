//! Chart 3: completions and errors per second over time, smoothed over about
//! one round trip either side (a closed-loop run completes in waves; the
//! smoothing is shown in the legend).

use super::common::{build, dash, headroom, line, mesh, trim, TimeAxis};
use super::data::{rate_half_width_bins, smoothed_rate, span_ms, steps};
use super::labels::text;
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A line's points, (x, y).
type Points = Vec<(f64, f64)>;

/// (completed, failed) per second of one run, smoothed, as step lines.
fn rates(s: Shown, axis: TimeAxis) -> (Points, Points) {
    let h = rate_half_width_bins(s.out);
    let ok = steps(s.out, &smoothed_rate(s.out, "completed", h), axis);
    let failed = steps(s.out, &smoothed_rate(s.out, "failed", h), axis);
    (ok, failed)
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let t = f.theme();
    let lang = f.style.lang;
    let span = f
        .baseline
        .map_or(0.0, |b| span_ms(b.out))
        .max(span_ms(f.run.out));
    let axis = TimeAxis::for_span_ms(span);
    let (ok, failed) = rates(f.run, axis);
    let base = f.baseline.map(|b| rates(b, axis).0);
    let any_failed = failed.iter().any(|p| p.1 > 0.0);
    let y_max = headroom(
        ok.iter()
            .chain(&failed)
            .chain(base.iter().flatten())
            .map(|p| p.1),
        1.0,
    );
    let area = legend::split(root, f, &entries(f, any_failed))?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    let y_desc = format!("{} ({})", text("requests", lang), text("rate", lang));
    mesh(&mut plot, f, &axis.desc(lang), &y_desc)?;
    if let Some(base) = base {
        let (d, g) = dash(f);
        plot.draw_series(DashedLineSeries::new(base, d, g, line(f, t.baseline, 2.0)))?;
    }
    plot.draw_series(LineSeries::new(ok, line(f, t.phase("completed"), 2.0)))?;
    if any_failed {
        plot.draw_series(LineSeries::new(failed, line(f, t.phase("failed"), 2.0)))?;
    }
    Ok(())
}

fn entries(f: &Frame, any_failed: bool) -> Vec<Entry> {
    let t = f.theme();
    let lang = f.style.lang;
    let mut e = legend::runs(f, text("completed", lang), t.phase("completed"));
    if any_failed {
        e.push(Entry::new(
            text("failed", lang),
            t.phase("failed"),
            Swatch::Line,
        ));
    }
    let half_ms = rate_half_width_bins(f.run.out) as f64 * f.run.out.series.bin_ms;
    e.push(Entry::new(
        format!("{} ±{} ms", text("smoothed", lang), trim(half_ms, 1)),
        t.muted,
        Swatch::Note,
    ));
    e
}
