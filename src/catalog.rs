//! The scenarios shipped in `scenarios/`, compiled in, so the page's lessons,
//! the CLI (`poolsim run stall-at-100`) and the tests all read the same files.
//! Adding a scenario: put the JSON in `scenarios/` and add a line here.

/// (id, JSON text) of every shipped scenario; the id is the file name without `.json`.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("stall-at-100", include_str!("../scenarios/stall-at-100.json")),
    ("mmc", include_str!("../scenarios/mmc.json")),
];

/// The JSON text of a shipped scenario.
pub fn scenario_text(id: &str) -> Option<&'static str> {
    SCENARIOS.iter().find(|(name, _)| *name == id).map(|(_, text)| *text)
}
