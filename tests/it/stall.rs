//! The stall at 100: exact numbers for aiohttp's default pool over 1000
//! gathered requests to a 50 ms server, and its variants.

use crate::{assert_littles_law, run_with};

const MS: f64 = 1e-3;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn stall_at_100_runs_in_ten_waves() {
    let out = run_with("stall-at-100", &[]);
    let s = &out.summary;
    assert_eq!(s.peak_in_flight, 100);
    assert_eq!(s.connections_opened, 100);
    assert_eq!((s.completed, s.failed), (1000, 0));
    // 10 waves of 50 ms, plus 1 ms to connect.
    assert!(close(s.makespan_s, 501.0 * MS), "makespan {}", s.makespan_s);
    // Wave k (k = 1..9) waits 1 + 50k ms: mean = (9 + 50·45) / 10 = 225.9 ms.
    assert!(
        close(s.pool_wait_ms.mean, 225.9),
        "pool wait {}",
        s.pool_wait_ms.mean
    );
    assert_eq!(s.binding.stage.key(), "pool");
    assert!(
        poolsim::words::ceiling(&s.binding).contains("pool limit 100"),
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    assert_littles_law(&out, "stall-at-100");
}

#[test]
fn raising_the_limit_to_500_leaves_two_waves() {
    let s = run_with("stall-at-100", &[("pool.limit", "500")]).summary;
    assert_eq!(s.peak_in_flight, 500);
    assert!(close(s.makespan_s, 101.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn no_limit_runs_everything_at_once() {
    let s = run_with("stall-at-100", &[("pool.limit", "0")]).summary;
    assert_eq!(s.peak_in_flight, 1000);
    assert!(close(s.makespan_s, 51.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.binding.stage.key(), "demand");
}

#[test]
fn limit_per_host_10_gives_a_hundred_waves() {
    let out = run_with("stall-at-100", &[("pool.limit_per_host", "10")]);
    let s = &out.summary;
    assert_eq!(s.peak_in_flight, 10);
    assert_eq!(s.connections_opened, 10);
    assert!(
        close(s.makespan_s, 5001.0 * MS),
        "makespan {}",
        s.makespan_s
    );
    assert_eq!(s.binding.stage.key(), "pool_per_host");
    assert_littles_law(&out, "limit_per_host=10");
}

#[test]
fn force_close_opens_a_connection_per_request() {
    let s = run_with("stall-at-100", &[("pool.force_close", "true")]).summary;
    assert_eq!(s.connections_opened, 1000);
    assert_eq!(s.peak_in_flight, 100);
    // Every request now pays the 1 ms connect: 10 waves of 51 ms.
    assert!(close(s.makespan_s, 510.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn keepalive_timeout_shorter_than_a_wave_forces_new_connections() {
    // Idle connections are only reused if idle ≤ keepalive; with think time
    // longer than the keep-alive timeout every request dials again.
    let s = run_with(
        "stall-at-100",
        &[
            ("clients.count", "10"),
            ("clients.requests_per_client", "3"),
            ("clients.think_ms", "2000"),
            ("pool.keepalive_timeout_s", "1"),
        ],
    )
    .summary;
    assert_eq!(s.connections_opened, 30);
    let s = run_with(
        "stall-at-100",
        &[
            ("clients.count", "10"),
            ("clients.requests_per_client", "3"),
            ("clients.think_ms", "500"),
            ("pool.keepalive_timeout_s", "1"),
        ],
    )
    .summary;
    assert_eq!(s.connections_opened, 10);
}

#[test]
fn server_workers_become_the_bottleneck_when_the_limit_is_raised() {
    // 200 workers at 50 ms: 4000 req/s; pool limit 500 would allow ~10000.
    let s = run_with(
        "stall-at-100",
        &[("pool.limit", "500"), ("server.workers", "200")],
    )
    .summary;
    assert_eq!(s.binding.stage.key(), "server");
    // 1000 requests through 200 workers: 5 service rounds of 50 ms after the 1 ms dial.
    assert!(close(s.makespan_s, 251.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn client_cpu_caps_throughput_whatever_the_limit() {
    // 1000 µs of event-loop CPU per request: at most 1000 req/s, so 1000 requests take ≥ 1 s.
    for limit in ["100", "1000"] {
        let s = run_with(
            "stall-at-100",
            &[
                ("pool.limit", limit),
                ("clients.cpu_us_per_request", "1000"),
            ],
        )
        .summary;
        assert_eq!(s.binding.stage.key(), "client_cpu", "limit {limit}");
        assert!(
            s.makespan_s >= 1.0 && s.makespan_s < 1.06,
            "limit {limit}: makespan {}",
            s.makespan_s
        );
    }
}
