//! Native integration tests: one binary, one module per topic. Helpers here
//! load a shipped scenario, apply `--set`-style overrides and run it.

mod architecture;
mod aws_backoff;
mod bad_input;
mod batches;
mod cache;
mod case_somneo;
mod ceilings;
mod cli;
mod close_wait;
mod cpu;
mod db_pool;
mod determinism;
mod dial_race;
mod fuzz;
mod gates;
mod golden;
mod guide_score;
mod invariants;
mod keepalive_latency;
mod littles_law;
mod load_test;
mod peak_shaving;
mod scenario_errors;
mod serial;
mod stall;
mod starved_loop;
mod sweep;
mod theory;

use poolsim::{catalog, run, RunOutput, Scenario};

/// Loads a shipped scenario by id and applies `(key, value)` overrides.
pub fn scenario(id: &str, overrides: &[(&str, &str)]) -> Scenario {
    let text = catalog::scenario_text(id).unwrap_or_else(|| panic!("no scenario {id}"));
    let o: Vec<(String, String)> = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Scenario::from_json_with_overrides(text, &o).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// Runs a shipped scenario with overrides.
pub fn run_with(id: &str, overrides: &[(&str, &str)]) -> RunOutput {
    run(&scenario(id, overrides))
}

/// Runs a shipped scenario with a test's `base` overrides, then its `extra`
/// ones (a later override of the same path wins).
pub fn run_with_extra(id: &str, base: &[(&str, &str)], extra: &[(&str, &str)]) -> RunOutput {
    let set: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
    run_with(id, &set)
}

/// Equal within a nanosecond's rounding: for exact times computed in f64.
pub fn exact(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Asserts Little's law on a finished (not truncated) run, within 1%:
/// requests in the system = finish rate × mean latency, and requests in
/// flight = finish rate × mean time in flight.
pub fn assert_littles_law(out: &RunOutput, what: &str) {
    let s = &out.summary;
    assert!(!s.truncated, "{what}: truncated");
    let rate = (s.completed + s.failed) as f64 / s.makespan_s;
    let l_system = rate * s.latency_ms.mean / 1e3;
    let l_flight = rate * s.in_flight_ms.mean / 1e3;
    let close = |a: f64, b: f64| (a - b).abs() <= 0.01 * b.abs().max(1e-9);
    assert!(
        close(s.mean_in_system, l_system),
        "{what}: L={} but λW={l_system}",
        s.mean_in_system
    );
    assert!(
        close(s.mean_in_flight, l_flight),
        "{what}: L={} but λW={l_flight}",
        s.mean_in_flight
    );
}
