//! The event loop as one CPU, stage by stage, on the stall at 100 with the
//! limit raised to 1000 (every request dials at t = 0, 1 ms to connect, 50 ms
//! at the server): exact makespans, and where the time in flight goes.

use crate::{assert_littles_law, exact, run_with, run_with_extra};
use poolsim::report::Stage;

const MS: f64 = 1e-3;

fn all_in_flight(extra: &[(&'static str, &'static str)]) -> poolsim::Summary {
    let out = run_with_extra("stall-at-100", &[("pool.limit", "1000")], extra);
    assert_littles_law(&out, &format!("{extra:?}"));
    out.summary
}

#[test]
fn costly_reads_keep_everything_in_flight_while_the_wall_time_grows() {
    // Responses arrive together at 51 ms; the loop reads them one by one, 0.5 ms each.
    let s = all_in_flight(&[("clients.cpu_us_read", "500")]);
    assert!(exact(s.makespan_s, 551.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.peak_in_flight, 1000);
    // All 1000 are at the server from 1 ms to 51 ms: a server counts 1000 too.
    assert_eq!(s.peak_at_server, 1000);
    assert_eq!(
        s.binding.stage,
        Stage::ClientCpu,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    assert!(
        (s.binding.ceiling_rps - 2000.0).abs() < 1e-6,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
}

#[test]
fn sends_queue_on_the_loop_holding_their_connection() {
    // Request i reaches the server at 1 + 0.5·(i + 1) ms; the last one at 501 ms.
    let s = all_in_flight(&[("clients.cpu_us_send", "500")]);
    assert!(exact(s.makespan_s, 551.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.peak_in_flight, 1000);
    // But the server never holds more than 50 ms ÷ 0.5 ms = 100 of them:
    // request i + 100 arrives as request i leaves (answers go first at equal
    // times). This is the number a real server's own counter shows.
    assert_eq!(s.peak_at_server, 100);
}

#[test]
fn the_server_counts_what_the_loop_has_sent_in_one_service_time() {
    // 0.9 ms per send: ⌈50 ÷ 0.9⌉ = 56 at the server at once, 1000 in flight.
    let s = all_in_flight(&[("clients.cpu_us_send", "900")]);
    assert_eq!(s.peak_in_flight, 1000);
    assert_eq!(s.peak_at_server, 56);
    assert!(s.peak_at_server <= s.peak_in_flight);
}

#[test]
fn cpu_before_the_pool_serialises_sends_and_caps_the_peak() {
    // 0.5 ms before the pool: a new request goes in flight every 0.5 ms and
    // each stays 51 ms, so at most 102 are in flight at once; from 51.5 ms on
    // (request 0 frees its connection as request 102 leaves the loop),
    // requests reuse the connections of finished ones (no dial).
    let s = all_in_flight(&[("clients.cpu_us_per_request", "500")]);
    assert!(exact(s.makespan_s, 550.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.peak_in_flight, 102);
    assert_eq!(s.connections_opened, 102);
}

#[test]
fn task_starts_run_one_after_another_before_the_gates() {
    // 1000 task starts of 0.1 ms: the last request starts at 100 ms, on a
    // connection an earlier request has freed.
    let s = all_in_flight(&[("clients.cpu_us_task_start", "100")]);
    assert!(exact(s.makespan_s, 150.0 * MS), "makespan {}", s.makespan_s);
    assert!(
        s.peak_in_flight < 1000,
        "starts are spread: {}",
        s.peak_in_flight
    );
}

#[test]
fn a_new_connection_costs_its_setup_once() {
    // Keep-alive at limit 100: 100 connections, 0.2 ms setup each, paid with the first send.
    let s = run_with("stall-at-100", &[("clients.cpu_us_connect", "200")]).summary;
    // The 100th request reaches the server at 1 + 100·0.2 ms; 10 waves follow it.
    assert!(exact(s.makespan_s, 521.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.connections_opened, 100);
    let cpu_rps = |s: &poolsim::Summary| {
        let c = s.ceilings.iter().find(|c| c.stage == Stage::ClientCpu);
        c.map(|c| c.ceiling_rps)
    };
    // 100 setups of 0.2 ms over 1000 requests: 20 µs per request.
    assert_eq!(cpu_rps(&s), Some(50_000.0));
    let closing = run_with(
        "stall-at-100",
        &[
            ("clients.cpu_us_connect", "200"),
            ("pool.force_close", "true"),
        ],
    )
    .summary;
    assert_eq!(closing.connections_opened, 1000);
    assert_eq!(cpu_rps(&closing), Some(5_000.0));
    assert!(closing.makespan_s > s.makespan_s, "{}", closing.makespan_s);
}

#[test]
fn server_cpu_is_one_core_before_the_workers() {
    // All 1000 arrive at 1 ms; 0.1 ms each of server CPU: the last starts service at 101 ms.
    let s = all_in_flight(&[("server.cpu_us_per_request", "100")]);
    assert!(exact(s.makespan_s, 151.0 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn each_read_pays_for_every_open_connection() {
    // All 1000 connections stay open (idle after their read): each of the
    // 1000 reads from 51 ms costs 1000 × 0.5 µs = 0.5 ms.
    let s = all_in_flight(&[("clients.cpu_us_per_open_conn", "0.5")]);
    assert!(exact(s.makespan_s, 551.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.peak_in_flight, 1000);
    // Under force_close each read closes its connection: the k-th read
    // (k = 0..999) sees 1000 − k open, 0.5 µs × (1000 + 999 + … + 1) = 250.25 ms.
    let closing = all_in_flight(&[
        ("clients.cpu_us_per_open_conn", "0.5"),
        ("pool.force_close", "true"),
    ]);
    assert!(
        exact(closing.makespan_s, 301.25 * MS),
        "makespan {}",
        closing.makespan_s
    );
}

fn one_worker(extra: &[(&'static str, &'static str)]) -> poolsim::Summary {
    run_with_extra(
        "stall-at-100",
        &[
            ("clients.kind", "\"workers\""),
            ("clients.count", "1"),
            ("clients.jobs", "3"),
            ("pool.force_close", "true"),
            ("clients.cpu_us_send", "100"),
        ],
        extra,
    )
    .summary
}

#[test]
fn a_close_is_loop_work_the_next_send_waits_for() {
    // One worker, a new connection per job: dial 1 ms, send 0.1 ms, 50 ms at
    // the server; 3 jobs take 3 × 51.1 ms.
    let base = one_worker(&[]);
    assert!(
        exact(base.makespan_s, 153.3 * MS),
        "makespan {}",
        base.makespan_s
    );
    // A 2 ms close after each read: the next dial (1 ms) ends while the loop
    // is still closing, so jobs 2 and 3 each send 1 ms later.
    let s = one_worker(&[("clients.cpu_us_close", "2000")]);
    assert!(exact(s.makespan_s, 155.3 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.connections_opened, 3);
    // The loop's work per request: 3 sends of 0.1 ms and the 2 closes done
    // by the end of the run (the third is still running when the last request
    // ends), (300 + 2 × 2000) µs ÷ 3.
    let cpu = s.ceilings.iter().find(|c| c.stage == Stage::ClientCpu);
    let cpu_us = 1e6 / cpu.expect("client CPU ceiling").ceiling_rps;
    assert!((cpu_us - 4300.0 / 3.0).abs() < 1e-6, "{cpu_us}");
}

#[test]
fn closing_an_expired_idle_connection_is_loop_work_too() {
    // One worker, 2 jobs, 800 ms of thought between them: the idle connection
    // (keep-alive 0.5 s) is closed when job 2 asks the pool at 851.1 ms; the
    // 2 ms close holds the loop past job 2's 1 ms dial.
    let run = |close_us: &'static str| {
        let set = [
            ("clients.kind", "\"workers\""),
            ("clients.count", "1"),
            ("clients.jobs", "2"),
            ("clients.think_ms", "800"),
            ("pool.keepalive_timeout_s", "0.5"),
            ("clients.cpu_us_send", "100"),
            ("clients.cpu_us_close", close_us),
        ];
        run_with("stall-at-100", &set).summary
    };
    let base = run("0");
    assert!(
        exact(base.makespan_s, 902.2 * MS),
        "makespan {}",
        base.makespan_s
    );
    assert_eq!(base.connections_opened, 2);
    let s = run("2000");
    assert!(exact(s.makespan_s, 903.2 * MS), "makespan {}", s.makespan_s);
}

#[test]
fn closes_queue_behind_the_reads_already_waiting() {
    // Limit 1000 with force_close: all 1000 reads (0.5 ms each) are queued at
    // 51 ms before the first close, so the closes delay no request.
    let s = all_in_flight(&[
        ("pool.force_close", "true"),
        ("clients.cpu_us_read", "500"),
        ("clients.cpu_us_close", "500"),
    ]);
    assert!(exact(s.makespan_s, 551.0 * MS), "makespan {}", s.makespan_s);
    assert_eq!(s.connections_opened, 1000);
}

#[test]
fn stage_costs_of_zero_change_nothing() {
    let base = run_with("stall-at-100", &[]).summary;
    let zero = run_with(
        "stall-at-100",
        &[
            ("clients.cpu_us_task_start", "0"),
            ("clients.cpu_us_connect", "0"),
            ("clients.cpu_us_send", "0"),
            ("clients.cpu_us_read", "0"),
            ("clients.cpu_us_per_open_conn", "0"),
            ("clients.cpu_us_close", "0"),
            ("server.cpu_us_per_request", "0"),
        ],
    )
    .summary;
    assert_eq!(base.digest, zero.digest);
    let closing = |extra: &[(&'static str, &'static str)]| {
        run_with_extra("stall-at-100", &[("pool.force_close", "true")], extra)
            .summary
            .digest
    };
    assert_eq!(
        closing(&[]),
        closing(&[
            ("clients.cpu_us_per_open_conn", "0"),
            ("clients.cpu_us_close", "0")
        ])
    );
}

fn requests_50_threads(extra: &[(&'static str, &'static str)]) -> poolsim::Summary {
    run_with_extra(
        "stall-at-100",
        &[
            ("pool.preset", "requests"),
            ("clients.kind", "\"workers\""),
            ("clients.count", "50"),
            ("clients.jobs", "1000"),
        ],
        extra,
    )
    .summary
}

#[test]
fn urllib3_reuses_a_pooled_connection_however_many_are_out() {
    // 50 threads over a pool of 10 that never blocks: each thread puts its
    // connection back and takes it again at once, so nothing is discarded.
    let s = requests_50_threads(&[]);
    assert_eq!(s.connections_opened, 50);
    assert_eq!(s.peak_in_flight, 50);
}

#[test]
fn the_gil_between_requests_lets_the_pool_fill_and_discard() {
    // With 0.5 ms of GIL work before each request, other threads return their
    // connections meanwhile: the 10-slot pool fills and the overflow is closed.
    let s = requests_50_threads(&[
        ("clients.cpu_us_task_start", "500"),
        ("clients.cpu_us_read", "600"),
    ]);
    assert!(
        s.connections_opened > 50 && s.connections_opened < 1000,
        "{}",
        s.connections_opened
    );
    assert_eq!(
        s.time_wait_at_exit.client as u64, s.connections_opened,
        "every socket closed by the client"
    );
}
