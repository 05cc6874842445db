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
    let deep_link = format!("#engine=3&{}z=1", "a.".repeat(20_000));
    assert!(pg.load_link(&deep_link).is_err());
    assert!(pg.set(&format!("{}z", "a.".repeat(20_000)), "1").is_err());
    assert!(pg.load_link("#engine=3&name=%+1").is_err());
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

/// The worker's sweep API: the stall lesson's sweep runs in bounded steps
/// with progress, gives 16 points whose first throughput is 1000 / 5.001 s
/// (limit 10: 100 waves of 50 ms plus a 1 ms connect), names bad fields, and a
/// cancelled sweep leaves the last finished one in place.
#[wasm_bindgen_test]
fn the_runner_sweeps_in_steps() {
    use poolsim::web::{Playground, Runner};
    let pg = Playground::new();
    let form = pg
        .sweep_lesson_form("stall")
        .expect("the stall offers a sweep");
    assert!(pg.sweep_check(&form).is_ok());
    assert!(pg.sweep_check(&form.replace("\"16\"", "\"41\"")).is_err());
    let mut runner = Runner::new();
    assert!(runner.sweep_step(10), "no sweep yet");
    assert_eq!(runner.sweep_view(), None);
    runner
        .sweep_start(&pg.scenario_json(), &form)
        .expect("valid sweep");
    let mut steps = 0;
    while !runner.sweep_step(2_000) {
        steps += 1;
        let p = runner.sweep_progress();
        assert!((0.0..1.0).contains(&p), "progress {p}");
    }
    // One call advances at most one run: 16 runs take at least 16 calls.
    assert!(steps + 1 >= 16, "{steps} slices");
    let view: serde_json::Value =
        serde_json::from_str(&runner.sweep_view().expect("finished")).expect("JSON");
    let points = view["points"].as_array().expect("points");
    assert_eq!(points.len(), 16);
    assert_eq!(points[0]["x"], 10.0);
    let t0 = points[0]["throughput_rps"].as_f64().unwrap();
    assert!((t0 - 1000.0 / 5.001).abs() < 1e-6, "{t0}");
    assert_eq!(view["moves"][0]["to"], "demand");
    let table: serde_json::Value =
        serde_json::from_str(&runner.sweep_table().expect("table")).expect("JSON");
    assert_eq!(table["rows"].as_array().map(Vec::len), Some(16));
    // A new sweep, cancelled half way: the finished one stays.
    let small = pg.sweep_form("server.latency_ms").expect("a knob");
    runner
        .sweep_start(&pg.scenario_json(), &small)
        .expect("valid");
    assert!(!runner.sweep_step(100));
    runner.sweep_cancel();
    assert!(runner.sweep_step(100));
    assert_eq!(runner.sweep_points_done(), 16);
    let too_many_seeds = form.replace("\"seeds\":\"1\"", "\"seeds\":\"9\"");
    assert_ne!(too_many_seeds, form);
    assert!(runner
        .sweep_start(&pg.scenario_json(), &too_many_seeds)
        .is_err());
    assert!(runner.sweep_step(100), "a refused sweep does not start");
    assert_eq!(runner.sweep_points_done(), 16, "the finished sweep stays");
}
