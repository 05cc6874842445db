//! What every chart shares: sizes scaled by the pixel ratio, fonts, the plot
//! area with themed axes and grid, the time axis unit, tick label formatting,
//! and the "no data" note.

use super::labels::{text, Lang};
use super::{ChartError, ChartResult, Frame, Styled};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// A chart with f64 axes, as every chart here uses.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// `css_px` CSS pixels in device pixels (at least 1).
pub fn px(f: &impl Styled, css_px: f64) -> u32 {
    (css_px * f.style().scale).round().max(1.0) as u32
}

/// A sans-serif font of `css_px` CSS pixels in `color`.
pub fn font<'a>(f: &impl Styled, css_px: f64, color: RGBColor) -> TextStyle<'a> {
    TextStyle {
        font: ("sans-serif", css_px * f.style().scale).into_font(),
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    }
}

/// A line of `css_px` CSS pixels.
pub fn line(f: &impl Styled, color: RGBColor, css_px: f64) -> ShapeStyle {
    color.stroke_width(px(f, css_px))
}

/// Dash length and gap for dashed lines, in device pixels.
pub fn dash(f: &impl Styled) -> (u32, u32) {
    (px(f, 6.0), px(f, 4.0))
}

/// The plot area inside `area`, with label areas sized for the fonts.
pub fn build<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    f: &Frame,
    x: Range<f64>,
    y: Range<f64>,
    y_label_css_px: f64,
) -> Result<Plot<'a, DB>, ChartError> {
    let x = non_empty(x);
    let y = non_empty(y);
    let chart = ChartBuilder::on(area)
        .margin_top(px(f, 6.0))
        .margin_right(px(f, 14.0))
        .margin_left(px(f, 4.0))
        .margin_bottom(px(f, 4.0))
        .x_label_area_size(px(f, 38.0))
        .y_label_area_size(px(f, y_label_css_px))
        .build_cartesian_2d(x, y)?;
    Ok(chart)
}

/// A range of positive width (plotters divides by the width).
fn non_empty(r: Range<f64>) -> Range<f64> {
    let (lo, hi) = (finite_or(r.start, 0.0), finite_or(r.end, 1.0));
    if hi > lo {
        lo..hi
    } else {
        lo..lo + 1.0
    }
}

fn finite_or(v: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        fallback
    }
}

/// Themed axes, grid and tick labels, with axis titles.
pub fn mesh<DB: DrawingBackend>(
    plot: &mut Plot<DB>,
    f: &Frame,
    x_desc: &str,
    y_desc: &str,
) -> ChartResult {
    mesh_with(plot, f, x_desc, y_desc, 5)
}

/// `mesh` with `y_ticks` labelled y ticks (0: none, for category rows labelled by the chart).
pub fn mesh_with<DB: DrawingBackend>(
    plot: &mut Plot<DB>,
    f: &Frame,
    x_desc: &str,
    y_desc: &str,
    y_ticks: usize,
) -> ChartResult {
    let t = f.theme();
    let x_fmt = |v: &f64| tick(*v);
    let y_fmt = |v: &f64| tick(*v);
    plot.configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(font(f, 11.0, t.text))
        .axis_desc_style(font(f, 12.0, t.muted))
        .axis_style(line(f, t.axis, 1.0))
        .bold_line_style(line(f, t.grid, 1.0))
        .light_line_style(TRANSPARENT)
        .set_all_tick_mark_size(px(f, 4.0))
        .x_labels(6)
        .y_labels(y_ticks)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    Ok(())
}

/// A tick label: short, no trailing zeros ("0.5", "12", "250", "12k", "1.5M").
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{}M", trim(v / 1e6, 1))
    } else if a >= 1e4 {
        format!("{}k", trim(v / 1e3, 1))
    } else if a >= 100.0 || a == 0.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        trim(v, 1)
    } else {
        trim(v, 3)
    }
}

/// `v` with at most `decimals` decimals, trailing zeros removed.
pub fn trim(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The unit of a time axis: milliseconds for short runs, seconds for long ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeAxis {
    ms_per_unit: f64,
    pub unit: &'static str,
}

impl TimeAxis {
    /// Milliseconds when the span is under 2 s, seconds otherwise.
    pub fn for_span_ms(span_ms: f64) -> TimeAxis {
        if span_ms < 2_000.0 {
            TimeAxis {
                ms_per_unit: 1.0,
                unit: "ms",
            }
        } else {
            TimeAxis {
                ms_per_unit: 1_000.0,
                unit: "s",
            }
        }
    }

    /// A time in milliseconds, in this axis's unit.
    pub fn of_ms(&self, ms: f64) -> f64 {
        ms / self.ms_per_unit
    }

    /// The axis title, e.g. "time (ms)".
    pub fn desc(&self, lang: Lang) -> String {
        format!("{} ({})", text("time", lang), self.unit)
    }
}

/// A one-line note centred in `area` (for charts with nothing to draw).
pub fn note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &impl Styled,
    message: &str,
) -> ChartResult {
    let (w, h) = area.dim_in_pixel();
    let style = font(f, 13.0, f.theme().muted).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        message.to_string(),
        (w as i32 / 2, h as i32 / 2),
        style,
    ))?;
    Ok(())
}

/// The largest value, at least `floor`, with 8% headroom (a plot's upper bound).
pub fn headroom(values: impl IntoIterator<Item = f64>, floor: f64) -> f64 {
    let max = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(floor, f64::max);
    max * 1.08
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(12.0), "12");
        assert_eq!(tick(12.5), "12.5");
        assert_eq!(tick(250.0), "250");
        assert_eq!(tick(12_000.0), "12k");
        assert_eq!(tick(1_500_000.0), "1.5M");
    }

    #[test]
    fn time_axis_switches_to_seconds_for_long_runs() {
        assert_eq!(TimeAxis::for_span_ms(501.0).unit, "ms");
        let s = TimeAxis::for_span_ms(5_000.0);
        assert_eq!((s.unit, s.of_ms(2_500.0)), ("s", 2.5));
    }

    #[test]
    fn ranges_never_collapse() {
        assert_eq!(non_empty(0.0..0.0), 0.0..1.0);
        assert_eq!(non_empty(f64::NAN..f64::INFINITY), 0.0..1.0);
        assert_eq!(headroom([], 1.0), 1.08);
    }
}
