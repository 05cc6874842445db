//! A stacked area chart of gauges over time (bottom of the stack first), with
//! run A's total drawn as a dashed line in compare mode. Shared by the
//! waiting chart and the connection-states chart.

use super::common::{build, dash, headroom, line, mesh, note, TimeAxis};
use super::data::{gauge_values, span_ms, stack, steps};
use super::labels::{name, text};
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use plotters::coord::Shift;
use plotters::prelude::*;

/// What to stack and how to label it.
pub struct Stack<'a> {
    /// Gauge names, bottom of the stack first.
    pub gauges: &'a [&'static str],
    /// The y-axis label's text key.
    pub y_label: &'static str,
    /// Text key of a note shown when there is nothing to stack.
    pub empty_note: Option<&'static str>,
}

/// The top of the stack of `gauges` for one run, per bin.
fn total(s: Shown, gauges: &[&str]) -> Vec<f64> {
    let layers: Vec<Vec<f64>> = gauges.iter().map(|g| gauge_values(s.out, g)).collect();
    stack(&layers)
        .pop()
        .unwrap_or_else(|| vec![0.0; s.out.series.bins])
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &Frame,
    spec: &Stack,
) -> ChartResult {
    let t = f.theme();
    let lang = f.style.lang;
    let span = f
        .baseline
        .map_or(0.0, |b| span_ms(b.out))
        .max(span_ms(f.run.out));
    let axis = TimeAxis::for_span_ms(span);
    let layers: Vec<Vec<f64>> = spec
        .gauges
        .iter()
        .map(|g| gauge_values(f.run.out, g))
        .collect();
    let stacked = stack(&layers);
    let base = f
        .baseline
        .map(|b| steps(b.out, &total(b, spec.gauges), axis));
    let y_max = headroom(
        stacked
            .iter()
            .flatten()
            .copied()
            .chain(base.iter().flatten().map(|p| p.1)),
        1.0,
    );
    let mut entries: Vec<Entry> = spec
        .gauges
        .iter()
        .map(|g| Entry::new(name(g, lang), t.phase(g), Swatch::Block))
        .collect();
    if f.baseline.is_some() {
        entries.push(Entry::new(text("run_a", lang), t.baseline, Swatch::Dashed));
    }
    let area = legend::split(root, f, &entries)?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    mesh(&mut plot, f, &axis.desc(lang), text(spec.y_label, lang))?;
    for (gauge, level) in spec.gauges.iter().zip(&stacked).rev() {
        let color = t.phase(gauge);
        let pts = steps(f.run.out, level, axis);
        plot.draw_series(
            AreaSeries::new(pts, 0.0, color.filled()).border_style(line(f, color, 1.0)),
        )?;
    }
    if let (true, Some(key)) = (spec.gauges.is_empty(), spec.empty_note) {
        note(&area, f, text(key, lang))?;
    }
    if let Some(base) = base {
        let (d, g) = dash(f);
        plot.draw_series(DashedLineSeries::new(base, d, g, line(f, t.baseline, 2.0)))?;
    }
    Ok(())
}
