//! Case study (`scenarios/somneo-one-connection.json`): a device that serves
//! one TLS connection at a time and drops the others (public report:
//! github.com/theneweinstein/pysomneo issue 8, pull request 26). N calls at
//! once: exactly one succeeds (the report's ~1/N); one connection at a time
//! (`limit=1`): all succeed, one after another.

use crate::run_with;

#[test]
fn of_n_simultaneous_calls_one_succeeds() {
    for n in ["1", "2", "3", "12"] {
        let s = run_with("somneo-one-connection", &[("clients.count", n)]).summary;
        let n: u64 = n.parse().expect("count");
        assert_eq!(s.completed, 1, "{n} at once");
        assert_eq!(s.outcomes.conflict, n - 1, "{n} at once");
        assert_eq!(s.connections_opened, n);
    }
}

#[test]
fn limit_1_serialises_the_calls_and_all_succeed() {
    for n in ["2", "3", "12"] {
        let s = run_with(
            "somneo-one-connection",
            &[("clients.count", n), ("pool.limit", "1")],
        )
        .summary;
        let n: u64 = n.parse().expect("count");
        assert_eq!((s.completed, s.failed), (n, 0));
        assert_eq!(s.connections_opened, 1);
        // 50 ms to connect once, then n calls of 450 ± 50 ms in a row.
        let (lo, hi) = (0.05 + n as f64 * 0.4, 0.05 + n as f64 * 0.5);
        assert!((lo..=hi).contains(&s.makespan_s), "{n}: {}", s.makespan_s);
    }
    // The report: two overlapping calls 0.9 s with limit=1; with twelve the
    // wait for the connection nears its 5 s connect timeout (11 calls ahead).
    let two = run_with(
        "somneo-one-connection",
        &[("clients.count", "2"), ("pool.limit", "1")],
    )
    .summary;
    assert!((0.85..1.0).contains(&two.makespan_s), "{}", two.makespan_s);
    let twelve = run_with(
        "somneo-one-connection",
        &[("clients.count", "12"), ("pool.limit", "1")],
    )
    .summary;
    let wait_s = twelve.pool_wait_ms.max / 1e3;
    assert!((11.0 * 0.4..=11.0 * 0.5).contains(&wait_s), "{wait_s}");
}
