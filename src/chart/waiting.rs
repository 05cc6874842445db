//! Chart 2: requests waiting over time, stacked by where they wait (rate
//! limiter, semaphore, pool, server queue, retry backoff). Places that never
//! hold anyone are left out of the stack and the legend.

use super::common::{build, dash, headroom, line, mesh, note, TimeAxis};
use super::data::{gauge_used, gauge_values, span_ms, stack, steps};
use super::labels::{name, text};
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Where a request can wait, in the order it meets them (bottom of the stack first).
pub const PLACES: [&str; 5] = [
    "limiter_waiters",
    "semaphore_waiters",
    "pool_waiters",
    "server_queue",
    "retry_backoff",
];

/// The places where anyone waited, in either run.
fn used_places(f: &Frame) -> Vec<&'static str> {
    let used = |s: Shown, p: &str| gauge_used(s.out, p);
    PLACES
        .into_iter()
        .filter(|p| used(f.run, p) || f.baseline.is_some_and(|b| used(b, p)))
        .collect()
}

/// The total of the places, per bin.
fn total(s: Shown, places: &[&str]) -> Vec<f64> {
    let layers: Vec<Vec<f64>> = places.iter().map(|p| gauge_values(s.out, p)).collect();
    stack(&layers)
        .pop()
        .unwrap_or_else(|| vec![0.0; s.out.series.bins])
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let t = f.theme();
    let lang = f.style.lang;
    let places = used_places(f);
    let span = f
        .baseline
        .map_or(0.0, |b| span_ms(b.out))
        .max(span_ms(f.run.out));
    let axis = TimeAxis::for_span_ms(span);
    let layers: Vec<Vec<f64>> = places.iter().map(|p| gauge_values(f.run.out, p)).collect();
    let stacked = stack(&layers);
    let base = f.baseline.map(|b| steps(b.out, &total(b, &places), axis));
    let y_max = headroom(
        stacked
            .iter()
            .flatten()
            .copied()
            .chain(base.iter().flatten().map(|p| p.1)),
        1.0,
    );
    let mut entries: Vec<Entry> = places
        .iter()
        .map(|p| Entry::new(name(p, lang), t.phase(p), Swatch::Block))
        .collect();
    if f.baseline.is_some() {
        entries.push(Entry::new(text("run_a", lang), t.baseline, Swatch::Dashed));
    }
    let area = legend::split(root, f, &entries)?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    mesh(&mut plot, f, &axis.desc(lang), text("waiting", lang))?;
    for (place, level) in places.iter().zip(&stacked).rev() {
        let color = t.phase(place);
        let pts = steps(f.run.out, level, axis);
        plot.draw_series(
            AreaSeries::new(pts, 0.0, color.filled()).border_style(line(f, color, 1.0)),
        )?;
    }
    if places.is_empty() {
        note(&area, f, text("no_wait", lang))?;
    }
    if let Some(base) = base {
        let (d, g) = dash(f);
        plot.draw_series(DashedLineSeries::new(base, d, g, line(f, t.baseline, 2.0)))?;
    }
    Ok(())
}
