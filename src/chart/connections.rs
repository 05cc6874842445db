//! Chart 5: connections by state over time, stacked (in use, connecting,
//! idle, TIME_WAIT): the top of the stack is every socket the client holds.

use super::common::{build, dash, headroom, line, mesh, TimeAxis};
use super::data::{gauge_values, span_ms, stack, steps};
use super::labels::{name, text};
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Connection states, bottom of the stack first.
pub const STATES: [&str; 4] = [
    "conn_in_use",
    "conn_connecting",
    "conn_idle",
    "conn_time_wait",
];

fn layers(s: Shown) -> Vec<Vec<f64>> {
    STATES.iter().map(|c| gauge_values(s.out, c)).collect()
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let t = f.theme();
    let lang = f.style.lang;
    let span = f
        .baseline
        .map_or(0.0, |b| span_ms(b.out))
        .max(span_ms(f.run.out));
    let axis = TimeAxis::for_span_ms(span);
    let stacked = stack(&layers(f.run));
    let base = f
        .baseline
        .map(|b| steps(b.out, &stack(&layers(b)).pop().unwrap_or_default(), axis));
    let y_max = headroom(
        stacked
            .iter()
            .flatten()
            .copied()
            .chain(base.iter().flatten().map(|p| p.1)),
        1.0,
    );
    let mut entries: Vec<Entry> = STATES
        .iter()
        .map(|c| Entry::new(name(c, lang), t.phase(c), Swatch::Block))
        .collect();
    if f.baseline.is_some() {
        entries.push(Entry::new(text("run_a", lang), t.baseline, Swatch::Dashed));
    }
    let area = legend::split(root, f, &entries)?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    mesh(&mut plot, f, &axis.desc(lang), text("connections", lang))?;
    for (state, level) in STATES.iter().zip(&stacked).rev() {
        let color = t.phase(state);
        let pts = steps(f.run.out, level, axis);
        plot.draw_series(
            AreaSeries::new(pts, 0.0, color.filled()).border_style(line(f, color, 1.0)),
        )?;
    }
    if let Some(base) = base {
        let (d, g) = dash(f);
        plot.draw_series(DashedLineSeries::new(base, d, g, line(f, t.baseline, 2.0)))?;
    }
    Ok(())
}
