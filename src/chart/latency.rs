//! Chart 4: the latency CDF (fraction of requests finished within x ms), with
//! p50, p95 and p99 marked and the sample count shown.

use super::common::{build, dash, font, headroom, line, mesh, note, trim};
use super::labels::text;
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use crate::stats::Percentiles;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The CDF as a staircase: each point rises from the previous fraction.
fn staircase(s: Shown) -> Vec<(f64, f64)> {
    let mut pts = Vec::with_capacity(s.out.latency_cdf.len() * 2 + 1);
    let mut below = 0.0;
    for [ms, frac] in &s.out.latency_cdf {
        pts.push((*ms, below));
        pts.push((*ms, *frac));
        below = *frac;
    }
    pts
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let lang = f.style.lang;
    if f.run.out.latency_cdf.is_empty() {
        return note(root, f, text("no_data", lang));
    }
    let t = f.theme();
    let current = staircase(f.run);
    let base = f.baseline.map(staircase);
    let x_max = headroom(
        current.iter().chain(base.iter().flatten()).map(|p| p.0),
        0.001,
    );
    let p = f.run.out.summary.latency_ms;
    let area = legend::split(root, f, &entries(f, &p))?;
    let mut plot = build(&area, f, 0.0..x_max, 0.0..1.0, 44.0)?;
    let x_desc = format!("{} (ms)", text("latency", lang));
    mesh(&mut plot, f, &x_desc, text("fraction", lang))?;
    let (d, g) = dash(f);
    if let Some(base) = base {
        plot.draw_series(DashedLineSeries::new(base, d, g, line(f, t.baseline, 2.0)))?;
    }
    plot.draw_series(LineSeries::new(current, line(f, t.primary, 2.0)))?;
    for (row, (label, ms)) in [("p50", p.p50), ("p95", p.p95), ("p99", p.p99)]
        .into_iter()
        .enumerate()
    {
        let pts = vec![(ms, 0.0), (ms, 1.0)];
        plot.draw_series(DashedLineSeries::new(pts, d / 2, g, line(f, t.muted, 1.0)))?;
        let y = 0.06 + 0.1 * row as f64;
        let style = font(f, 11.0, t.text).pos(Pos::new(HPos::Left, VPos::Center));
        plot.draw_series(std::iter::once(Text::new(
            format!(" {label}"),
            (ms, y),
            style,
        )))?;
    }
    Ok(())
}

fn entries(f: &Frame, p: &Percentiles) -> Vec<Entry> {
    let t = f.theme();
    let lang = f.style.lang;
    let mut e = legend::runs(f, text("latency", lang), t.primary);
    let ms = |v: f64| format!("{} ms", trim(v, if v >= 100.0 { 0 } else { 1 }));
    e.push(Entry::new(
        format!("p50 {} · p95 {} · p99 {}", ms(p.p50), ms(p.p95), ms(p.p99)),
        t.muted,
        Swatch::Note,
    ));
    e.push(Entry::new(
        format!("{} = {}", text("n", lang), p.count),
        t.muted,
        Swatch::Note,
    ));
    e
}
