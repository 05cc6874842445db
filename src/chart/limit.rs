//! Chart 9: the adaptive concurrency limit over time (from the run's
//! timeline, `sim::Timeline`), with the requests in flight under it: a Vegas
//! limiter climbs, then holds near the server's knee; without one, the
//! chart says so.

use super::common::{build, headroom, line, mesh, note, TimeAxis};
use super::data::{gauge_values, span_ms, steps};
use super::labels::text;
use super::legend::{self, Entry, Swatch};
use super::theme::okabe_ito;
use super::{ChartResult, Frame};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The limit as a step line: each bin holds the last value set, carried
/// forward, after a stroke up to the highest value set in it (so a spike
/// shorter than a bin still shows, as the Why panel's range counts it).
fn limit_steps(f: &Frame, axis: TimeAxis, span: f64) -> Vec<(f64, f64)> {
    let Some(tl) = f.run.timeline else {
        return Vec::new();
    };
    let initial = f.run.scenario.adaptive.initial_limit as f64;
    let bins = tl.bins_until((span * 1e6) as u64);
    let bin_ms = tl.bin_ns as f64 / 1e6;
    let mut level = initial;
    let mut pts = Vec::with_capacity(bins * 2);
    for (i, l) in tl.limit[..bins].iter().enumerate() {
        let t0 = (i as f64 * bin_ms).min(span);
        pts.push((axis.of_ms(t0), level));
        if tl.limit_high[i] > 0 {
            pts.push((axis.of_ms(t0), tl.limit_high[i] as f64));
        }
        if *l > 0 {
            level = *l as f64;
        }
        pts.push((axis.of_ms(t0), level));
        pts.push((axis.of_ms(((i + 1) as f64 * bin_ms).min(span)), level));
    }
    pts
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let lang = f.style.lang;
    let t = f.theme();
    let adaptive = f.run.scenario.adaptive.kind != crate::scenario::AdaptiveKind::None;
    let span = span_ms(f.run.out);
    let axis = TimeAxis::for_span_ms(span);
    let limit = if adaptive {
        limit_steps(f, axis, span)
    } else {
        Vec::new()
    };
    let in_flight = steps(f.run.out, &gauge_values(f.run.out, "in_flight"), axis);
    let y_max = headroom(limit.iter().chain(&in_flight).map(|p| p.1), 1.0);
    let mut entries = vec![Entry::new(text("in_flight", lang), t.primary, Swatch::Line)];
    if adaptive {
        entries.push(Entry::new(
            text("adaptive_limit", lang),
            okabe_ito::VERMILLION,
            Swatch::Line,
        ));
    }
    let area = legend::split(root, f, &entries)?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    mesh(&mut plot, f, &axis.desc(lang), text("requests", lang))?;
    plot.draw_series(LineSeries::new(in_flight, line(f, t.primary, 1.5)))?;
    if adaptive {
        plot.draw_series(LineSeries::new(limit, line(f, okabe_ito::VERMILLION, 2.5)))?;
    } else {
        note(&area, f, text("no_adaptive", lang))?;
    }
    Ok(())
}
