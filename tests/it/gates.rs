//! The gates, retries, timeouts and faults, end to end through the simulator:
//! exact values on small deterministic cases, and the lesson scenarios doing
//! what their descriptions promise.

use crate::{assert_littles_law, run_with};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn semaphore_50_runs_twenty_waves() {
    let out = run_with("semaphore-50", &[]);
    let s = &out.summary;
    assert_eq!(s.peak_in_flight, 50);
    assert_eq!(s.connections_opened, 50);
    // 20 waves of 50 ms plus the 1 ms dial of the first wave.
    assert!(close(s.makespan_s, 1.001), "makespan {}", s.makespan_s);
    assert_eq!(
        s.binding.stage.key(),
        "semaphore",
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    assert_littles_law(&out, "semaphore-50");
}

#[test]
fn weighted_semaphore_blocks_at_the_head_of_the_line() {
    // Permits 10; request weights cycle 6, 5: a 6 and a 5 never fit together,
    // so the 1000 requests run one at a time: 1000 × 50 ms (+1 ms first dial).
    let s = run_with(
        "semaphore-50",
        &[
            ("semaphore.kind", "weighted"),
            ("semaphore.permits", "10"),
            ("semaphore.weights", "[6,5]"),
            ("clients.count", "20"),
        ],
    )
    .summary;
    assert_eq!(s.peak_in_flight, 1);
    assert!(
        close(s.makespan_s, 20.0 * 0.05 + 0.001),
        "makespan {}",
        s.makespan_s
    );
}

#[test]
fn batch_scope_holds_the_permit_for_a_whole_batch() {
    // 10 tasks × 4 requests, semaphore(2) around each batch: 5 rounds of 4 × 50 ms.
    let s = run_with(
        "semaphore-50",
        &[
            ("clients.count", "10"),
            ("clients.requests_per_client", "4"),
            ("semaphore.permits", "2"),
            ("semaphore.scope", "batch"),
        ],
    )
    .summary;
    assert_eq!(s.peak_in_flight, 2);
    assert!(
        close(s.makespan_s, 5.0 * 4.0 * 0.05 + 0.001),
        "makespan {}",
        s.makespan_s
    );
}

#[test]
fn batch_scope_around_chunks_takes_the_permits_again_each_chunk() {
    // 8 jobs in chunks of 4, semaphore(2) around each chunk's tasks: two
    // rounds of 50 ms per chunk, and no permit given back twice.
    let s = run_with(
        "semaphore-50",
        &[
            ("clients.kind", "\"batches\""),
            ("clients.count", "4"),
            ("clients.jobs", "8"),
            ("semaphore.permits", "2"),
            ("semaphore.scope", "batch"),
        ],
    )
    .summary;
    assert_eq!(s.peak_in_flight, 2);
    assert_eq!(s.outcomes.ok, 8);
    assert!(
        close(s.makespan_s, 4.0 * 0.05 + 0.001),
        "makespan {}",
        s.makespan_s
    );
}

#[test]
fn keep_alive_opens_once_force_close_every_time() {
    let keep = run_with("keepalive-vs-close", &[]).summary;
    let close_each = run_with("keepalive-vs-close", &[("pool.force_close", "true")]).summary;
    assert_eq!(keep.connections_opened, 10);
    assert_eq!(close_each.connections_opened, 500);
    assert!(
        close_each.peak_time_wait >= 100,
        "TIME_WAIT peak {}",
        close_each.peak_time_wait
    );
    // Every request now pays 30 ms of handshake: 500 × 30 ms / 10 workers = 1.5 s more.
    assert!(
        (close_each.makespan_s - keep.makespan_s - 1.47).abs() < 0.05,
        "{} vs {}",
        close_each.makespan_s,
        keep.makespan_s
    );
}

#[test]
fn go_keeps_two_idle_connections_and_redials_each_burst() {
    let s = run_with("go-idle-2", &[]).summary;
    assert_eq!(s.peak_in_flight, 100);
    // Burst 1 dials 100; each later burst reuses the 2 idle connections and
    // dials 98. After every burst, 98 are closed into TIME_WAIT (60 s, so they pile up).
    assert_eq!(s.connections_opened, 100 + 4 * 98);
    assert_eq!(s.peak_time_wait, 5 * 98);
    let aio = run_with("go-idle-2", &[("pool.preset", "aiohttp")]).summary;
    assert_eq!(
        aio.connections_opened, 100,
        "aiohttp keeps every idle connection"
    );
}

#[test]
fn the_leak_scenario_stalls_and_says_so() {
    let s = run_with("connection-leak", &[]).summary;
    assert!(s.truncated, "a stalled run is flagged");
    assert_eq!(s.truncated_reason, Some("stalled"));
    assert_eq!(s.leaked_connections, 100);
    assert!(
        s.completed < 20_000 / 4,
        "completions stop early: {}",
        s.completed
    );
    assert_eq!(s.binding.stage.key(), "leak");
    assert!(
        poolsim::words::ceiling(&s.binding).contains("pool exhausted"),
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
}

#[test]
fn retries_amplify_load_exactly_and_a_budget_caps_them() {
    let base = [
        ("server.error_probability", "1"),
        ("retry.backoff", "none"),
        ("retry.jitter", "none"),
        ("clients.requests", "1000"),
    ];
    for n in [0u64, 1, 3] {
        let attempts = (n + 1).to_string();
        let mut o = base.to_vec();
        o.push(("retry.max_attempts", &attempts));
        let s = run_with("mmc", &o).summary;
        assert_eq!(s.attempts, 1000 * (1 + n), "{n} retries");
        assert_eq!(s.failed, 1000);
        assert_eq!(s.outcomes.server_error, 1000 * (1 + n));
    }
    // A 500-token quota at 5 per retry allows exactly 100 retries when nothing succeeds.
    let mut o = base.to_vec();
    o.extend([
        ("retry.max_attempts", "4"),
        ("retry.budget.enabled", "true"),
    ]);
    let s = run_with("mmc", &o).summary;
    assert_eq!(s.retries, 100);
    assert_eq!(s.attempts, 1100);
    assert!(s.retries_refused > 0 && s.failed == 1000);
}

#[test]
fn timeouts_abandon_attempts_but_the_server_still_works() {
    // 50 ms service, 20 ms attempt timeout, no retries: every attempt times
    // out and the server wastes its 50 ms on each.
    let s = run_with(
        "stall-at-100",
        &[("clients.count", "10"), ("timeouts.attempt_ms", "20")],
    )
    .summary;
    assert_eq!((s.completed, s.failed, s.timeouts), (0, 10, 10));
    assert!(close(s.wasted_work_s, 0.5), "wasted {}", s.wasted_work_s);
    assert_eq!(s.goodput_rps, 0.0);
}

#[test]
fn pool_acquire_timeout_fails_waiters_like_httpx() {
    // limit 100, 1000 gathered, 50 ms service, pool timeout 120 ms: waves 1 and 2
    // (t = 51, 101 ms) get connections; everyone later times out in the queue.
    let s = run_with("stall-at-100", &[("timeouts.pool_acquire_ms", "120")]).summary;
    assert_eq!(s.completed, 300);
    assert_eq!(s.failed, 700);
    assert_eq!(s.outcomes.timeout, 700);
}

#[test]
fn total_timeout_bounds_every_request() {
    let s = run_with("stall-at-100", &[("timeouts.total_ms", "200")]).summary;
    assert!(s.latency_ms.max <= 200.0 + 1e-9, "max {}", s.latency_ms.max);
    assert_eq!(s.completed, 300, "waves ending at 51, 101, 151 ms");
}

#[test]
fn token_bucket_wait_mode_spaces_requests_exactly() {
    // Rate 10/s, burst 5, waiting: 5 pass at t=0, then one every 100 ms.
    let s = run_with(
        "stall-at-100",
        &[
            ("clients.count", "25"),
            ("pool.connect_ms", "0"),
            ("limiter.kind", "token_bucket"),
            ("limiter.rate_per_s", "10"),
            ("limiter.burst", "5"),
        ],
    )
    .summary;
    // Request 25 passes at (25 − 5) × 100 ms = 2.0 s and finishes 50 ms later.
    assert!(close(s.makespan_s, 2.05), "makespan {}", s.makespan_s);
    assert_eq!(s.binding.stage.key(), "limiter");
}

#[test]
fn server_rate_limit_answers_429_with_retry_after() {
    let s = run_with(
        "stall-at-100",
        &[
            ("clients.count", "20"),
            ("server.rate_limit.kind", "token_bucket"),
            ("server.rate_limit.rate_per_s", "100"),
            ("server.rate_limit.burst", "10"),
            ("retry.max_attempts", "3"),
            ("retry.backoff", "none"),
            ("retry.jitter", "none"),
        ],
    )
    .summary;
    // Burst 10 passes; the other 10 get 429 with Retry-After 10 ms (the next
    // token). Each retry round one token has refilled: 1 passes, the rest are
    // refused again, until 3 attempts are spent: 10 + 9 + 8 refusals.
    assert_eq!(s.outcomes.throttled, 27);
    assert_eq!((s.completed, s.failed), (12, 8));
}

#[test]
fn metastable_collapse_outlasts_its_trigger() {
    let spike = run_with("metastable", &[]).summary;
    let calm = run_with("metastable", &[("server.latency_spikes", "[]")]).summary;
    assert!(
        spike.wasted_work_s > 10.0 * calm.wasted_work_s.max(0.1),
        "wasted {} vs {}",
        spike.wasted_work_s,
        calm.wasted_work_s
    );
    assert!(
        spike.failed > 10 * calm.failed.max(1),
        "failed {} vs {}",
        spike.failed,
        calm.failed
    );
}

#[test]
fn adaptive_limiter_settles_near_the_knee() {
    let s = run_with("adaptive-knee", &[]).summary;
    let [lo, hi, last] = s.adaptive_limit;
    assert!(lo >= 1 && hi <= 200);
    assert!((20..=80).contains(&last), "final limit {last} (knee at 40)");
    assert!(
        (20.0..=80.0).contains(&s.mean_in_flight),
        "mean in flight {}",
        s.mean_in_flight
    );
    assert!(s.peak_in_flight <= hi);
    let unlimited = run_with("adaptive-knee", &[("adaptive.kind", "none")]).summary;
    assert!(
        s.throughput_rps > 1.1 * unlimited.throughput_rps,
        "{} vs {} req/s without the limiter",
        s.throughput_rps,
        unlimited.throughput_rps
    );
}

#[test]
fn every_lesson_keeps_littles_law() {
    for id in [
        "semaphore-50",
        "keepalive-vs-close",
        "go-idle-2",
        "token-vs-fixed-window",
        "retry-storm",
        "retry-budget",
        "adaptive-knee",
        "backoff-jitter",
    ] {
        let out = run_with(id, &[]);
        assert_littles_law(&out, id);
    }
}
