//! CLOSE_WAIT: a leaked connection the server closes (`pool.peer_idle_close_s`)
//! stays in CLOSE_WAIT on the client, exactly from that moment on.

use crate::run_with;

/// 5 tasks, 2 requests each, each followed by 100 s of thinking; every
/// response leaks its connection. The first 5 leak at 0.051 s, the last 5 at
/// 100.102 s (1 ms connect + 50 ms service); the run ends when the tasks
/// finish their last think, at 200.102 s: by then the first five have been
/// idle on the server's side 200.051 s, the last five 100 s.
fn leaks(peer_idle_close_s: &str) -> poolsim::Summary {
    run_with(
        "stall-at-100",
        &[
            ("clients.count", "5"),
            ("clients.requests_per_client", "2"),
            ("clients.think_ms", "100000"),
            ("pool.limit", "0"),
            ("pool.leak_probability", "1"),
            ("pool.peer_idle_close_s", peer_idle_close_s),
        ],
    )
    .summary
}

#[test]
fn leaks_idle_longer_than_the_peer_close_are_in_close_wait() {
    let s = leaks("75");
    assert_eq!((s.completed, s.leaked_connections), (10, 10));
    assert!((s.makespan_s - 100.102).abs() < 1e-9, "{}", s.makespan_s);
    assert_eq!(s.close_wait_connections, 10);
    assert_eq!(
        leaks("100").close_wait_connections,
        10,
        "idle exactly 100 s"
    );
    assert_eq!(leaks("100.001").close_wait_connections, 5);
    assert_eq!(leaks("200.051").close_wait_connections, 5);
}

#[test]
fn none_before_the_peer_closes_and_none_without_a_peer_close() {
    assert_eq!(leaks("200.052").close_wait_connections, 0);
    assert_eq!(leaks("0").close_wait_connections, 0);
    assert_eq!(leaks("0").leaked_connections, 10);
}

#[test]
fn the_knob_is_range_checked_from_the_field_table() {
    let text = poolsim::catalog::scenario_text("stall-at-100").expect("shipped");
    let o = [("pool.peer_idle_close_s".to_string(), "-1".to_string())];
    let e = poolsim::Scenario::from_json_with_overrides(text, &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "pool.peer_idle_close_s: must be a number between 0 and 86400 (got -1)"
    );
}
