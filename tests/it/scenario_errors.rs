//! Bad input: every error names the field and what is allowed.

use poolsim::catalog::SCENARIOS;
use poolsim::Scenario;

fn err(overrides: &[(&str, &str)]) -> String {
    let o: Vec<(String, String)> = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let text = poolsim::catalog::scenario_text("stall-at-100").unwrap();
    Scenario::from_json_with_overrides(text, &o)
        .unwrap_err()
        .to_string()
}

#[test]
fn every_shipped_scenario_is_valid() {
    for (id, text) in SCENARIOS {
        Scenario::from_json(text).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

#[test]
fn errors_name_the_field_and_the_range() {
    assert_eq!(
        err(&[("pool.limit", "100001")]),
        "pool.limit: must be between 0 and 100000 (got 100001)"
    );
    assert!(err(&[("pool.limitt", "3")])
        .starts_with("pool.limitt: unknown field; pool has: preset, limit,"));
    assert_eq!(
        err(&[("pool.limit", "-3")]),
        "pool.limit: must be a whole number between 0 and 100000 (got -3)"
    );
    assert!(
        err(&[("clients.count", "0")]).starts_with("clients.count: must be between 1 and 100000")
    );
    assert!(
        err(&[("server.latency_ms", "0")]).starts_with("server.latency_ms: must be greater than 0")
    );
    assert!(err(&[("server.latency_dist", "gamma")])
        .starts_with("server.latency_dist: must be one of constant, uniform,"));
    assert!(err(&[("clients.host_choice", "weighted")])
        .starts_with("clients.host_weights: needs one weight per host"));
    assert!(err(&[
        ("server.latency_dist", "lognormal"),
        ("server.latency_p99_ms", "10")
    ])
    .starts_with("server.latency_p99_ms: must be above the mean"));
    assert!(err(&[("pool.connect_ms", "NaN")]).starts_with("pool.connect_ms"));
    let bad_json = Scenario::from_json("{ nope").unwrap_err();
    assert_eq!(bad_json.field, "scenario");
}
