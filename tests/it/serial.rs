//! 1000 requests of 50 ms in batches of 100, serially vs 50 at a time
//! (`scenarios/serial-vs-concurrent.json`): the makespan is
//! 10 batches × ⌈100 ÷ permits⌉ × 50 ms; past the server's 50 workers + 10
//! queue places a batch's extra requests are refused; one batch of all 1000
//! gives the same makespan but 1000 requests alive and the cascade of refusals.

use crate::run_with;
use poolsim::report::Stage;

#[test]
fn serially_1000_requests_take_1000_times_50_ms() {
    let s = run_with("serial-vs-concurrent", &[]).summary;
    assert_eq!((s.completed, s.failed), (1000, 0));
    assert_eq!(s.peak_in_flight, 1);
    assert_eq!(s.peak_in_system, 100, "one batch alive at a time");
    // 1 ms to connect once, then 1000 × 50 ms.
    assert_eq!(s.makespan_s, 50.001);
    assert_eq!(
        s.binding.stage,
        Stage::Semaphore,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    // The k-th request of a batch waits (k − 1) × 50 ms: mean 49.5 × 50 + 50 ms
    // (plus the first batch's 1 ms dial, 100 requests of 1000: 0.1 ms).
    assert!(
        (s.latency_ms.mean - 2525.1).abs() < 0.05,
        "{}",
        s.latency_ms.mean
    );
}

#[test]
fn fifty_at_a_time_take_two_rounds_per_batch() {
    let s = run_with("serial-vs-concurrent", &[("semaphore.permits", "50")]).summary;
    assert_eq!((s.completed, s.failed), (1000, 0));
    assert_eq!(s.peak_in_flight, 50);
    assert_eq!(s.makespan_s, 1.001, "10 batches of 2 rounds of 50 ms");
    // Half of each batch waits one round: mean 75 ms (and the first dial).
    assert!(
        (s.latency_ms.mean - 75.1).abs() < 0.05,
        "{}",
        s.latency_ms.mean
    );
}

#[test]
fn past_the_servers_60_places_40_of_each_batch_fail() {
    let s = run_with("serial-vs-concurrent", &[("semaphore.permits", "100")]).summary;
    // 50 workers + 10 queue places take 60 of each batch of 100.
    assert_eq!(s.completed, 600);
    assert_eq!(s.outcomes.unavailable, 400);
}

#[test]
fn one_batch_of_everything_keeps_1000_alive_and_cascades() {
    let all = [("clients.count", "1000"), ("semaphore.permits", "50")];
    let s = run_with("serial-vs-concurrent", &all).summary;
    assert_eq!(s.makespan_s, 1.001, "the same 20 rounds");
    assert_eq!(s.peak_in_system, 1000);
    // All issued at t = 0, round k ends at 1 ms (the first dial) + k × 50 ms:
    // mean 9.5 × 50 + 50 + 1 = 526 ms, seven times the batched 75 ms.
    assert!(
        (s.latency_ms.mean - 526.0).abs() < 0.05,
        "{}",
        s.latency_ms.mean
    );
    let s = run_with(
        "serial-vs-concurrent",
        &[("clients.count", "1000"), ("semaphore.permits", "100")],
    )
    .summary;
    // The refused requests free their permits at once and send the next ones
    // into the same full server: only the first 60 succeed.
    assert_eq!(s.completed, 60);
    assert_eq!(s.failed, 940);
}
