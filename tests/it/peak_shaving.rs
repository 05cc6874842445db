//! A bounded queue drained by N consumers (a FIFO semaphore with
//! `max_waiters`) between a burst and the server (`scenarios/peak-shaving.json`):
//! the server sees at most N at a time; hitting it directly overflows its queue.

use crate::run_with;

#[test]
fn the_queue_keeps_server_load_at_the_consumers() {
    let out = run_with("peak-shaving", &[]);
    let s = &out.summary;
    assert_eq!((s.completed, s.failed), (5000, 0));
    // 5000 / 50 consumers = 100 rounds of 20 ms, after the 1 ms connect.
    assert!((s.makespan_s - 2.001).abs() < 1e-9, "{}", s.makespan_s);
    let busy = out.series.gauge("server_busy").expect("gauge");
    let peak = busy.mean.iter().cloned().fold(0.0f32, f32::max);
    assert!(peak <= 50.0 + 1e-3, "server busy {peak}");
    assert_eq!(s.peak_in_flight, 50);
    assert_eq!(s.outcomes.unavailable, 0);
}

#[test]
fn straight_at_the_server_all_but_workers_plus_queue_are_refused() {
    let s = run_with("peak-shaving", &[("semaphore.kind", "none")]).summary;
    // 50 workers + 100 queue places take the first 150; the rest get 503 at once.
    assert_eq!(s.completed, 150);
    assert_eq!(s.outcomes.unavailable, 4850);
}

#[test]
fn a_full_queue_refuses_the_overflow_at_the_client() {
    let s = run_with("peak-shaving", &[("semaphore.max_waiters", "2000")]).summary;
    // 50 consumers busy + 2000 queued are taken; the other 2950 are refused.
    assert_eq!(s.completed, 2050);
    assert_eq!(s.outcomes.client_rejected, 2950);
    assert_eq!(s.outcomes.unavailable, 0);
}
