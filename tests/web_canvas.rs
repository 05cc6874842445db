//! Browser-only: plotters draws into a real <canvas> through the page's
//! canvas backend (`poolsim::web::canvas::Canvas2d`),
//! and the pixels are read back with getImageData. Run by
//! `wasm-pack test --headless --chrome`; skipped by `--node`.
#![cfg(target_arch = "wasm32")]

use plotters::prelude::*;
use poolsim::web::canvas::Canvas2d;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A `width`×`height` canvas element created in the page's document.
fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    canvas
}

/// The page's backend on `canvas`.
fn backend(canvas: &HtmlCanvasElement) -> Canvas2d<CanvasRenderingContext2d> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    Canvas2d::new(ctx, canvas.width(), canvas.height())
}

/// RGBA of the pixel at (x, y).
fn pixel(canvas: &HtmlCanvasElement, x: f64, y: f64) -> [u8; 4] {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data();
    [data[0], data[1], data[2], data[3]]
}

#[wasm_bindgen_test]
fn plotters_fills_a_red_rectangle_on_a_canvas() {
    let canvas = canvas(200, 100);
    let backend = backend(&canvas);
    let root = backend.into_drawing_area();
    root.fill(&WHITE).unwrap();
    root.draw(&Rectangle::new([(50, 25), (150, 75)], RED.filled()))
        .unwrap();
    root.present().unwrap();

    assert_eq!(
        pixel(&canvas, 100.0, 50.0),
        [255, 0, 0, 255],
        "centre of the rectangle"
    );
    assert_eq!(
        pixel(&canvas, 10.0, 10.0),
        [255, 255, 255, 255],
        "background"
    );
}

#[wasm_bindgen_test]
fn plotters_draws_a_line_series() {
    let canvas = canvas(200, 100);
    let root = backend(&canvas).into_drawing_area();
    root.fill(&WHITE).unwrap();
    let mut chart = ChartBuilder::on(&root)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .unwrap();
    chart
        .draw_series(LineSeries::new(
            [(0.0, 0.5), (1.0, 0.5)],
            BLUE.stroke_width(9),
        ))
        .unwrap();
    root.present().unwrap();

    let [r, g, b, _] = pixel(&canvas, 100.0, 50.0);
    assert!(
        b > 200 && r < 60 && g < 60,
        "blue line at mid-height, got rgb({r},{g},{b})"
    );
}
