//! `pool.put_back_us`: a read connection reaches the pool only that long
//! after its response was read (Go's `persistConn.readLoop`). A request that
//! asks meanwhile finds nothing idle and dials; with Go's dial race the
//! connection coming back serves the dialling request and the dial itself
//! ends idle or closed over the idle cap. Exact timings on one worker
//! (1 ms connect, 50 ms constant service, no client CPU), then the
//! calibration case (100 goroutines, MaxIdleConnsPerHost 2).

use crate::{exact, run_with_extra};
use poolsim::Summary;

const MS: f64 = 1e-3;

/// One worker issuing two requests back to back through `preset`.
fn one_worker(preset: &'static str, extra: &[(&'static str, &'static str)]) -> Summary {
    run_with_extra(
        "stall-at-100",
        &[
            ("pool.preset", preset),
            ("clients.kind", "\"workers\""),
            ("clients.count", "1"),
            ("clients.jobs", "2"),
        ],
        extra,
    )
    .summary
}

#[test]
fn without_a_put_back_delay_the_next_request_reuses_the_connection() {
    // Request 1: dial 0-1 ms, served 1-51 ms. Request 2 reuses it at 51 ms.
    let s = one_worker("go-net-http", &[("pool.put_back_us", "0")]);
    assert_eq!(s.connections_opened, 1);
    assert!(exact(s.makespan_s, 101.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn a_put_back_shorter_than_a_dial_serves_the_racer() {
    // Request 2 asks at 51 ms, finds nothing idle and dials (due 52 ms); the
    // connection comes back at 51.5 ms and goes to it (the dial race); its
    // own dial completes at 52 ms with no owner and goes idle.
    let s = one_worker("go-net-http", &[("pool.put_back_us", "500")]);
    assert_eq!(s.connections_opened, 2);
    assert!(exact(s.makespan_s, 101.5 * MS), "makespan {}", s.makespan_s);
    // Both kept idle (the cap is 2), none closed in the run: both close at exit.
    assert_eq!(s.peak_time_wait, 0);
    assert_eq!(s.time_wait_at_exit.client, 2);
}

#[test]
fn a_put_back_longer_than_a_dial_loses_the_race() {
    // Request 2's own dial wins at 52 ms; the old connection parks at 53 ms.
    let s = one_worker("go-net-http", &[("pool.put_back_us", "2000")]);
    assert_eq!(s.connections_opened, 2);
    assert!(exact(s.makespan_s, 102.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn without_the_dial_race_the_request_waits_for_its_own_dial() {
    // aiohttp has no dial race: request 2 dials at 51 ms and sends at 52 ms,
    // though the first connection was back at 51.5 ms.
    let s = one_worker("aiohttp", &[("pool.put_back_us", "500")]);
    assert_eq!(s.connections_opened, 2);
    assert!(exact(s.makespan_s, 102.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn a_connection_on_its_way_back_still_counts_against_the_limit() {
    // limit 1 counting open connections: request 2 waits for the one
    // connection, which reaches the pool at 51.5 ms; nothing is dialled.
    let s = one_worker(
        "go-net-http",
        &[("pool.put_back_us", "500"), ("pool.limit", "1")],
    );
    assert_eq!(s.connections_opened, 1);
    assert!(exact(s.makespan_s, 101.5 * MS), "makespan {}", s.makespan_s);
}

/// The calibration case `go-goroutines-100` (calibrate/cases.py) with the
/// fitted `cpu-go` costs, the go-net-http preset's put-back (1057 µs) unless
/// overridden.
fn goroutines_100(extra: &[(&'static str, &'static str)]) -> poolsim::RunOutput {
    run_with_extra(
        "stall-at-100",
        &[
            ("pool.preset", "go-net-http"),
            ("pool.preset", "cpu-go"),
            ("pool.connect_ms", "0.05"),
            ("clients.kind", "\"workers\""),
            ("clients.count", "100"),
            ("clients.jobs", "1000"),
        ],
        extra,
    )
}

fn peak(out: &poolsim::RunOutput, gauge: &str) -> u32 {
    let g = out.series.gauge(gauge).expect("gauge recorded");
    g.peak.iter().copied().max().unwrap_or(0)
}

#[test]
fn one_hundred_goroutines_open_exactly_one_hundred_without_a_put_back() {
    let s = goroutines_100(&[("pool.put_back_us", "0")]).summary;
    assert_eq!(s.connections_opened, 100);
    assert_eq!(s.completed, 1000);
}

#[test]
fn the_put_back_window_opens_extra_connections_closed_over_the_idle_cap() {
    let out = goroutines_100(&[]);
    let s = &out.summary;
    assert_eq!(s.completed, 1000);
    // calibrate/results.md: real 145 (134-163), the fitted sim 146.
    assert_eq!(s.connections_opened, 146);
    assert!(
        peak(&out, "conn_idle") <= 2,
        "idle above MaxIdleConnsPerHost"
    );
    // Every connection the client opened is closed by it, in the run or at exit.
    assert_eq!(s.time_wait_at_exit.client as u64, s.connections_opened);
}

#[test]
fn with_a_limit_the_extra_dials_stop_at_it() {
    // MaxConnsPerHost = 101 (counting dialling, in use, on the way back and
    // idle): the debug build's invariants check after every event that no
    // more are open; here requests must wait for a connection, which they
    // never do unlimited.
    let unlimited = goroutines_100(&[]).summary;
    assert_eq!(unlimited.pool_wait_ms.max, 0.0);
    let out = goroutines_100(&[("pool.limit", "101")]);
    let s = &out.summary;
    assert_eq!(s.completed, 1000);
    assert!(s.connections_opened > 100, "{}", s.connections_opened);
    assert!(s.pool_wait_ms.max > 0.0, "the limit never bound");
    assert!(peak(&out, "conn_in_use") <= 101);
    assert!(peak(&out, "conn_idle") <= 2);
}
