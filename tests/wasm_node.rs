//! The simulator core compiled to wasm32, run by `wasm-pack test --node` (and
//! again in Chromium by `wasm-pack test --headless --chrome`). Browser-only tests
//! live in `web_canvas.rs`: a file with `run_in_browser` is skipped under node.
#![cfg(target_arch = "wasm32")]

use poolsim::scenario::Scenario;
use poolsim::sim;
use wasm_bindgen_test::wasm_bindgen_test;

/// A small closed-loop run: 200 gathered tasks through a pool of 10.
const SCENARIO: &str = r#"{
  "seed": 7,
  "clients": { "kind": "gather", "count": 200, "requests_per_client": 2 },
  "pool": { "limit": 10 },
  "server": { "latency_ms": 20, "latency_dist": "exponential" }
}"#;

fn digest(json: &str) -> String {
    let scenario = Scenario::from_json(json).expect("test scenario is valid");
    sim::run(&scenario).summary.digest
}

#[wasm_bindgen_test]
fn same_seed_same_digest_in_wasm() {
    let first = digest(SCENARIO);
    assert!(!first.is_empty(), "empty digest");
    assert_eq!(first, digest(SCENARIO), "two runs of one scenario differ");
}

#[wasm_bindgen_test]
fn other_seed_other_digest_in_wasm() {
    let other = SCENARIO.replace("\"seed\": 7", "\"seed\": 8");
    assert_ne!(
        digest(SCENARIO),
        digest(&other),
        "the seed does not reach the run"
    );
}

#[wasm_bindgen_test]
fn bad_scenario_is_an_error_not_a_panic() {
    assert!(Scenario::from_json("{\"clients\": {\"count\": -1}}").is_err());
}

/// The same pinned runs as the native `golden` test: wasm must give the very
/// digests native gives (libm for transcendental math, integer time).
#[wasm_bindgen_test]
fn digests_match_native() {
    let golden = poolsim::golden::parse_golden(include_str!("golden/digests.txt"));
    let now: Vec<(String, String)> = poolsim::golden::golden_cases()
        .into_iter()
        .map(|(id, sc)| (id, sim::run(&sc).summary.digest))
        .collect();
    assert_eq!(golden, now);
}

/// The issue's hostile inputs through the page's own object: each is an
/// error, and the same Playground goes on working (no trap, no poisoned object).
#[wasm_bindgen_test]
fn the_playground_stays_usable_after_hostile_input() {
    use poolsim::web::{take_panic_message, Playground, Runner};
    let mut pg = Playground::new();
    let deep_link = format!("#engine=2&{}z=1", "a.".repeat(20_000));
    assert!(pg.load_link(&deep_link).is_err());
    assert!(pg.set(&format!("{}z", "a.".repeat(20_000)), "1").is_err());
    assert!(pg.load_link("#engine=2&name=%+1").is_err());
    assert!(pg.set("pool.limit", "-5").is_err());
    assert!(pg
        .view()
        .contains("must be a whole number between 0 and 100000 (got -5)"));
    assert!(pg.set("pool.limit", "500").is_ok());
    // The page's scenario runs in the worker's Runner.
    let mut runner = Runner::new();
    assert!(runner.start(&pg.scenario_json()).is_ok());
    while !runner.step(10_000) {}
    assert!(
        runner.view().contains("\"peak_in_flight\":500"),
        "{}",
        runner.view()
    );
    assert_eq!(take_panic_message(), None, "nothing panicked");
}
