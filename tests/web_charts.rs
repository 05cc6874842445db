//! Browser-only: every chart of the playground draws on a real `<canvas>`
//! through the same path as the page (`web::Runner`, plotters on
//! the canvas backend), checked by reading the pixels back. Run by
//! `wasm-pack test --headless --chrome`; skipped by `--node`.
#![cfg(target_arch = "wasm32")]

use poolsim::chart::{okabe_ito, ChartKind, Theme};
use poolsim::web::{Playground, Runner};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const WIDTH: u32 = 640;
const HEIGHT: u32 = 360;

fn canvas() -> HtmlCanvasElement {
    let document = web_sys::window()
        .expect("window")
        .document()
        .expect("document");
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas");
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    canvas
}

/// Every pixel of `canvas` as RGBA.
fn pixels(canvas: &HtmlCanvasElement) -> Vec<[u8; 4]> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context")
        .expect("2d")
        .dyn_into()
        .expect("2d context");
    let data = ctx
        .get_image_data(0.0, 0.0, WIDTH as f64, HEIGHT as f64)
        .expect("pixels")
        .data();
    data.chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect()
}

fn rgba(c: plotters::style::RGBColor) -> [u8; 4] {
    [c.0, c.1, c.2, 255]
}

/// A playground whose current run is finished (the first lesson, the stall at 100).
fn finished(link: Option<&str>) -> Runner {
    let mut pg = Playground::new();
    if let Some(hash) = link {
        assert!(pg.load_link(hash).is_ok(), "valid link");
    }
    let mut runner = Runner::new();
    assert!(runner.start(&pg.scenario_json()).is_ok());
    while !runner.step(10_000) {}
    runner
}

fn draw(runner: &Runner, kind: ChartKind, dark: bool) -> Vec<[u8; 4]> {
    let c = canvas();
    assert!(
        runner
            .draw_on(kind.id(), c.clone(), 1.0, dark, "en")
            .is_ok(),
        "{} draws",
        kind.id()
    );
    pixels(&c)
}

#[wasm_bindgen_test]
fn every_chart_draws_data_on_a_real_canvas() {
    let pg = finished(None);
    let background = rgba(Theme::LIGHT.background);
    for kind in ChartKind::ALL {
        let px = draw(&pg, kind, false);
        assert_eq!(px[0], background, "{}: the corner is background", kind.id());
        let inked = px.iter().filter(|p| **p != background).count();
        assert!(
            inked > px.len() / 50,
            "{}: only {inked} pixels drawn",
            kind.id()
        );
    }
}

#[wasm_bindgen_test]
fn charts_use_their_series_colours() {
    let pg = finished(None);
    let has = |kind: ChartKind, colour| draw(&pg, kind, false).contains(&rgba(colour));
    assert!(
        has(ChartKind::InFlight, Theme::LIGHT.primary),
        "in-flight line"
    );
    assert!(
        has(ChartKind::Waiting, okabe_ito::ORANGE),
        "pool waiters area"
    );
    assert!(
        has(ChartKind::Throughput, okabe_ito::BLUISH_GREEN),
        "completions line"
    );
    assert!(
        has(ChartKind::Waterfall, okabe_ito::ORANGE),
        "pool-wait segments"
    );
    assert!(has(ChartKind::Phases, okabe_ito::ORANGE), "pool-wait bars");
}

#[wasm_bindgen_test]
fn the_dark_theme_paints_a_dark_background() {
    let pg = finished(None);
    let px = draw(&pg, ChartKind::Latency, true);
    assert_eq!(px[0], rgba(Theme::DARK.background));
}

#[wasm_bindgen_test]
fn compare_mode_draws_run_a_in_its_own_colour() {
    let mut runner = finished(None);
    assert!(runner.pin());
    let mut pg = Playground::new();
    assert!(pg.set("pool.limit", "500").is_ok());
    assert!(runner.start(&pg.scenario_json()).is_ok());
    while !runner.step(10_000) {}
    assert!(draw(&runner, ChartKind::InFlight, false).contains(&rgba(Theme::LIGHT.baseline)));
}

#[wasm_bindgen_test]
fn a_truncated_run_draws_without_panicking() {
    let pg = finished(Some("#engine=3&clients.count=1000&run.max_events=1"));
    for kind in ChartKind::ALL {
        let px = draw(&pg, kind, false);
        assert!(!px.is_empty(), "{}", kind.id());
    }
}

#[wasm_bindgen_test]
fn an_unknown_chart_is_an_error_not_a_panic() {
    let pg = finished(None);
    assert!(pg.draw_on("pie", canvas(), 1.0, false, "en").is_err());
}

#[wasm_bindgen_test]
fn the_worker_runner_draws_every_chart_offscreen() {
    let page = Playground::new();
    let mut runner = poolsim::web::Runner::new();
    assert!(
        runner
            .draw("inflight", 300, 150, 1.0, false, "en")
            .is_ok_and(|b| b.is_none()),
        "nothing to draw before a run"
    );
    assert!(runner.start(&page.scenario_json()).is_ok());
    while !runner.step(10_000) {}
    for kind in ChartKind::ALL {
        let bitmap = runner
            .draw(kind.id(), 300, 150, 1.0, false, "zh")
            .unwrap_or_else(|_| panic!("{} draws", kind.id()))
            .expect("a bitmap");
        assert_eq!(
            (bitmap.width(), bitmap.height()),
            (300, 150),
            "{}",
            kind.id()
        );
    }
    assert!(
        runner.start("{\"pool\":{\"limit\":-1}}").is_err(),
        "a bad scenario is an error"
    );
    let table = runner.table("inflight", true).expect("a table");
    assert!(table.contains("\"in_flight\""));
}

#[wasm_bindgen_test]
fn the_hero_paints_its_dots_and_counts_them() {
    let mut hero = poolsim::web::HeroWidget::new();
    let c = canvas();
    // Halfway through the playback of 10 waves: some waiting, 100 holding, some done.
    let half = hero.cycle_ms() / 2.0;
    let counts = hero.draw_dots(c.clone(), half * 0.8, false).expect("draws");
    assert_eq!(counts[0] + counts[1] + counts[2], 1000.0);
    assert_eq!(counts[1], 100.0);
    let orange = rgba(poolsim::chart::okabe_ito::ORANGE);
    assert!(pixels(&c).contains(&orange), "waiting dots are drawn");
    assert!(hero.set_limit("0").is_err(), "out of range");
    assert!(hero.set_limit("500").is_ok());
    assert!(hero.sentence().contains("\"waves\":2"));
}

/// The stall lesson's sweep, drawn by the worker's Runner on a real canvas
/// (page) and offscreen: orange dots where the pool limit binds, bluish-green
/// where the clients do; nothing to draw before a sweep.
#[wasm_bindgen_test]
fn the_sweep_chart_draws_its_binding_colours() {
    let pg = Playground::new();
    let mut runner = Runner::new();
    assert!(runner
        .sweep_draw(300, 150, 1.0, false, "en", "limit")
        .is_ok_and(|b| b.is_none()));
    let form = pg.sweep_lesson_form("stall").expect("the stall's sweep");
    assert!(runner.sweep_start(&pg.scenario_json(), &form).is_ok());
    while !runner.sweep_step(10_000) {}
    let c = canvas();
    assert!(runner
        .sweep_draw_on(c.clone(), 1.0, false, "en", "limit (pool.limit)")
        .is_ok());
    let px = pixels(&c);
    assert_eq!(px[0], rgba(Theme::LIGHT.background));
    assert!(px.contains(&rgba(okabe_ito::ORANGE)), "pool-bound points");
    assert!(
        px.contains(&rgba(okabe_ito::BLUISH_GREEN)),
        "client-bound points"
    );
    let bitmap = runner
        .sweep_draw(640, 360, 1.0, true, "zh", "上限")
        .expect("draws")
        .expect("a bitmap");
    assert_eq!((bitmap.width(), bitmap.height()), (640, 360));
}
