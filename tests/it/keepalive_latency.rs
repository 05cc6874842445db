//! Keep-alive vs a connection per request as a latency table
//! (`scenarios/keepalive-latency.json`): 100 sequential requests of 20 ms,
//! 60 ms to open a connection.

use crate::run_with;

#[test]
fn a_connection_per_request_pays_the_handshake_every_time() {
    let s = run_with("keepalive-latency", &[]).summary;
    assert_eq!(s.connections_opened, 100);
    for p in [s.latency_ms.p50, s.latency_ms.mean, s.latency_ms.max] {
        assert!((p - 80.0).abs() < 1e-6, "{p}");
    }
    assert_eq!(s.makespan_s, 8.0);
    assert_eq!(s.peak_time_wait, 100);
}

#[test]
fn a_reused_connection_pays_it_once() {
    let s = run_with("keepalive-latency", &[("pool.force_close", "false")]).summary;
    assert_eq!(s.connections_opened, 1);
    // (60 + 100 × 20) ÷ 100 = 20.6 ms; only the first request sees 80 ms.
    assert!(
        (s.latency_ms.mean - 20.6).abs() < 1e-6,
        "{}",
        s.latency_ms.mean
    );
    assert!(
        (s.latency_ms.p50 - 20.0).abs() < 0.1,
        "{}",
        s.latency_ms.p50
    );
    assert!((s.latency_ms.max - 80.0).abs() < 1e-6);
    assert_eq!(s.makespan_s, 2.06);
    assert_eq!(s.peak_time_wait, 0);
}
