//! The playground page's logic, free of any browser API so it is tested
//! natively: the controls table (`knobs`), the lessons (`lessons`), shared
//! links (`share`), the sweep panel (`sweep`), the key numbers and A/B comparison (`numbers`), and the
//! `Session` that holds what the page shows and runs the simulator in
//! bounded slices (`session`). `web.rs` only wraps a `Session` for JavaScript.

pub mod hero;
pub mod hero_view;
pub mod knobs;
pub mod lessons;
pub mod numbers;
pub mod session;
pub mod share;
pub mod sweep;
pub mod table;

pub use session::Session;

use serde::Serialize;

/// The page's static tables, sent once at start-up.
#[derive(Serialize)]
pub struct Tables {
    pub engine_version: &'static str,
    pub groups: [&'static str; 9],
    pub knobs: &'static [knobs::Knob],
    pub lessons: Vec<lessons::LessonView>,
    /// Every shipped scenario as (catalog id, title).
    pub scenarios: Vec<(&'static str, String)>,
    pub charts: Vec<&'static str>,
    pub snippet_clients: [(&'static str, &'static str); 3],
    /// Library presets as (name, library and version, one-line summary).
    pub presets: Vec<(&'static str, &'static str, &'static str)>,
}

pub fn tables() -> Tables {
    Tables {
        engine_version: crate::ENGINE_VERSION,
        groups: knobs::GROUPS,
        knobs: knobs::knobs(),
        lessons: lessons::views(),
        scenarios: crate::catalog::SCENARIOS
            .iter()
            .filter_map(|(id, text)| crate::Scenario::from_json(text).ok().map(|s| (*id, s.name)))
            .collect(),
        charts: crate::chart::ChartKind::ALL
            .iter()
            .map(|k| k.id())
            .collect(),
        snippet_clients: crate::snippet::CLIENTS,
        presets: crate::scenario::presets::presets()
            .into_iter()
            .map(|p| (p.name, p.library, p.summary))
            .collect(),
    }
}
