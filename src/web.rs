//! The browser binding: the only module that knows wasm-bindgen and web-sys
//! (`web/canvas.rs`: the plotters backend on an offscreen or page canvas;
//! `web/page_canvas.rs`: plotters-canvas for the page's own canvases;
//! `web/hero.rs`: the hero's dots). Three classes:
//!
//! - `Playground` (page): wraps a `playground::Session` for `www/app.js`.
//!   JavaScript passes what the user did (a knob path and the text typed, a
//!   lesson id, the URL hash) and gets back JSON to show; the scenario to run
//!   goes to the worker as JSON (`scenario_json`).
//! - `Runner` (Web Worker, `www/worker.js`): runs that scenario in bounded
//!   steps, keeps the finished and pinned runs, and draws the charts on
//!   `OffscreenCanvas`es, returned as `ImageBitmap`s, so the page never blocks;
//!   likewise a sweep of the scenario over one knob (`sweep_*`), stepped
//!   between runs so a slider moved mid-sweep still redraws at once.
//! - `HeroWidget` (page): the fixed 1000-request stall with a request trace.
//!
//! Errors cross the boundary once, as a JS `Error` whose message names the field.
//!
//! A panic cannot be caught in wasm32 (panics abort: the call traps with a
//! `WebAssembly.RuntimeError`, and the instance is left unusable). So the
//! panic hook installed here records the message (`take_panic_message`):
//! on the page `www/engine.js` swaps in a fresh instance of the module with
//! a new `Playground`; in the worker, `www/worker.js` reports the crash and
//! the page starts a fresh worker (`www/runner.js`). `test_only_panic`
//! forces such a panic for the tests, on the page or in the worker's next step.

pub mod canvas;
mod hero;
mod page_canvas;

use crate::chart::{self, ChartKind, Lang, Style};
use crate::playground::sweep::{self as page_sweep, PageSweep};
use crate::playground::{self, Session};
use crate::scenario::ConfigError;
use crate::sweep::view::SweepView;
use canvas::Canvas2d;
use plotters::prelude::IntoDrawingArea;
use std::sync::{Mutex, Once};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, OffscreenCanvas,
    OffscreenCanvasRenderingContext2d,
};

/// The last panic's message and place, kept for JavaScript to read after the trap.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Installs the hook that records a panic's message (once per instance).
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(record_panic)));
}

fn record_panic(info: &std::panic::PanicHookInfo) {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    let at = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let message = format!("{}{at}", crate::schema::limits::quote(&what));
    web_sys::console::warn_1(&format!("poolsim: internal error: {message}").into());
    if let Ok(mut last) = LAST_PANIC.lock() {
        *last = Some(message);
    }
}

/// The message of the panic that stopped this instance, if any (read once).
#[wasm_bindgen]
pub fn take_panic_message() -> Option<String> {
    LAST_PANIC.lock().ok().and_then(|mut last| last.take())
}

fn js_error(e: ConfigError) -> JsError {
    JsError::new(&e.to_string())
}

/// The plotters backend on a page canvas (sized in device pixels).
fn page_backend(canvas: &HtmlCanvasElement) -> Result<page_canvas::MeasuredCanvas, JsError> {
    page_canvas::MeasuredCanvas::new(canvas.clone())
        .ok_or_else(|| JsError::new("canvas has no 2d context"))
}

/// Draws chart `chart` of `frame` on `backend`.
fn draw_chart<DB: plotters::prelude::DrawingBackend>(
    chart: &str,
    backend: DB,
    frame: &chart::Frame,
) -> Result<(), JsError> {
    let kind =
        ChartKind::from_id(chart).ok_or_else(|| JsError::new(&format!("no chart '{chart}'")))?;
    chart::draw(kind, &backend.into_drawing_area(), frame).map_err(|e| JsError::new(&e.to_string()))
}

/// Draws sweep `v` on `backend`.
fn draw_sweep<DB: plotters::prelude::DrawingBackend>(
    backend: DB,
    v: &SweepView,
    x_title: &str,
    st: Style,
) -> Result<(), JsError> {
    chart::sweep::draw(&backend.into_drawing_area(), v, x_title, st)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The engine version stamped into links and digests.
#[wasm_bindgen]
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_string()
}

/// The page's static tables (knobs, groups, lessons, scenarios, charts) as JSON.
#[wasm_bindgen]
pub fn tables() -> String {
    serde_json::to_string(&playground::tables()).unwrap_or_else(|_| "{}".into())
}

/// One page session.
#[wasm_bindgen]
pub struct Playground {
    session: Session,
    /// Set by `test_only_panic("next_step")`: the next run's first step panics (in the worker).
    panic_next_run: bool,
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}

#[wasm_bindgen]
impl Playground {
    /// A session on the first lesson.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        install_panic_hook();
        Playground {
            session: Session::new(),
            panic_next_run: false,
        }
    }

    /// For the tests only: panics now (`now`), or arms a panic in the next
    /// run's first step in the worker (`next_step`), as a bug in the
    /// simulator would, so the page's recovery can be tested.
    #[doc(hidden)]
    pub fn test_only_panic(&mut self, when: &str) {
        match when {
            "next_step" => self.panic_next_run = true,
            _ => panic!("test-only panic ({when})"),
        }
    }

    /// For the tests only: whether the next run is armed to panic (read once).
    #[doc(hidden)]
    pub fn take_test_only_panic(&mut self) -> bool {
        std::mem::take(&mut self.panic_next_run)
    }

    pub fn load_lesson(&mut self, id: &str) -> Result<(), JsError> {
        self.session.load_lesson(id).map_err(js_error)
    }

    pub fn load_scenario(&mut self, id: &str) -> Result<(), JsError> {
        self.session.load_scenario(id).map_err(js_error)
    }

    /// Loads a link hash; returns a warning for a link from another engine.
    pub fn load_link(&mut self, hash: &str) -> Result<Option<String>, JsError> {
        self.session.load_link(hash).map_err(js_error)
    }

    /// Sets the field at dotted `path` from the text typed; throws if the scenario becomes invalid.
    pub fn set(&mut self, path: &str, raw: &str) -> Result<(), JsError> {
        self.session.set(path, raw).map_err(js_error)
    }

    /// Lays a library preset's defaults (e.g. `httpx`) over the current scenario.
    pub fn apply_preset(&mut self, name: &str) -> Result<(), JsError> {
        self.session.apply_preset(name).map_err(js_error)
    }

    /// Picks a new seed and returns it (as text: seeds are 64-bit).
    pub fn new_seed(&mut self) -> String {
        self.session.new_seed().to_string()
    }

    /// The shared-link hash of the current scenario.
    pub fn link(&self) -> String {
        self.session.link()
    }

    /// What the page shows besides the charts (summary, key numbers, knob values, error), as JSON.
    pub fn view(&self) -> String {
        self.session.view_json()
    }

    /// The scenario that runs (the last valid one) as JSON, for the worker's `Runner`.
    pub fn scenario_json(&self) -> String {
        serde_json::to_string(self.session.scenario()).unwrap_or_default()
    }

    /// The sweep panel's default fields for knob `path` (its slider's range) as JSON; throws naming `sweep.knob`.
    pub fn sweep_form(&self, path: &str) -> Result<String, JsError> {
        let form = page_sweep::default_form(path).map_err(js_error)?;
        Ok(serde_json::to_string(&form).unwrap_or_default())
    }

    /// The sweep lesson `id` offers (the stall: pool.limit 10..2000, log) as JSON, if any.
    pub fn sweep_lesson_form(&self, id: &str) -> Option<String> {
        page_sweep::lesson_form(id).and_then(|f| serde_json::to_string(&f).ok())
    }

    /// Checks the sweep panel's fields (`form_json`, as typed) against the
    /// current scenario; throws naming the `sweep.*` field (or the knob) and its range.
    pub fn sweep_check(&self, form_json: &str) -> Result<(), JsError> {
        let form = parse_form(form_json)?;
        PageSweep::new(self.session.scenario(), &form)
            .map(|_| ())
            .map_err(js_error)
    }

    /// The client code for `client` (`aiohttp`, `httpx`, `go`) matching the current scenario.
    pub fn snippet(&self, client: &str) -> Result<String, JsError> {
        crate::snippet::generate(client, self.session.scenario())
            .ok_or_else(|| JsError::new(&format!("no snippet for '{client}'")))
    }
}

/// The sweep panel's fields from the page's JSON (strings as typed).
fn parse_form(form_json: &str) -> Result<page_sweep::Form, JsError> {
    serde_json::from_str(form_json)
        .map_err(|e| JsError::new(&format!("sweep: the panel's fields are not valid ({e})")))
}

/// A new `width`×`height` OffscreenCanvas, its plotters backend handed to `paint`, as an ImageBitmap.
fn offscreen(
    width: u32,
    height: u32,
    paint: impl FnOnce(Canvas2d<OffscreenCanvasRenderingContext2d>) -> Result<(), JsError>,
) -> Result<ImageBitmap, JsError> {
    let (w, h) = (width.clamp(1, 8192), height.clamp(1, 8192));
    let canvas = OffscreenCanvas::new(w, h).map_err(|_| JsError::new("no OffscreenCanvas"))?;
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<OffscreenCanvasRenderingContext2d>().ok())
        .ok_or_else(|| JsError::new("offscreen canvas has no 2d context"))?;
    paint(Canvas2d::new(ctx, w, h))?;
    canvas
        .transfer_to_image_bitmap()
        .map_err(|_| JsError::new("could not hand the chart over"))
}

fn style(scale: f64, dark: bool, lang: &str) -> Style {
    Style {
        dark,
        scale: scale.clamp(0.5, 8.0),
        lang: Lang::from_code(lang),
    }
}

/// The hero widget: the stall at 100 with one slider, its dots and its in-flight chart.
#[wasm_bindgen]
pub struct HeroWidget {
    hero: playground::hero::Hero,
    dots: Vec<playground::hero::Dot>,
}

impl Default for HeroWidget {
    fn default() -> Self {
        HeroWidget::new()
    }
}

#[wasm_bindgen]
impl HeroWidget {
    #[wasm_bindgen(constructor)]
    pub fn new() -> HeroWidget {
        HeroWidget {
            hero: playground::hero::Hero::new(),
            dots: Vec::new(),
        }
    }

    /// Sets the pool limit from the slider's text and re-runs (a few ms); throws naming the field.
    pub fn set_limit(&mut self, raw: &str) -> Result<(), JsError> {
        self.hero.set_limit(raw).map_err(js_error)
    }

    /// The sentence's numbers as JSON (`playground::hero::Sentence`).
    pub fn sentence(&self) -> String {
        serde_json::to_string(&self.hero.sentence()).unwrap_or_else(|_| "{}".into())
    }

    /// Real milliseconds one playback takes (the run, then a pause at its end).
    pub fn cycle_ms(&self) -> f64 {
        playground::hero::playback_ms(self.hero.layout().end_ns()) + playground::hero::HOLD_MS
    }

    /// Paints the dots `elapsed_ms` into playback on `canvas` (sized in device
    /// pixels); returns [waiting, holding, done, virtual time in µs].
    pub fn draw_dots(
        &mut self,
        canvas: HtmlCanvasElement,
        elapsed_ms: f64,
        dark: bool,
    ) -> Result<Vec<f64>, JsError> {
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or_else(|| JsError::new("canvas has no 2d context"))?;
        let layout = self.hero.layout();
        let end = layout.end_ns();
        let t = playground::hero::virtual_ns(end, elapsed_ms).min(end + 1);
        let size = (canvas.width() as f64, canvas.height() as f64);
        let c = hero::paint(&ctx, size, layout, t, dark, &mut self.dots);
        Ok(vec![
            c.waiting as f64,
            c.holding as f64,
            c.done as f64,
            (t.min(end) as f64 / 1e3).round(),
        ])
    }

    /// Draws the hero run's in-flight chart on `canvas`.
    pub fn draw_chart(
        &self,
        canvas: HtmlCanvasElement,
        scale: f64,
        dark: bool,
        lang: &str,
    ) -> Result<(), JsError> {
        let frame = self.hero.frame(style(scale, dark, lang));
        draw_chart(ChartKind::InFlight.id(), page_backend(&canvas)?, &frame)
    }
}

/// The Web Worker's side: runs scenarios in bounded steps, keeps the
/// finished and pinned runs, and draws their charts off the page.
#[wasm_bindgen]
pub struct Runner {
    session: Session,
    /// Set by `test_only_panic`: the next `step` panics.
    panic_at_step: bool,
    /// The sweep in progress, stepped between the runs (`sweep_step`).
    sweep: Option<PageSweep>,
    /// The last finished sweep, as the chart and the table show it.
    swept: Option<SweepView>,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

#[wasm_bindgen]
impl Runner {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Runner {
        install_panic_hook();
        Runner {
            session: Session::new(),
            panic_at_step: false,
            sweep: None,
            swept: None,
        }
    }

    /// For the tests only: the next `step` panics, as a bug in the simulator would.
    #[doc(hidden)]
    pub fn test_only_panic(&mut self) {
        self.panic_at_step = true;
    }

    /// Starts a run of the scenario `json` (from `Playground::scenario_json`), replacing one in progress.
    pub fn start(&mut self, json: &str) -> Result<(), JsError> {
        self.session.load_json(json).map_err(js_error)?;
        self.session.start();
        Ok(())
    }

    /// Runs at most `budget` events; true when the run has finished.
    pub fn step(&mut self, budget: u32) -> bool {
        if std::mem::take(&mut self.panic_at_step) {
            panic!("test-only panic (next_step)");
        }
        self.session.step(budget as u64)
    }

    pub fn progress(&self) -> f64 {
        self.session.progress()
    }

    /// Drops the run in progress; the last finished run stays.
    pub fn cancel(&mut self) {
        self.session.cancel();
    }

    pub fn pin(&mut self) -> bool {
        self.session.pin()
    }

    pub fn unpin(&mut self) {
        self.session.unpin();
    }

    /// The finished run's part of the page's view (summary, key numbers, pinned run) as JSON.
    pub fn view(&self) -> String {
        self.session.view_json()
    }

    /// Draws chart `chart` of the finished run on a new `width`×`height`
    /// OffscreenCanvas and returns it as an ImageBitmap (None before any run).
    pub fn draw(
        &self,
        chart: &str,
        width: u32,
        height: u32,
        scale: f64,
        dark: bool,
        lang: &str,
    ) -> Result<Option<ImageBitmap>, JsError> {
        let Some(frame) = self.session.frame(style(scale, dark, lang)) else {
            return Ok(None);
        };
        offscreen(width, height, |backend| draw_chart(chart, backend, &frame)).map(Some)
    }

    /// Draws chart `chart` of the finished run on a page `canvas` (sized in
    /// device pixels; `scale` is devicePixelRatio): the same drawing as
    /// `draw`, for pages without OffscreenCanvas and for the browser tests.
    pub fn draw_on(
        &self,
        chart: &str,
        canvas: HtmlCanvasElement,
        scale: f64,
        dark: bool,
        lang: &str,
    ) -> Result<(), JsError> {
        let Some(frame) = self.session.frame(style(scale, dark, lang)) else {
            return Ok(());
        };
        draw_chart(chart, page_backend(&canvas)?, &frame)
    }

    /// Chart `chart`'s data as a table (JSON, `playground::table::Table`);
    /// without `rows`, only its columns and summary (what the page shows under a closed table).
    pub fn table(&self, chart: &str, rows: bool) -> Option<String> {
        let run = self.session.current()?;
        let mut t = playground::table::table(&run.out, run.timeline.as_ref(), chart)?;
        if !rows && !t.stats.is_empty() {
            t.rows.clear();
        }
        serde_json::to_string(&t).ok()
    }

    /// The finished run's summary as pretty JSON (the download).
    pub fn summary_json(&self) -> Option<String> {
        self.session.current().map(|r| crate::format::json(&r.out))
    }

    /// The finished run's time series as CSV (the download).
    pub fn series_csv(&self) -> Option<String> {
        self.session
            .current()
            .map(|r| crate::format::series_csv(&r.out))
    }

    /// Starts a sweep of scenario `json` over the panel's fields `form_json`,
    /// replacing one in progress (the last finished sweep stays); throws naming the field.
    pub fn sweep_start(&mut self, json: &str, form_json: &str) -> Result<(), JsError> {
        let form = parse_form(form_json)?;
        let scenario = crate::scenario::Scenario::from_json(json).map_err(js_error)?;
        self.sweep = Some(PageSweep::new(&scenario, &form).map_err(js_error)?);
        Ok(())
    }

    /// Advances the sweep by at most `budget` events; true when no sweep is in progress any more.
    pub fn sweep_step(&mut self, budget: u32) -> bool {
        let Some(s) = self.sweep.as_mut() else {
            return true;
        };
        if !s.job.step(budget as u64) {
            return false;
        }
        self.swept = self.sweep.take().map(|s| s.view());
        true
    }

    /// The sweep's progress in [0, 1] (1 when none is going).
    pub fn sweep_progress(&self) -> f64 {
        self.sweep.as_ref().map_or(1.0, |s| s.job.progress())
    }

    /// Points finished of the sweep in progress (or of the last one).
    pub fn sweep_points_done(&self) -> u32 {
        match &self.sweep {
            Some(s) => s.job.points().len() as u32,
            None => self.swept.as_ref().map_or(0, |v| v.points.len() as u32),
        }
    }

    /// Drops the sweep in progress; the last finished sweep stays.
    pub fn sweep_cancel(&mut self) {
        self.sweep = None;
    }

    /// The last finished sweep as JSON (`playground::sweep::SweepView`).
    pub fn sweep_view(&self) -> Option<String> {
        self.swept
            .as_ref()
            .and_then(|v| serde_json::to_string(v).ok())
    }

    /// The last finished sweep's data table as JSON (`playground::sweep::SweepTable`).
    pub fn sweep_table(&self) -> Option<String> {
        self.swept
            .as_ref()
            .and_then(|v| serde_json::to_string(&page_sweep::table(v)).ok())
    }

    /// Draws the last finished sweep on a new OffscreenCanvas (None before
    /// any sweep); `x_title` is the knob's label in the page's language.
    pub fn sweep_draw(
        &self,
        width: u32,
        height: u32,
        scale: f64,
        dark: bool,
        lang: &str,
        x_title: &str,
    ) -> Result<Option<ImageBitmap>, JsError> {
        let Some(v) = &self.swept else {
            return Ok(None);
        };
        let st = style(scale, dark, lang);
        offscreen(width, height, |backend| draw_sweep(backend, v, x_title, st)).map(Some)
    }

    /// Draws the last finished sweep on a page `canvas` (the browser tests, pages without OffscreenCanvas).
    pub fn sweep_draw_on(
        &self,
        canvas: HtmlCanvasElement,
        scale: f64,
        dark: bool,
        lang: &str,
        x_title: &str,
    ) -> Result<(), JsError> {
        let Some(v) = &self.swept else {
            return Ok(());
        };
        draw_sweep(page_backend(&canvas)?, v, x_title, style(scale, dark, lang))
    }
}
