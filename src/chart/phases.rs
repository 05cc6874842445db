//! Chart 7: where the time goes: latency split by phase, as stacked bars for
//! the mean, p50 and p99 (each phase's own percentile, so only the mean bar
//! adds up exactly to the mean latency). In compare mode, A's bar sits under
//! B's for each statistic.

use super::common::{build, font, headroom, mesh_with, note, px};
use super::labels::{name, text};
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Frame, Shown};
use crate::report::PhaseRow;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The statistics drawn, top to bottom.
const STATS: [&str; 3] = ["mean", "p50", "p99"];

fn stat(row: &PhaseRow, stat: &str) -> f64 {
    match stat {
        "mean" => row.mean_ms,
        "p50" => row.p50_ms,
        _ => row.p99_ms,
    }
}

/// One bar: its label and its (phase, ms) segments.
struct Bar {
    label: String,
    segments: Vec<(&'static str, f64)>,
    baseline: bool,
}

fn bar(s: Shown, st: &str, label: String, phases: &[&'static str], baseline: bool) -> Bar {
    let segments = phases
        .iter()
        .map(|p| {
            (
                *p,
                s.out
                    .phases
                    .iter()
                    .find(|r| r.phase == *p)
                    .map_or(0.0, |r| stat(r, st)),
            )
        })
        .collect();
    Bar {
        label,
        segments,
        baseline,
    }
}

/// Phases with any time in either run, in the core's order.
fn used_phases(f: &Frame) -> Vec<&'static str> {
    let busy = |s: Shown, p: &str| {
        s.out
            .phases
            .iter()
            .any(|r| r.phase == p && STATS.iter().any(|st| stat(r, st) > 0.0))
    };
    f.run
        .out
        .phases
        .iter()
        .map(|r| r.phase)
        .filter(|p| busy(f.run, p) || f.baseline.is_some_and(|b| busy(b, p)))
        .collect()
}

fn bars(f: &Frame, phases: &[&'static str]) -> Vec<Bar> {
    let mut out = Vec::new();
    for st in STATS {
        let label = if st == "mean" {
            text("mean", f.style.lang).to_string()
        } else {
            st.to_string()
        };
        match f.baseline {
            None => out.push(bar(f.run, st, label, phases, false)),
            Some(b) => {
                out.push(bar(b, st, format!("A {label}"), phases, true));
                out.push(bar(f.run, st, format!("B {label}"), phases, false));
            }
        }
    }
    out
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let lang = f.style.lang;
    let phases = used_phases(f);
    if phases.is_empty() {
        return note(root, f, text("no_data", lang));
    }
    let t = f.theme();
    let mut entries: Vec<Entry> = phases
        .iter()
        .map(|p| Entry::new(name(p, lang), t.phase(p), Swatch::Block))
        .collect();
    entries.push(Entry::new(text("each_phase", lang), t.muted, Swatch::Note));
    let area = legend::split(root, f, &entries)?;
    let bars = bars(f, &phases);
    let x_max = headroom(
        bars.iter()
            .map(|b| b.segments.iter().map(|s| s.1).sum::<f64>()),
        0.001,
    );
    let n = bars.len() as f64;
    let mut plot = build(&area, f, 0.0..x_max, 0.0..n, 56.0)?;
    let x_desc = format!("{} (ms)", text("phase_time", lang));
    mesh_with(&mut plot, f, &x_desc, "", 0)?;
    for (i, b) in bars.iter().enumerate() {
        let (y0, y1) = (n - i as f64 - 0.8, n - i as f64 - 0.2);
        let mut x = 0.0;
        for (phase, ms) in &b.segments {
            let color = t.phase(phase);
            let style = if b.baseline {
                color.mix(0.45).filled()
            } else {
                color.filled()
            };
            plot.draw_series(std::iter::once(Rectangle::new(
                [(x, y0), (x + ms, y1)],
                style,
            )))?;
            x += ms;
        }
        let (px_x, px_y) = plot.backend_coord(&(0.0, n - i as f64 - 0.5));
        let style = font(f, 11.0, t.text).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(
            b.label.clone(),
            (px_x - px(f, 6.0) as i32, px_y),
            style,
        ))?;
    }
    Ok(())
}
