//! The `batches` client: 1000 requests in chunks of 100, each chunk
//! gathered and awaited before the next starts. Exact on constant service
//! times (a chunk takes one service time); with exponential ones each chunk
//! waits for its slowest request (the expected maximum of 100 exponentials
//! is the mean × H₁₀₀ ≈ 5.19), so a barrier costs several times a
//! semaphore of the same size, and only one chunk's tasks are ever alive.

use crate::{assert_littles_law, run_with};

const BATCHES: [(&str, &str); 4] = [
    ("clients.kind", "batches"),
    ("clients.count", "100"),
    ("clients.jobs", "1000"),
    ("pool.limit", "0"),
];

fn harmonic(n: u32) -> f64 {
    (1..=n).map(|k| 1.0 / k as f64).sum()
}

#[test]
fn ten_chunks_of_one_service_time_each() {
    let out = run_with("stall-at-100", &BATCHES);
    assert_littles_law(&out, "batches");
    let s = out.summary;
    assert_eq!((s.completed, s.failed), (1000, 0));
    // The first chunk dials its 100 connections (1 ms); the next nine reuse them.
    assert_eq!(s.makespan_s, 0.501);
    assert_eq!(s.connections_opened, 100);
    assert_eq!(s.peak_in_flight, 100);
    // Only the running chunk is in the system: 100, where a gather of 1000 holds 1000.
    assert_eq!(s.peak_in_system, 100);
    let gather = run_with("stall-at-100", &[("pool.limit", "100")]).summary;
    assert_eq!(gather.peak_in_system, 1000);
}

#[test]
fn a_chunk_waits_for_its_slowest_request() {
    let exp = [("server.latency_dist", "exponential")];
    let mut set = BATCHES.to_vec();
    set.extend_from_slice(&exp);
    let s = run_with("stall-at-100", &set).summary;
    assert_eq!(s.completed, 1000);
    // Ten chunks, each as long as the maximum of 100 exponential service
    // times (mean 50 ms × H₁₀₀ ≈ 259 ms), plus the first chunk's 1 ms dial.
    let expected_s = 10.0 * 0.050 * harmonic(100) + 0.001;
    assert!(
        (s.makespan_s - expected_s).abs() < 0.15 * expected_s,
        "makespan {} vs {expected_s}",
        s.makespan_s
    );
    // A semaphore of 100 over the same 1000 gathered requests refills a slot
    // as soon as one frees: about 1000 × 50 ms ÷ 100 = 0.5 s.
    let sem = run_with(
        "stall-at-100",
        &[
            ("pool.limit", "0"),
            ("semaphore.kind", "fifo"),
            ("semaphore.permits", "100"),
            ("server.latency_dist", "exponential"),
        ],
    )
    .summary;
    assert!(
        s.makespan_s > 3.0 * sem.makespan_s,
        "batches {} vs semaphore {}",
        s.makespan_s,
        sem.makespan_s
    );
    // Batches keep at most one chunk alive; the semaphore's 900 waiting tasks are alive too.
    assert!(s.peak_in_system <= 100 && sem.peak_in_system == 1000);
}

#[test]
fn a_last_short_chunk_and_a_bad_size_are_handled() {
    // 250 jobs in chunks of 100: chunks of 100, 100 and 50.
    let s = run_with(
        "stall-at-100",
        &[
            ("clients.kind", "batches"),
            ("clients.count", "100"),
            ("clients.jobs", "250"),
            ("pool.limit", "0"),
        ],
    )
    .summary;
    assert_eq!(s.completed, 250);
    assert_eq!(s.makespan_s, 0.151);
    let err =
        poolsim::Scenario::from_json(r#"{"clients": {"kind": "batches", "count": 0, "jobs": 10}}"#)
            .unwrap_err();
    assert_eq!(err.field, "clients.count");
}
