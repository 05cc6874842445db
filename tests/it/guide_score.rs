//! The guide's dynamic limit in raw units (`adaptive.kind = guide_score`):
//! QPS dominates the score, so a healthy server is throttled, and a faster
//! server (more QPS at the same concurrency) gets a *lower* limit.

use crate::run_with;

#[test]
fn the_guide_formula_throttles_a_healthy_server() {
    let free = run_with("guide-score", &[("adaptive.kind", "none")]).summary;
    let guide = run_with("guide-score", &[]).summary;
    // Without a limit 2000 workers ÷ 200 ms = 10000 req/s while all are busy
    // (the exponential tail of the last requests lowers the average).
    assert!(free.throughput_rps > 7500.0, "{}", free.throughput_rps);
    assert!(
        guide.throughput_rps < 0.5 * free.throughput_rps,
        "guide {} vs free {}",
        guide.throughput_rps,
        free.throughput_rps
    );
    // The limit never reaches the 2000 workers' demand once QPS is measured.
    assert!(guide.mean_in_flight < 1000.0, "{}", guide.mean_in_flight);
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
