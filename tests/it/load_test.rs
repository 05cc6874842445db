//! The load-test table (`scenarios/load-test.json`): closed-loop workers
//! against a server of 200 workers × 50 ms. Throughput is
//! min(concurrency, 200) ÷ 50 ms; past 200 the extra workers only queue, so
//! mean latency = concurrency ÷ the server's 4000 req/s (Little's law).

use crate::{assert_littles_law, run_with};
use poolsim::report::Stage;

const SERVICE_S: f64 = 0.050;
const SERVER_WORKERS: f64 = 200.0;

/// Requests per second while every worker is busy: the whole run minus the
/// drain at the end (the last requests finish with fewer workers busy).
fn steady_rps(concurrency: f64) -> f64 {
    concurrency.min(SERVER_WORKERS) / SERVICE_S
}

#[test]
fn concurrency_100_is_bound_by_the_clients() {
    let out = run_with("load-test", &[]);
    assert_littles_law(&out, "load-test c=100");
    let s = &out.summary;
    assert_eq!(
        s.binding.stage,
        Stage::Demand,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    assert_eq!(s.peak_in_flight, 100);
    // 100 ÷ 50 ms = 2000 req/s while all are busy; the drain at the end lowers the average a little.
    let rps = steady_rps(100.0);
    assert!(
        s.throughput_rps > 0.9 * rps && s.throughput_rps <= rps,
        "{}",
        s.throughput_rps
    );
    // No queue at the server: the latency is the service time's mean.
    assert!(
        (s.latency_ms.mean - 50.0).abs() < 1.0,
        "{}",
        s.latency_ms.mean
    );
    assert_eq!(s.server_wait_ms.max, 0.0);
    // Exponential service past the 300 ms timeout: P = e^(−300/50) = 0.25%.
    let rate = s.failed as f64 / s.requests as f64;
    assert!((0.001..0.005).contains(&rate), "{rate}");
    assert_eq!(s.failed, s.timeouts);
}

#[test]
fn concurrency_500_is_bound_by_the_server_and_only_adds_latency() {
    let c100 = run_with("load-test", &[]).summary;
    let out = run_with("load-test", &[("clients.count", "500")]);
    assert_littles_law(&out, "load-test c=500");
    let s = &out.summary;
    assert_eq!(
        s.binding.stage,
        Stage::Server,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    let rps = steady_rps(500.0);
    assert!(
        s.throughput_rps > 0.9 * rps && s.throughput_rps <= rps,
        "{}",
        s.throughput_rps
    );
    // 5× the concurrency, not even 2× the throughput.
    assert!(s.throughput_rps < 2.0 * c100.throughput_rps);
    // Little: 500 in the system ÷ 4000 req/s = 125 ms (less: timed-out
    // attempts end at 300 ms and leave their place early).
    let little_ms = 500.0 / rps * 1e3;
    assert!(
        s.latency_ms.mean > 0.95 * little_ms && s.latency_ms.mean <= little_ms,
        "{}",
        s.latency_ms.mean
    );
    assert!(
        s.failed > 3 * c100.failed,
        "{} vs {}",
        s.failed,
        c100.failed
    );
}

#[test]
fn throughput_stops_growing_at_the_server_workers() {
    let at = |c: &str| {
        run_with(
            "load-test",
            &[("clients.count", c), ("timeouts.attempt_ms", "0")],
        )
        .summary
        .throughput_rps
    };
    let (t100, t200, t400) = (at("100"), at("200"), at("400"));
    assert!(t200 > 1.7 * t100, "{t100} → {t200}");
    assert!((t400 - t200).abs() < 0.05 * t200, "{t200} → {t400}");
}
