//! The fixed set of runs whose digests are pinned in `tests/golden/digests.txt`,
//! shared by the native and the wasm tests so both targets run exactly the
//! same scenarios (see `tests/it/golden.rs`).

use crate::catalog::SCENARIOS;
use crate::Scenario;

/// (case id, scenario) for every pinned run.
pub fn golden_cases() -> Vec<(String, Scenario)> {
    let mut cases = Vec::new();
    for (id, text) in SCENARIOS {
        let small: &[(&str, &str)] = if *id == "mmc" {
            &[("clients.requests", "20000")]
        } else {
            &[]
        };
        cases.push((id.to_string(), with(text, small)));
    }
    let stall = crate::catalog::scenario_text("stall-at-100").expect("shipped");
    cases.push((
        "stall-lognormal".into(),
        with(
            stall,
            &[
                ("server.latency_dist", "lognormal"),
                ("server.latency_p99_ms", "400"),
            ],
        ),
    ));
    cases.push((
        "stall-bimodal".into(),
        with(stall, &[("server.latency_dist", "bimodal")]),
    ));
    cases
}

fn with(text: &str, overrides: &[(&str, &str)]) -> Scenario {
    let o: Vec<(String, String)> = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Scenario::from_json_with_overrides(text, &o).expect("shipped scenarios are valid")
}

/// Reads "id digest" lines.
pub fn parse_golden(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(a, b)| (a.to_string(), b.trim().to_string()))
        .collect()
}
