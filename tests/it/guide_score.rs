//! The guide's dynamic limit in raw units (`adaptive.kind = guide_score`):
//! QPS dominates the score, so a healthy server is throttled, and a faster
//! server (more QPS at the same concurrency) gets a *lower* limit.

use crate::run_with;
use poolsim::report::Stage;

#[test]
fn the_guide_formula_throttles_a_healthy_server() {
    let free = run_with("guide-score", &[("adaptive.kind", "none")]).summary;
    let out = run_with("guide-score", &[]);
    let guide = &out.summary;
    // Without a limit all 2000 workers are busy until the last jobs drain.
    assert_eq!(free.peak_in_flight, 2000);
    // With it the limit is the ceiling: far fewer in flight, every request
    // waits for a slot, the same 20000 jobs take much longer.
    assert_eq!(
        guide.binding.stage,
        Stage::Adaptive,
        "{}",
        poolsim::words::ceiling(&guide.binding)
    );
    assert!(guide.mean_in_flight < 0.7 * free.mean_in_flight);
    assert!(guide.mean_in_flight < 800.0, "{}", guide.mean_in_flight);
    assert!(
        guide.latency_ms.mean > 2.0 * free.latency_ms.mean,
        "guide {} vs free {} ms",
        guide.latency_ms.mean,
        free.latency_ms.mean
    );
    assert!(guide.makespan_s > 1.5 * free.makespan_s);
    // The limit never reaches 2000 once QPS is measured: base·1.5 at QPS 0.
    assert!(
        guide.adaptive_limit.iter().all(|&l| l < 1500),
        "{:?}",
        guide.adaptive_limit
    );
}

#[test]
fn a_faster_server_gets_a_lower_limit() {
    // Mean-field balance: limit = 1500 − 0.15·latency_ms − 0.25·qps with
    // qps = limit / latency: 200 ms → about 650, 100 ms → about 420.
    let slow = run_with("guide-score", &[]).summary;
    let fast = run_with("guide-score", &[("server.latency_ms", "100")]).summary;
    assert!(
        fast.mean_in_flight < 0.8 * slow.mean_in_flight,
        "fast {} vs slow {}",
        fast.mean_in_flight,
        slow.mean_in_flight
    );
    // ...while the normalised score, with its QPS part saturating, does not punish speed.
    let norm = |lat: &str| {
        run_with(
            "guide-score",
            &[
                ("adaptive.kind", "ewma_score"),
                ("adaptive.latency_target_ms", "1000"),
                ("adaptive.qps_target", "20000"),
                ("server.latency_ms", lat),
            ],
        )
        .summary
        .throughput_rps
    };
    assert!(norm("100") > norm("200"), "faster server, more throughput");
}

/// The lesson's numbers: about 800 in flight while requests queue for the
/// limit (the flat part of its chart) and 578 over the whole run, tail
/// included; with a 100 ms server about 570 and 454.
#[test]
fn the_lessons_in_flight_numbers_are_the_runs() {
    for (latency_ms, queued, whole) in [("200", 800.0, 578.0), ("100", 570.0, 454.0)] {
        let out = run_with("guide-score", &[("server.latency_ms", latency_ms)]);
        let gauge = |name: &str| &out.series.gauge(name).expect("a gauge").mean;
        let (in_flight, waiting) = (gauge("in_flight"), gauge("semaphore_waiters"));
        let steady: Vec<f64> = in_flight
            .iter()
            .zip(waiting)
            .filter(|(_, w)| **w > 100.0)
            .map(|(f, _)| *f as f64)
            .collect();
        let steady_mean = steady.iter().sum::<f64>() / steady.len() as f64;
        assert!(steady.len() > 100, "{latency_ms} ms: the queue lasts");
        assert!(
            (steady_mean - queued).abs() < 0.02 * queued,
            "{latency_ms} ms: {steady_mean} in flight while queued"
        );
        let mean = out.summary.mean_in_flight;
        assert_eq!(mean.round(), whole, "{latency_ms} ms: {mean}");
    }
}
