//! 1000 requests of 50 ms serially vs 50 at a time
//! (`scenarios/serial-vs-concurrent.json`): the makespan is
//! ⌈1000 ÷ permits⌉ × 50 ms, and past the server's 50 workers + 10 queue
//! places the extra requests are refused.

use crate::run_with;
use poolsim::report::Stage;

#[test]
fn serially_1000_requests_take_1000_times_50_ms() {
    let s = run_with("serial-vs-concurrent", &[]).summary;
    assert_eq!((s.completed, s.failed), (1000, 0));
    assert_eq!(s.peak_in_flight, 1);
    // 1 ms to connect once, then 1000 × 50 ms.
    assert_eq!(s.makespan_s, 50.001);
    assert_eq!(
        s.binding.stage,
        Stage::Semaphore,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    // The k-th request waits (k − 1) × 50 ms for the permit: mean 499.5 × 50 ms + 50 ms.
    assert!(
        (s.latency_ms.mean - 25_026.0).abs() < 1.0,
        "{}",
        s.latency_ms.mean
    );
}

#[test]
fn fifty_at_a_time_take_twenty_rounds() {
    let s = run_with("serial-vs-concurrent", &[("semaphore.permits", "50")]).summary;
    assert_eq!((s.completed, s.failed), (1000, 0));
    assert_eq!(s.peak_in_flight, 50);
    assert_eq!(s.makespan_s, 1.001, "20 rounds of 50 ms");
}

#[test]
fn past_the_servers_60_places_most_requests_fail() {
    let s = run_with("serial-vs-concurrent", &[("semaphore.permits", "100")]).summary;
    // 50 workers + 10 queue places take the first 60; every later request
    // meets a full server (the refused ones free their permits at once).
    assert_eq!(s.completed, 60);
    assert_eq!(s.outcomes.unavailable, 940);
    assert_eq!(s.failed, 940);
}
