//! A plotters backend on a canvas 2d context, for both kinds of canvas: a
//! page `<canvas>` (`CanvasRenderingContext2d`) and an `OffscreenCanvas` in
//! the Web Worker (`OffscreenCanvasRenderingContext2d`). The two contexts
//! have the same drawing methods but no common Rust type, so `Ctx2d` names
//! the few this backend uses and a macro implements it for both.
//!
//! Text is measured with the context's own `measureText`: it needs no page
//! layout, and works in a worker, where there is no document.

use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use std::fmt;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, OffscreenCanvasRenderingContext2d};

/// A canvas call failed; carries the browser's message.
#[derive(Debug)]
pub struct CanvasError(String);

impl fmt::Display for CanvasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn js(e: JsValue) -> DrawingErrorKind<CanvasError> {
    let message = e
        .as_string()
        .unwrap_or_else(|| "a canvas call failed".into());
    DrawingErrorKind::DrawingError(CanvasError(message))
}

type Result<T> = std::result::Result<T, DrawingErrorKind<CanvasError>>;

/// The canvas 2d methods the backend uses.
pub trait Ctx2d {
    fn set_stroke(&self, css: &str);
    fn set_fill(&self, css: &str);
    fn set_width(&self, px: f64);
    fn begin(&self);
    fn move_to_xy(&self, x: f64, y: f64);
    fn line_to_xy(&self, x: f64, y: f64);
    fn close(&self);
    fn stroke_now(&self);
    fn fill_now(&self);
    fn fill_box(&self, x: f64, y: f64, w: f64, h: f64);
    fn stroke_box(&self, x: f64, y: f64, w: f64, h: f64);
    fn arc_at(&self, x: f64, y: f64, r: f64) -> std::result::Result<(), JsValue>;
    fn save_state(&self);
    fn restore_state(&self);
    fn move_origin(&self, x: f64, y: f64) -> std::result::Result<(), JsValue>;
    fn turn(&self, radians: f64) -> std::result::Result<(), JsValue>;
    fn text_style(&self, font: &str, align: &str, baseline: &str);
    fn text_at(&self, text: &str, x: f64, y: f64) -> std::result::Result<(), JsValue>;
    fn text_width(&self, font: &str, text: &str) -> f64;
}

macro_rules! ctx2d {
    ($t:ty) => {
        impl Ctx2d for $t {
            fn set_stroke(&self, css: &str) {
                self.set_stroke_style_str(css);
            }
            fn set_fill(&self, css: &str) {
                self.set_fill_style_str(css);
            }
            fn set_width(&self, px: f64) {
                self.set_line_width(px);
            }
            fn begin(&self) {
                self.begin_path();
            }
            fn move_to_xy(&self, x: f64, y: f64) {
                self.move_to(x, y);
            }
            fn line_to_xy(&self, x: f64, y: f64) {
                self.line_to(x, y);
            }
            fn close(&self) {
                self.close_path();
            }
            fn stroke_now(&self) {
                self.stroke();
            }
            fn fill_now(&self) {
                self.fill();
            }
            fn fill_box(&self, x: f64, y: f64, w: f64, h: f64) {
                self.fill_rect(x, y, w, h);
            }
            fn stroke_box(&self, x: f64, y: f64, w: f64, h: f64) {
                self.stroke_rect(x, y, w, h);
            }
            fn arc_at(&self, x: f64, y: f64, r: f64) -> std::result::Result<(), JsValue> {
                self.arc(x, y, r, 0.0, std::f64::consts::TAU)
            }
            fn save_state(&self) {
                self.save();
            }
            fn restore_state(&self) {
                self.restore();
            }
            fn move_origin(&self, x: f64, y: f64) -> std::result::Result<(), JsValue> {
                self.translate(x, y)
            }
            fn turn(&self, radians: f64) -> std::result::Result<(), JsValue> {
                self.rotate(radians)
            }
            fn text_style(&self, font: &str, align: &str, baseline: &str) {
                self.set_font(font);
                self.set_text_align(align);
                self.set_text_baseline(baseline);
            }
            fn text_at(&self, text: &str, x: f64, y: f64) -> std::result::Result<(), JsValue> {
                self.fill_text(text, x, y)
            }
            fn text_width(&self, font: &str, text: &str) -> f64 {
                self.set_font(font);
                self.measure_text(text).map(|m| m.width()).unwrap_or(0.0)
            }
        }
    };
}

ctx2d!(CanvasRenderingContext2d);
ctx2d!(OffscreenCanvasRenderingContext2d);

/// A plotters backend drawing on `ctx`, `width`×`height` device pixels.
pub struct Canvas2d<C: Ctx2d> {
    ctx: C,
    size: (u32, u32),
}

impl<C: Ctx2d> Canvas2d<C> {
    pub fn new(ctx: C, width: u32, height: u32) -> Canvas2d<C> {
        Canvas2d {
            ctx,
            size: (width, height),
        }
    }

    fn stroke_style(&self, style: &impl BackendStyle) {
        self.ctx.set_stroke(&css(style.color()));
        self.ctx.set_width(style.stroke_width() as f64);
    }
}

/// A colour as CSS `rgba(…)`.
fn css(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", c.alpha)
}

fn font(style: &impl BackendTextStyle) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

/// Centre of a pixel for odd line widths on axis-aligned lines, so they stay crisp.
fn crisp(from: BackendCoord, to: BackendCoord, width: u32) -> ((f64, f64), (f64, f64)) {
    let half = if width % 2 == 1 { 0.5 } else { 0.0 };
    let (mut a, mut b) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
    if from.0 == to.0 {
        a.0 += half;
        b.0 += half;
    }
    if from.1 == to.1 {
        a.1 += half;
        b.1 += half;
    }
    (a, b)
}

impl<C: Ctx2d> DrawingBackend for Canvas2d<C> {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        Ok(())
    }

    fn present(&mut self) -> Result<()> {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> Result<()> {
        if color.alpha > 0.0 {
            self.ctx.set_fill(&css(color));
            self.ctx.fill_box(p.0 as f64, p.1 as f64, 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke_style(style);
        let (a, b) = crisp(from, to, style.stroke_width());
        self.ctx.begin();
        self.ctx.move_to_xy(a.0, a.1);
        self.ctx.line_to_xy(b.0, b.1);
        self.ctx.stroke_now();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (ul.0 as f64, ul.1 as f64);
        let (w, h) = ((br.0 - ul.0) as f64, (br.1 - ul.1) as f64);
        if fill {
            self.ctx.set_fill(&css(style.color()));
            self.ctx.fill_box(x, y, w, h);
        } else {
            self.stroke_style(style);
            self.ctx.stroke_box(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke_style(style);
        self.ctx.begin();
        let mut first = true;
        for (x, y) in path {
            if first {
                self.ctx.move_to_xy(x as f64, y as f64);
                first = false;
            } else {
                self.ctx.line_to_xy(x as f64, y as f64);
            }
        }
        self.ctx.stroke_now();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.ctx.set_fill(&css(style.color()));
        self.ctx.begin();
        let mut first = true;
        for (x, y) in vert {
            if first {
                self.ctx.move_to_xy(x as f64, y as f64);
                first = false;
            } else {
                self.ctx.line_to_xy(x as f64, y as f64);
            }
        }
        self.ctx.close();
        self.ctx.fill_now();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.ctx.begin();
        self.ctx
            .arc_at(c.0 as f64, c.1 as f64, r as f64)
            .map_err(js)?;
        if fill {
            self.ctx.set_fill(&css(style.color()));
            self.ctx.fill_now();
        } else {
            self.stroke_style(style);
            self.ctx.stroke_now();
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
            _ => 0.0,
        };
        let anchor = style.anchor();
        let align = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        self.ctx.save_state();
        self.ctx
            .move_origin(pos.0 as f64, pos.1 as f64)
            .map_err(js)?;
        if turn != 0.0 {
            self.ctx.turn(f64::to_radians(turn)).map_err(js)?;
        }
        self.ctx.set_fill(&css(color));
        self.ctx.text_style(&font(style), align, baseline);
        let drawn = self.ctx.text_at(text, 0.0, 0.0);
        self.ctx.restore_state();
        drawn.map_err(js)
    }

    /// Width from `measureText`; height is the font size.
    fn estimate_text_size<T: BackendTextStyle>(&self, text: &str, style: &T) -> Result<(u32, u32)> {
        let width = self.ctx.text_width(&font(style), text);
        Ok((
            width.ceil().max(0.0) as u32,
            style.size().ceil().max(0.0) as u32,
        ))
    }
}
