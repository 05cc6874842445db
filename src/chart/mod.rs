//! The playground's charts, drawn with plotters on any `DrawingBackend`: the
//! page passes a canvas backend (through `web.rs`), native tests pass an SVG
//! string backend. Nothing here knows about the browser.
//!
//! Each chart is one file and one function `draw(area, frame)`:
//!
//! | id            | file             | what it shows                                              |
//! |---------------|------------------|------------------------------------------------------------|
//! | `inflight`    | `inflight.rs`    | requests in flight over time, with the pool limit as a line |
//! | `waiting`     | `waiting.rs`     | requests waiting over time, stacked by where they wait      |
//! | `throughput`  | `throughput.rs`  | completions and errors per second                           |
//! | `latency`     | `latency.rs`     | latency CDF with p50, p95, p99 and the sample count         |
//! | `connections` | `connections.rs` | connections by state over time                              |
//! | `waterfall`   | `waterfall.rs`   | a sample of requests, each bar split by phase               |
//! | `phases`      | `phases.rs`      | where the time goes: each phase at mean, p50 and p99        |
//! | `attempts`    | `attempts.rs`    | attempts started per second, stacked by try number          |
//! | `limit`       | `limit.rs`       | the adaptive concurrency limit over time, with in flight    |
//!
//! The sweep chart (`sweep.rs`, throughput and p99 against a swept knob)
//! is not a run's chart: it draws a `sweep::view::SweepView`.
//!
//! The last two read the run's timeline (`sim::Timeline`), which the page's
//! runs keep; without one they draw a "no data" note.
//!
//! In compare mode a pinned run A is drawn under the current run B (the two
//! timeline charts show run B only).
//!
//! Invariant: no chart panics, whatever the data (empty series, no completed
//! request, a truncated run): missing data draws a "no data" note.

mod attempts;
mod common;
mod connections;
mod data;
pub use data::{rate_half_width_bins, smoothed_rate};
mod inflight;
mod labels;
mod latency;
mod legend;
mod limit;
mod phases;
mod stacked;
pub mod sweep;
mod theme;
mod throughput;
mod waiting;
mod waterfall;

pub use labels::Lang;
pub use theme::{okabe_ito, Theme};

use crate::report::RunOutput;
use crate::scenario::Scenario;
use crate::sim::Timeline;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt;

/// One run as the charts need it: its output, the scenario that made it
/// (for the limit lines) and its timeline if it kept one (attempts by try, adaptive limit).
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub out: &'a RunOutput,
    pub scenario: &'a Scenario,
    pub timeline: Option<&'a Timeline>,
}

/// How to draw: theme, pixel scale (devicePixelRatio) and language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub dark: bool,
    /// Device pixels per CSS pixel: fonts and line widths are multiplied by it.
    pub scale: f64,
    pub lang: Lang,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            dark: false,
            scale: 1.0,
            lang: Lang::En,
        }
    }
}

/// Everything one chart draws: the current run, the pinned run A if any, and the style.
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    pub run: Shown<'a>,
    pub baseline: Option<Shown<'a>>,
    pub style: Style,
}

impl Frame<'_> {
    pub fn theme(&self) -> Theme {
        Theme::pick(self.style.dark)
    }
}

/// What the shared drawing helpers (sizes, fonts, legend) need of a chart:
/// its style. A run's `Frame` has one; the sweep chart, which draws no run, passes its `Style`.
pub trait Styled {
    fn style(&self) -> Style;
    fn theme(&self) -> Theme {
        Theme::pick(self.style().dark)
    }
}

impl Styled for Frame<'_> {
    fn style(&self) -> Style {
        self.style
    }
}

impl Styled for Style {
    fn style(&self) -> Style {
        *self
    }
}

/// The charts, in page order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    InFlight,
    Waiting,
    Throughput,
    Latency,
    Connections,
    Waterfall,
    Phases,
    Attempts,
    Limit,
}

impl ChartKind {
    pub const ALL: [ChartKind; 9] = [
        ChartKind::InFlight,
        ChartKind::Waiting,
        ChartKind::Throughput,
        ChartKind::Latency,
        ChartKind::Connections,
        ChartKind::Waterfall,
        ChartKind::Phases,
        ChartKind::Attempts,
        ChartKind::Limit,
    ];

    /// The chart's id: the page's canvas is `chart-<id>`.
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::InFlight => "inflight",
            ChartKind::Waiting => "waiting",
            ChartKind::Throughput => "throughput",
            ChartKind::Latency => "latency",
            ChartKind::Connections => "connections",
            ChartKind::Waterfall => "waterfall",
            ChartKind::Phases => "phases",
            ChartKind::Attempts => "attempts",
            ChartKind::Limit => "limit",
        }
    }

    pub fn from_id(id: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A drawing failed (a backend error); carries the backend's message.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

pub type ChartResult = Result<(), ChartError>;

/// Clears `root` to the theme background and draws chart `kind` on it.
pub fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
) -> ChartResult {
    root.fill(&frame.theme().background)?;
    match kind {
        ChartKind::InFlight => inflight::draw(root, frame)?,
        ChartKind::Waiting => waiting::draw(root, frame)?,
        ChartKind::Throughput => throughput::draw(root, frame)?,
        ChartKind::Latency => latency::draw(root, frame)?,
        ChartKind::Connections => connections::draw(root, frame)?,
        ChartKind::Waterfall => waterfall::draw(root, frame)?,
        ChartKind::Phases => phases::draw(root, frame)?,
        ChartKind::Attempts => attempts::draw(root, frame)?,
        ChartKind::Limit => limit::draw(root, frame)?,
    }
    root.present()?;
    Ok(())
}

/// Chart `kind` as an SVG document of `width`×`height` pixels (for tests and the CLI).
pub fn to_svg(
    kind: ChartKind,
    frame: &Frame,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(kind, &root, frame)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests;
