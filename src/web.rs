//! The browser binding: the only module that knows wasm-bindgen, web-sys and
//! plotters-canvas (`web/canvas.rs`: the canvas backend the charts draw on). `Playground` wraps a `playground::Session` for
//! `www/app.js`: JavaScript passes what the user did (a knob path and the
//! text typed, a lesson id, the URL hash) and gets back JSON to show, or
//! asks for a chart to be drawn on a canvas. Errors cross the boundary once,
//! as a JS `Error` whose message names the field.
//!
//! Runs advance only through `step(budget)`, so JavaScript bounds the work
//! per animation frame and the page never blocks.
//!
//! A panic cannot be caught in wasm32 (panics abort: the call traps with a
//! `WebAssembly.RuntimeError`, and the instance is left unusable). So the
//! panic hook installed here records the message (`take_panic_message`), and
//! `www/engine.js` swaps in a fresh instance of the module with a new
//! `Playground`, so the page shows the message and keeps working.
//! `test_only_panic` forces such a panic for the tests.

mod canvas;

use crate::chart::{self, ChartKind, Lang, Style};
use crate::playground::{self, Session};
use crate::scenario::ConfigError;
use canvas::MeasuredCanvas;
use plotters::prelude::IntoDrawingArea;
use std::sync::{Mutex, Once};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

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
    let message = format!("{}{at}", crate::scenario::limits::quote(&what));
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
    /// Set by `test_only_panic("next_step")`: the next `step` panics.
    panic_at_step: bool,
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
            panic_at_step: false,
        }
    }

    /// For the tests only: panics now (`now`) or in the next `step` (`next_step`),
    /// as a bug in the simulator would, so the page's recovery can be tested.
    #[doc(hidden)]
    pub fn test_only_panic(&mut self, when: &str) {
        match when {
            "next_step" => self.panic_at_step = true,
            _ => panic!("test-only panic ({when})"),
        }
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

    /// Starts a run of the current scenario (replacing one in progress).
    pub fn start(&mut self) {
        self.session.start();
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

    pub fn running(&self) -> bool {
        self.session.running()
    }

    pub fn cancel(&mut self) {
        self.session.cancel();
    }

    /// Pins the current run as A; false if there is none yet.
    pub fn pin(&mut self) -> bool {
        self.session.pin()
    }

    pub fn unpin(&mut self) {
        self.session.unpin();
    }

    /// What the page shows besides the charts (summary, key numbers, knob values, error), as JSON.
    pub fn view(&self) -> String {
        self.session.view_json()
    }

    /// Draws chart `chart` (an id such as `inflight`) on `canvas`, whose
    /// size is in device pixels; `scale` is devicePixelRatio.
    pub fn draw(
        &self,
        chart: &str,
        canvas: HtmlCanvasElement,
        scale: f64,
        dark: bool,
        lang: &str,
    ) -> Result<(), JsError> {
        let kind = ChartKind::from_id(chart)
            .ok_or_else(|| JsError::new(&format!("no chart '{chart}'")))?;
        let style = Style {
            dark,
            scale: scale.clamp(0.5, 8.0),
            lang: Lang::from_code(lang),
        };
        let Some(frame) = self.session.frame(style) else {
            return Ok(());
        };
        let backend =
            MeasuredCanvas::new(canvas).ok_or_else(|| JsError::new("canvas has no 2d context"))?;
        chart::draw(kind, &backend.into_drawing_area(), &frame)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The current run's summary as pretty JSON (the download).
    pub fn summary_json(&self) -> Option<String> {
        self.session.current().map(|r| crate::format::json(&r.out))
    }

    /// The current run's time series as CSV (the download).
    pub fn series_csv(&self) -> Option<String> {
        self.session
            .current()
            .map(|r| crate::format::series_csv(&r.out))
    }

    /// The client code for `client` (`aiohttp`, `httpx`, `go`) matching the current scenario.
    pub fn snippet(&self, client: &str) -> Result<String, JsError> {
        crate::snippet::generate(client, self.session.scenario())
            .ok_or_else(|| JsError::new(&format!("no snippet for '{client}'")))
    }
}
