//! Chart 6: a waterfall of sampled requests, like a browser's network panel:
//! one bar per request from issue to response, split by phase. Up to
//! `MAX_ROWS` bars, picked evenly from the core's sample in issue order;
//! failed requests get a red outline. Shows the current run only.

use super::common::{build, line, mesh_with, note, TimeAxis};
use super::data::{bar, Bar};
use super::labels::{name, text};
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most bars drawn: more would be thinner than a few pixels.
pub const MAX_ROWS: usize = 60;

/// The bars to draw, in issue order, at most `MAX_ROWS`, spread evenly over the sample.
fn rows(f: &Frame) -> Vec<Bar> {
    let mut all: Vec<Bar> = f.run.out.waterfall.iter().map(bar).collect();
    all.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    if all.len() <= MAX_ROWS {
        return all;
    }
    let n = all.len();
    let keep: Vec<usize> = (0..MAX_ROWS).map(|i| i * n / MAX_ROWS).collect();
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, b)| b)
        .collect()
}

/// Phases that take time in any drawn bar, in request order.
fn used_phases(bars: &[Bar]) -> Vec<&'static str> {
    let Some(first) = bars.first() else {
        return Vec::new();
    };
    first
        .segments
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| {
            bars.iter()
                .any(|b| b.segments.iter().any(|(q, ms)| q == p && *ms > 0.0))
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let lang = f.style.lang;
    let bars = rows(f);
    if bars.is_empty() {
        return note(root, f, text("no_data", lang));
    }
    let t = f.theme();
    let phases = used_phases(&bars);
    let entries: Vec<Entry> = phases
        .iter()
        .map(|p| Entry::new(name(p, lang), t.phase(p), Swatch::Block))
        .collect();
    let area = legend::split(root, f, &entries)?;
    let end_ms = bars.iter().map(Bar::end_ms).fold(0.0, f64::max);
    let axis = TimeAxis::for_span_ms(end_ms);
    let n = bars.len() as f64;
    let mut plot = build(&area, f, 0.0..axis.of_ms(end_ms) * 1.02, 0.0..n, 20.0)?;
    mesh_with(
        &mut plot,
        f,
        &axis.desc(lang),
        text("request_sample", lang),
        0,
    )?;
    for (i, b) in bars.iter().enumerate() {
        let (y0, y1) = (n - i as f64 - 0.85, n - i as f64 - 0.15);
        let mut x = b.start_ms;
        for (phase, ms) in b.segments.iter().filter(|(_, ms)| *ms > 0.0) {
            let rect = [(axis.of_ms(x), y0), (axis.of_ms(x + ms), y1)];
            plot.draw_series(std::iter::once(Rectangle::new(
                rect,
                t.phase(phase).filled(),
            )))?;
            x += ms;
        }
        if !b.ok {
            let rect = [(axis.of_ms(b.start_ms), y0), (axis.of_ms(x), y1)];
            plot.draw_series(std::iter::once(Rectangle::new(
                rect,
                line(f, t.phase("failed"), 1.5),
            )))?;
        }
    }
    Ok(())
}
