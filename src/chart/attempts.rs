//! Chart 8: attempts started per second, stacked by try number (1st, 2nd,
//! 3rd, 4th and later), from the run's timeline (`sim::Timeline`). A retry
//! storm shows as bands of 2nd and 3rd tries on top of the steady first
//! tries; with jitter the bands smear out; after a metastable collapse the
//! retries keep the load up although the trigger is gone.

use super::common::{build, headroom, line, mesh, note, TimeAxis};
use super::data::span_ms;
use super::labels::{text, Lang};
use super::legend::{self, Entry, Swatch};
use super::theme::okabe_ito;
use super::{ChartResult, Frame};
use crate::sim::{Timeline, TRIES};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Colours by try number: first tries in blue, retries warmer as they pile up.
const COLOURS: [RGBColor; TRIES] = [
    okabe_ito::BLUE,
    okabe_ito::ORANGE,
    okabe_ito::VERMILLION,
    okabe_ito::REDDISH_PURPLE,
];

fn label(k: usize, lang: Lang) -> String {
    text(["try_1", "try_2", "try_3", "try_4"][k], lang).to_string()
}

/// Stacked rates (per second) per bin: layer k is tries 1..=k+1.
fn stacked_rates(tl: &Timeline, bins: usize) -> Vec<[f64; TRIES]> {
    let per_s = 1e9 / tl.bin_ns as f64;
    tl.attempts[..bins]
        .iter()
        .map(|a| {
            let mut sum = 0.0;
            std::array::from_fn(|k| {
                sum += a[k] as f64 * per_s;
                sum
            })
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let lang = f.style.lang;
    let Some(tl) = f.run.timeline else {
        return note(root, f, text("no_data", lang));
    };
    let span = span_ms(f.run.out);
    let end_ns = (span * 1e6) as u64;
    let bins = tl.bins_until(end_ns).max(1);
    let rates = stacked_rates(tl, bins);
    let retried = tl.attempts[..bins]
        .iter()
        .any(|a| a[1..].iter().any(|n| *n > 0));
    let axis = TimeAxis::for_span_ms(span);
    let y_max = headroom(rates.iter().map(|r| r[TRIES - 1]), 1.0);
    let shown = if retried { TRIES } else { 1 };
    let entries: Vec<Entry> = (0..shown)
        .map(|k| Entry::new(label(k, lang), COLOURS[k], Swatch::Block))
        .collect();
    let area = legend::split(root, f, &entries)?;
    let mut plot = build(&area, f, 0.0..axis.of_ms(span), 0.0..y_max, 52.0)?;
    let y_desc = format!("{} ({})", text("attempts", lang), text("rate", lang));
    mesh(&mut plot, f, &axis.desc(lang), &y_desc)?;
    let bin_ms = tl.bin_ns as f64 / 1e6;
    for k in (0..shown).rev() {
        let mut pts = Vec::with_capacity(bins * 2);
        for (i, r) in rates.iter().enumerate() {
            let t0 = (i as f64 * bin_ms).min(span);
            let t1 = ((i + 1) as f64 * bin_ms).min(span);
            pts.push((axis.of_ms(t0), r[k]));
            pts.push((axis.of_ms(t1), r[k]));
        }
        let c = COLOURS[k];
        plot.draw_series(
            AreaSeries::new(pts, 0.0, c.mix(0.85).filled()).border_style(line(f, c, 1.0)),
        )?;
    }
    if !retried {
        note(&area, f, text("no_retries", lang))?;
    }
    Ok(())
}
