//! Paints the hero's dots (`playground::hero`) on a canvas 2d context: the
//! three areas, empty and filling slots, and one path per dot colour.
//! Positions come from `playground::hero_view`; nothing here decides where a
//! request is.

use crate::chart::{okabe_ito, Theme};
use crate::playground::hero::{Counts, Dot, Layout, Where};
use crate::playground::hero_view::{Areas, Grid};
use plotters::style::RGBColor;
use std::f64::consts::TAU;
use web_sys::CanvasRenderingContext2d;

/// Colours of one theme, as CSS strings (the charts' theme and Okabe–Ito accents).
struct Palette {
    background: String,
    area: &'static str,
    slot: String,
    waiting: String,
    holding: String,
    served: &'static str,
    done: String,
}

fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn palette(dark: bool) -> Palette {
    let theme = Theme::pick(dark);
    Palette {
        background: css(theme.background),
        area: if dark { "#232a33" } else { "#f3f5f8" },
        slot: css(theme.grid),
        waiting: css(okabe_ito::ORANGE),
        holding: css(theme.primary),
        served: if dark {
            "rgba(86,180,233,0.35)"
        } else {
            "rgba(0,114,178,0.22)"
        },
        done: css(okabe_ito::BLUISH_GREEN),
    }
}

/// Draws the dots of `layout` at virtual time `t_ns` on a `w`×`h` (device px) context.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    (w, h): (f64, f64),
    layout: &Layout,
    t_ns: u64,
    dark: bool,
    dots: &mut Vec<Dot>,
) -> Counts {
    let p = palette(dark);
    let counts = layout.dots(t_ns, dots);
    let areas = Areas::new(w, h, layout.len() as u32, layout.slots().max(1));
    ctx.set_fill_style_str(&p.background);
    ctx.fill_rect(0.0, 0.0, w, h);
    for g in [areas.waiting, areas.slots, areas.done] {
        ctx.set_fill_style_str(p.area);
        let m = g.cell * 0.25;
        ctx.fill_rect(
            g.x - m,
            g.y - m,
            g.cols as f64 * g.cell + 2.0 * m,
            g.rows as f64 * g.cell + 2.0 * m,
        );
    }
    slots(ctx, &areas.slots, layout.slots(), &p);
    served(ctx, &areas, dots, &p);
    // A holding dot is smaller than its slot, so the slot's fill (time served) shows around it.
    for (colour, pick, grid, share) in [
        (&p.waiting, 0u8, &areas.waiting, 0.36),
        (&p.holding, 1, &areas.slots, 0.24),
        (&p.done, 2, &areas.done, 0.36),
    ] {
        let r = (grid.cell * share).max(0.6);
        ctx.set_fill_style_str(colour);
        ctx.begin_path();
        for d in dots.iter().filter(|d| kind(d) == pick) {
            let (x, y) = areas.position(d);
            ctx.move_to(x + r, y);
            let _ = ctx.arc(x, y, r, 0.0, TAU);
        }
        ctx.fill();
    }
    counts
}

/// 0 waiting, 1 holding a slot (or flying to one), 2 done.
fn kind(d: &Dot) -> u8 {
    match d.at {
        Where::Waiting { .. } => 0,
        Where::Holding { .. } => 1,
        Where::Done { .. } => 2,
    }
}

/// The empty slots: one outlined cell each.
fn slots(ctx: &CanvasRenderingContext2d, g: &Grid, n: u32, p: &Palette) {
    ctx.set_stroke_style_str(&p.slot);
    ctx.set_line_width((g.cell * 0.08).max(0.5));
    let inset = g.cell * 0.08;
    ctx.begin_path();
    for s in 0..n {
        let (x, y) = g.centre(s % g.cols, s / g.cols);
        let half = g.cell / 2.0 - inset;
        ctx.rect(x - half, y - half, 2.0 * half, 2.0 * half);
    }
    ctx.stroke();
}

/// How far each held slot's request has got: the cell fills from the bottom.
fn served(ctx: &CanvasRenderingContext2d, a: &Areas, dots: &[Dot], p: &Palette) {
    let g = &a.slots;
    let inset = g.cell * 0.08;
    let half = g.cell / 2.0 - inset;
    ctx.set_fill_style_str(p.served);
    for d in dots {
        if let Where::Holding { slot } = d.at {
            let (x, y) = g.centre(slot % g.cols, slot / g.cols);
            let fill = 2.0 * half * d.served;
            ctx.fill_rect(x - half, y + half - fill, 2.0 * half, fill);
        }
    }
}
