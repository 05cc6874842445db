//! The legend: a row (wrapping to more rows on narrow charts) of swatches and
//! names above the plot, so it never covers the data.

use super::common::{dash, font, line, px};
use super::labels::text;
use super::{ChartError, Frame, Styled};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How an entry's swatch looks: as its series is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    Line,
    Dashed,
    Block,
    /// No swatch: a note such as "n = 1000".
    Note,
}

pub struct Entry {
    pub label: String,
    pub color: RGBColor,
    pub swatch: Swatch,
}

impl Entry {
    pub fn new(label: impl Into<String>, color: RGBColor, swatch: Swatch) -> Entry {
        Entry {
            label: label.into(),
            color,
            swatch,
        }
    }
}

/// The entries for one series drawn for run B over run A: "B (current)" and
/// "A (pinned)" in compare mode, else just `label`.
pub fn runs(f: &Frame, label: &str, color: RGBColor) -> Vec<Entry> {
    let lang = f.style.lang;
    match f.baseline {
        None => vec![Entry::new(label, color, Swatch::Line)],
        Some(_) => vec![
            Entry::new(text("run_b", lang), color, Swatch::Line),
            Entry::new(text("run_a", lang), f.theme().baseline, Swatch::Dashed),
        ],
    }
}

const FONT_CSS_PX: f64 = 11.5;
const ROW_CSS_PX: f64 = 18.0;
const SWATCH_CSS_PX: f64 = 16.0;

/// Draws `entries` at the top of `root` and returns the area below them.
pub fn split<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &impl Styled,
    entries: &[Entry],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    if entries.is_empty() {
        return Ok(root.margin(px(f, 6.0), 0, 0, 0));
    }
    let places = layout(root, f, entries)?;
    let rows = places.iter().map(|p| p.1).max().unwrap_or(0) + 1;
    let height = px(f, 6.0) + rows as u32 * px(f, ROW_CSS_PX);
    let (top, rest) = root.split_vertically(height);
    for (entry, (x, row)) in entries.iter().zip(places) {
        let y = (px(f, 6.0) + row as u32 * px(f, ROW_CSS_PX) + px(f, ROW_CSS_PX) / 2) as i32;
        draw_entry(&top, f, entry, x, y)?;
    }
    Ok(rest)
}

/// (x, row) of each entry, wrapping when the next one would not fit.
fn layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &impl Styled,
    entries: &[Entry],
) -> Result<Vec<(i32, usize)>, ChartError> {
    let width = root.dim_in_pixel().0 as i32;
    let left = px(f, 48.0) as i32;
    let style = font(f, FONT_CSS_PX, f.theme().text);
    let (mut x, mut row) = (left, 0);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let text_w = root.estimate_text_size(&e.label, &style)?.0 as i32;
        let swatch_w = if e.swatch == Swatch::Note {
            0
        } else {
            px(f, SWATCH_CSS_PX + 5.0) as i32
        };
        let w = swatch_w + text_w + px(f, 14.0) as i32;
        if x > left && x + w > width {
            (x, row) = (left, row + 1);
        }
        out.push((x, row));
        x += w;
    }
    Ok(out)
}

fn draw_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &impl Styled,
    e: &Entry,
    x: i32,
    y: i32,
) -> Result<(), ChartError> {
    let sw = px(f, SWATCH_CSS_PX) as i32;
    let half = px(f, 5.0) as i32;
    match e.swatch {
        Swatch::Line => area.draw(&PathElement::new(
            vec![(x, y), (x + sw, y)],
            line(f, e.color, 2.5),
        ))?,
        Swatch::Dashed => {
            let (d, g) = dash(f);
            let pts = vec![(x, y), (x + sw, y)];
            area.draw(&DashedPathElement::new(pts, d, g, line(f, e.color, 2.0)))?
        }
        Swatch::Block => area.draw(&Rectangle::new(
            [(x, y - half), (x + sw, y + half)],
            e.color.filled(),
        ))?,
        Swatch::Note => {}
    }
    let text_x = if e.swatch == Swatch::Note {
        x
    } else {
        x + sw + px(f, 5.0) as i32
    };
    let style = font(f, FONT_CSS_PX, f.theme().text).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(e.label.clone(), (text_x, y), style))?;
    Ok(())
}
