//! The sweep chart: throughput (top panel) and p99 latency (bottom panel)
//! against the swept knob, on a log x axis when the grid is log spaced. Each
//! point is coloured by its binding stage (the legend names them), a dotted
//! line marks where the binding moves (e.g. pool limit → the clients), a
//! dashed line the knob's current value, and with several seeds each point
//! has its 95% interval as an error bar. Reads only `sweep::view::SweepView`.

use super::common::{dash, font, line, note, px, tick};
use super::labels::{name, text, Lang};
use super::legend::{self, Entry, Swatch};
use super::{ChartResult, Style, Styled};
use crate::sweep::view::{PointView, SweepView};
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// What one panel plots of a point: (value, 95% half-width).
type Metric = fn(&PointView) -> (f64, f64);

fn throughput(p: &PointView) -> (f64, f64) {
    (p.throughput_rps, p.throughput_hw)
}

fn p99(p: &PointView) -> (f64, f64) {
    (p.p99_ms, p.p99_hw)
}

/// Draws sweep `v` on `root`, with `x_title` (the knob's label in the page's language) under the x axis.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    v: &SweepView,
    x_title: &str,
    style: Style,
) -> ChartResult {
    let f = style;
    root.fill(&f.theme().background)?;
    let (w, h) = root.dim_in_pixel();
    if w < px(&f, 120.0) || h < px(&f, 120.0) {
        // Too small for two panels (a canvas not laid out yet): background only.
        root.present()?;
        return Ok(());
    }
    if v.points.is_empty() {
        note(root, &f, text("no_sweep", style.lang))?;
        root.present()?;
        return Ok(());
    }
    let area = legend::split(root, &f, &entries(&f, v))?;
    let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
    let x = x_range(v);
    let lang = style.lang;
    if v.log_x {
        panel(&top, &f, v, x.clone().log_scale(), Panel::top(lang))?;
        panel(&bottom, &f, v, x.log_scale(), Panel::bottom(lang, x_title))?;
    } else {
        panel(&top, &f, v, x.clone(), Panel::top(lang))?;
        panel(&bottom, &f, v, x, Panel::bottom(lang, x_title))?;
    }
    root.present()?;
    Ok(())
}

/// One panel's metric and titles.
struct Panel<'a> {
    metric: Metric,
    y_title: &'a str,
    x_title: &'a str,
    /// The top panel names the binding moves and the current value.
    labels: bool,
}

impl<'a> Panel<'a> {
    fn top(lang: Lang) -> Panel<'a> {
        Panel {
            metric: throughput,
            y_title: text("sweep_throughput", lang),
            x_title: "",
            labels: true,
        }
    }
    fn bottom(lang: Lang, x_title: &'a str) -> Panel<'a> {
        Panel {
            metric: p99,
            y_title: text("sweep_p99", lang),
            x_title,
            labels: false,
        }
    }
}

/// The knob's range with a little room either side (a ratio on log axes).
fn x_range(v: &SweepView) -> Range<f64> {
    let xs = v.points.iter().map(|p| p.x).chain(v.current);
    let (lo, hi) = xs
        .filter(|x| x.is_finite() && (!v.log_x || *x > 0.0))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
    if !lo.is_finite() || hi <= lo {
        let c = if lo.is_finite() { lo } else { 1.0 };
        return if v.log_x {
            c / 2.0..c * 2.0
        } else {
            c - 1.0..c + 1.0
        };
    }
    if v.log_x {
        lo / 1.15..hi * 1.15
    } else {
        let pad = (hi - lo) * 0.04;
        lo - pad..hi + pad
    }
}

fn y_max(v: &SweepView, metric: Metric) -> f64 {
    let max = v
        .points
        .iter()
        .map(|p| {
            let (m, hw) = metric(p);
            m + hw
        })
        .filter(|y| y.is_finite())
        .fold(1e-9, f64::max);
    max * 1.12
}

fn panel<DB, X>(
    area: &DrawingArea<DB, Shift>,
    f: &Style,
    v: &SweepView,
    x: X,
    p: Panel,
) -> ChartResult
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let t = f.theme();
    let y = 0.0..y_max(v, p.metric);
    let mut chart = ChartBuilder::on(area)
        .margin_top(px(f, 6.0))
        .margin_right(px(f, 14.0))
        .margin_left(px(f, 4.0))
        .margin_bottom(px(f, 4.0))
        .x_label_area_size(px(f, if p.x_title.is_empty() { 22.0 } else { 38.0 }))
        .y_label_area_size(px(f, 56.0))
        .build_cartesian_2d(x, y.clone())?;
    let fmt = |v: &f64| tick(*v);
    let mut mesh = chart.configure_mesh();
    if !p.x_title.is_empty() {
        mesh.x_desc(p.x_title);
    }
    mesh.y_desc(p.y_title)
        .label_style(font(f, 11.0, t.text))
        .axis_desc_style(font(f, 12.0, t.muted))
        .axis_style(line(f, t.axis, 1.0))
        .bold_line_style(line(f, t.grid, 1.0))
        .light_line_style(TRANSPARENT)
        .set_all_tick_mark_size(px(f, 4.0))
        .x_labels(8)
        .y_labels(4)
        .x_label_formatter(&fmt)
        .y_label_formatter(&fmt)
        .draw()?;
    let (d, g) = dash(f);
    let top = y.end;
    let mut labels = Vec::new();
    for m in &v.moves {
        let at = boundary(v, m.index);
        let pts = vec![(at, 0.0), (at, top)];
        chart.draw_series(std::iter::once(DashedPathElement::new(
            pts,
            px(f, 2.0),
            px(f, 3.0),
            line(f, t.muted, 1.5),
        )))?;
        if p.labels {
            let label = format!(
                "{} → {}",
                name(&format!("stage_{}", m.from), f.lang),
                name(&format!("stage_{}", m.to), f.lang)
            );
            labels.push((label, (at, top * 0.97), HPos::Right));
        }
    }
    if let Some(c) = v.current.filter(|c| c.is_finite()) {
        let pts = vec![(c, 0.0), (c, top)];
        chart.draw_series(std::iter::once(DashedPathElement::new(
            pts,
            d,
            g,
            line(f, t.limit(), 1.5),
        )))?;
        if p.labels {
            let label = format!(" {} = {}", text("current", f.lang), tick(c));
            labels.push((label, (c, top * 0.97), HPos::Left));
        }
    }
    let pts: Vec<(f64, f64)> = v.points.iter().map(|q| (q.x, (p.metric)(q).0)).collect();
    chart.draw_series(LineSeries::new(pts, line(f, t.muted, 1.5)))?;
    for q in &v.points {
        let (m, hw) = (p.metric)(q);
        if hw > 0.0 {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(q.x, (m - hw).max(0.0)), (q.x, m + hw)],
                line(f, t.muted, 1.5),
            )))?;
        }
        let c = t.stage(q.binding);
        chart.draw_series(std::iter::once(Circle::new(
            (q.x, m),
            px(f, 4.5),
            c.filled(),
        )))?;
    }
    draw_labels(
        &chart.plotting_area().strip_coord_spec(),
        &place(&chart, f, labels)?,
        f,
    )
}

/// A label placed in the plotting area's pixels: text, top-left corner, size.
struct Placed {
    text: String,
    at: (i32, i32),
    size: (i32, i32),
}

/// Places the labels (text, data point, which side of the point) in pixels,
/// each below any earlier one it would overlap, so the binding move's label
/// and the current value's never cover each other, on a phone either.
fn place<DB, CT>(
    chart: &ChartContext<'_, DB, CT>,
    f: &Style,
    labels: Vec<(String, CT::From, HPos)>,
) -> Result<Vec<Placed>, super::ChartError>
where
    DB: DrawingBackend,
    CT: CoordTranslate,
{
    let plot = chart.plotting_area();
    let (bx, by) = plot.get_base_pixel();
    let pixels = plot.strip_coord_spec();
    let width = pixels.dim_in_pixel().0 as i32;
    let style = font(f, 11.0, f.theme().text);
    let pad = px(f, 2.0) as i32;
    let mut placed: Vec<Placed> = Vec::new();
    for (text, point, side) in labels {
        let (w, h) = pixels.estimate_text_size(&text, &style)?;
        let (w, h) = (w as i32 + 2 * pad, h as i32 + 2 * pad);
        let (ax, ay) = plot.map_coordinate(&point);
        let x = if matches!(side, HPos::Right) {
            ax - bx - w
        } else {
            ax - bx
        };
        // Kept inside the plotting area.
        let x = x.clamp(0, (width - w).max(0));
        let mut y = ay - by;
        while let Some(hit) = placed.iter().find(|o| overlaps(o, (x, y), (w, h))) {
            y = hit.at.1 + hit.size.1 + pad;
        }
        placed.push(Placed {
            text,
            at: (x, y),
            size: (w, h),
        });
    }
    Ok(placed)
}

fn overlaps(o: &Placed, at: (i32, i32), size: (i32, i32)) -> bool {
    at.0 < o.at.0 + o.size.0
        && o.at.0 < at.0 + size.0
        && at.1 < o.at.1 + o.size.1
        && o.at.1 < at.1 + size.1
}

/// Each label on a box of the background colour, so the lines behind it do not strike through it.
fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    placed: &[Placed],
    f: &Style,
) -> ChartResult {
    let t = f.theme();
    let pad = px(f, 2.0) as i32;
    for p in placed {
        let (x, y) = p.at;
        area.draw(&Rectangle::new(
            [(x, y), (x + p.size.0, y + p.size.1)],
            t.background.mix(0.85).filled(),
        ))?;
        let style = font(f, 11.0, t.text).pos(Pos::new(HPos::Left, VPos::Top));
        area.draw(&Text::new(p.text.clone(), (x + pad, y + pad), style))?;
    }
    Ok(())
}

/// Where the binding moves between points `i - 1` and `i`: halfway (in the axis's own spacing).
fn boundary(v: &SweepView, i: usize) -> f64 {
    let (a, b) = (v.points[i - 1].x, v.points[i].x);
    if v.log_x && a > 0.0 && b > 0.0 {
        (a * b).sqrt()
    } else {
        (a + b) / 2.0
    }
}

/// The legend: one swatch per binding stage met, in the order met.
fn entries(f: &Style, v: &SweepView) -> Vec<Entry> {
    let t = f.theme();
    let lang = f.lang;
    let mut stages: Vec<&str> = Vec::new();
    for p in &v.points {
        if !stages.contains(&p.binding) {
            stages.push(p.binding);
        }
    }
    let mut e: Vec<Entry> = stages
        .iter()
        .map(|s| {
            Entry::new(
                format!(
                    "{}: {}",
                    text("binding", lang),
                    name(&format!("stage_{s}"), lang)
                ),
                t.stage(s),
                Swatch::Block,
            )
        })
        .collect();
    if v.current.is_some() {
        e.push(Entry::new(text("current", lang), t.limit(), Swatch::Dashed));
    }
    if v.seeds > 1 {
        e.push(Entry::new(
            format!("{} ({} seeds)", text("interval", lang), v.seeds),
            t.muted,
            Swatch::Note,
        ));
    }
    e
}

/// Sweep `v` as an SVG document of `width`×`height` pixels (native tests).
pub fn to_svg(
    v: &SweepView,
    x_title: &str,
    style: Style,
    width: u32,
    height: u32,
) -> Result<String, super::ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(&root, v, x_title, style)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::scenario_text;
    use crate::playground::sweep::{lesson_form, PageSweep};
    use crate::scenario::Scenario;

    fn stall_view() -> SweepView {
        let sc = Scenario::from_json(scenario_text("stall-at-100").unwrap()).unwrap();
        let mut s = PageSweep::new(&sc, &lesson_form("stall").unwrap()).unwrap();
        while !s.job.step(10_000) {}
        s.view()
    }

    #[test]
    fn the_stall_sweep_draws_both_panels_the_move_and_the_current_value() {
        let v = stall_view();
        let svg = to_svg(&v, "limit (pool.limit)", Style::default(), 800, 520).unwrap();
        assert!(svg.contains("throughput (req/s)") && svg.contains("p99 latency (ms)"));
        assert!(svg.contains("limit (pool.limit)"), "x axis title");
        assert!(
            svg.contains("pool limit → the clients"),
            "where the binding moves"
        );
        assert!(svg.contains(" current = 100"), "the current value");
        assert!(
            svg.contains("binding: pool limit") && svg.contains("binding: the clients"),
            "legend of the binding stages"
        );
        // 16 points in each panel, one marker each.
        assert_eq!(svg.matches("<circle").count(), 32);
        // Log axis: decade ticks are labelled.
        assert!(
            svg.contains("\n10\n") && svg.contains("\n100\n") && svg.contains("\n1000\n"),
            "decade ticks of the log axis"
        );
        let zh = Style {
            lang: Lang::Zh,
            ..Style::default()
        };
        let svg = to_svg(&v, "上限", zh, 800, 520).unwrap();
        assert!(svg.contains("连接池上限 → 客户端本身") && svg.contains("当前值 = 100"));
    }

    #[test]
    fn empty_and_odd_sweeps_draw_without_panicking() {
        let mut v = stall_view();
        let one = SweepView {
            points: v.points[..1].to_vec(),
            moves: Vec::new(),
            ..v.clone()
        };
        to_svg(&one, "x", Style::default(), 300, 200).unwrap();
        v.points.clear();
        v.moves.clear();
        let svg = to_svg(&v, "x", Style::default(), 300, 200).unwrap();
        assert!(svg.contains("no points yet"));
        let mut lin = stall_view();
        lin.log_x = false;
        lin.current = Some(f64::NAN);
        lin.points[3].p99_ms = f64::INFINITY;
        to_svg(&lin, "x", Style::default(), 640, 360).unwrap();
        to_svg(&stall_view(), "x", Style::default(), 1, 1).unwrap();
    }
}
