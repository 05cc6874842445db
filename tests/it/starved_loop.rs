//! httpcore's pool scan (`clients.cpu_us_pool_scan` × queued requests ×
//! open connections, on each request and each read) and timers on a busy
//! event loop (a timeout joins the back of the loop's queue and acts only
//! when the loop gets there). Exact timings on the stall at 100 cut small
//! (1 ms connect, 50 ms constant service), then the calibration's httpx
//! gathers of 1000 tasks.

use crate::{exact, run_with, run_with_extra};
use poolsim::Summary;

const MS: f64 = 1e-3;

fn small(count: &'static str, extra: &[(&'static str, &'static str)]) -> Summary {
    run_with_extra("stall-at-100", &[("clients.count", count)], extra).summary
}

#[test]
fn a_scan_of_zero_changes_nothing() {
    let costs = [
        ("pool.preset", "httpx"),
        ("clients.cpu_us_task_start", "390"),
        ("clients.cpu_us_send", "420"),
        ("clients.cpu_us_read", "3800"),
    ];
    let without = run_with("stall-at-100", &costs).summary;
    let mut zero = costs.to_vec();
    zero.push(("clients.cpu_us_pool_scan", "0"));
    let with_zero = run_with("stall-at-100", &zero).summary;
    assert_eq!(without.digest, with_zero.digest);
    assert_eq!(without.failed, 0);
}

#[test]
fn the_scan_costs_queued_requests_times_open_connections() {
    // 4 tasks, limit 2, 1 ms per (queued request, open connection) pair.
    // Requests 1 and 2 find nobody queued (free) and dial; 3 queues for
    // free; 4 scans 1 queued × 2 open = 2 ms. Both responses arrive at
    // 51 ms: the first read scans 2 × 2 = 4 ms (55 ms, its connection goes
    // to request 3, done 105 ms), the second 1 × 2 = 2 ms (57 ms, request 4,
    // done 107 ms); the last reads find nobody queued.
    let s = small(
        "4",
        &[("pool.limit", "2"), ("clients.cpu_us_pool_scan", "1000")],
    );
    assert!(exact(s.makespan_s, 107.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.connections_opened, 2);
    // Request 2 waits longest on the loop: its read waits out request 1's
    // 4 ms scan, then scans 2 ms itself.
    assert!(
        exact(s.client_cpu_ms.max, 6.0),
        "longest loop wait {}",
        s.client_cpu_ms.max
    );
    let free = small("4", &[("pool.limit", "2")]);
    assert!(exact(free.makespan_s, 101.0 * MS), "{}", free.makespan_s);
}

#[test]
fn a_timeout_on_a_busy_loop_waits_for_the_work_ahead_of_it() {
    // Limit 1: request 1 dials (0-1 ms), then the loop spends 10 ms sending
    // it (1-11 ms). Request 2's 2 ms pool timeout fires at 2 ms, while the
    // loop is busy: it runs at 11 ms, after the send, and fails request 2.
    let set = [("pool.limit", "1"), ("timeouts.pool_acquire_ms", "2")];
    let busy = {
        let mut v = set.to_vec();
        v.push(("clients.cpu_us_send", "10000"));
        small("2", &v)
    };
    assert_eq!(busy.failed, 1);
    assert_eq!(busy.timeouts, 1);
    assert!(
        exact(busy.pool_wait_ms.max, 11.0),
        "pool wait {}",
        busy.pool_wait_ms.max
    );
    assert!(exact(busy.makespan_s, 61.0 * MS), "{}", busy.makespan_s);
    // An idle loop times out on time.
    let idle = small("2", &set);
    assert_eq!(idle.failed, 1);
    assert!(
        exact(idle.pool_wait_ms.max, 2.0),
        "pool wait {}",
        idle.pool_wait_ms.max
    );
}

#[test]
fn a_timeout_whose_request_got_a_connection_meanwhile_does_nothing() {
    // Limit 1; the loop reads request 1 for 20 ms (51-71 ms). Request 2's
    // 60 ms pool timeout fires at 60 ms during that read and waits for it;
    // by then (71 ms) request 2 holds the released connection: the stale
    // timeout is dropped and both complete (on time it would have failed).
    let read = ("clients.cpu_us_read", "20000");
    let late = small(
        "2",
        &[
            ("pool.limit", "1"),
            ("timeouts.pool_acquire_ms", "60"),
            read,
        ],
    );
    assert_eq!(late.failed, 0);
    assert_eq!(late.completed, 2);
    // 1 + 50 + 20 ms, then 50 + 20 ms on the reused connection.
    assert!(exact(late.makespan_s, 141.0 * MS), "{}", late.makespan_s);
}

/// The calibration cases `httpx-gather-*` (calibrate/cases.py) with the fitted `cpu-httpx` costs.
fn httpx_gather(extra: &[(&'static str, &'static str)]) -> Summary {
    run_with_extra(
        "stall-at-100",
        &[
            ("pool.preset", "httpx"),
            ("pool.preset", "cpu-httpx"),
            ("pool.connect_ms", "0.05"),
        ],
        extra,
    )
    .summary
}

#[test]
fn httpx_with_1000_gathered_tasks_fails_every_request_under_default_timeouts() {
    // Real (calibrate/results.md): nothing answered; all 1000 fail in 16.3 s
    // (900 PoolTimeout, 100 ConnectTimeout).
    let s = httpx_gather(&[]);
    assert_eq!(s.failed, 1000);
    assert_eq!(s.completed, 0);
    assert_eq!(s.timeouts, 1000);
}

#[test]
fn without_timeouts_the_starved_gather_serves_slowly() {
    // Real (calibrate/results.md): all 1000 served, in 21.6-21.9 s, where an
    // unstarved loop needs about 0.5 s (ten waves of 50 ms).
    let s = httpx_gather(&[
        ("timeouts.pool_acquire_ms", "0"),
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
    ]);
    assert_eq!((s.completed, s.failed), (1000, 0));
    assert!(s.makespan_s > 20.0, "makespan {} s", s.makespan_s);
}
