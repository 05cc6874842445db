//! Determinism: same scenario and seed give the same digest; changing only the
//! pool limit leaves every request's arrival time and service time unchanged
//! (common random numbers).

use crate::{run_with, scenario};
use poolsim::metrics::Timeline;
use poolsim::run;

#[test]
fn same_seed_same_digest_other_seed_other_digest() {
    let sc = scenario("mmc", &[("clients.requests", "20000")]);
    let a = run(&sc).summary;
    let b = run(&sc).summary;
    assert_eq!(a.digest, b.digest);
    assert_eq!(a.latency_ms, b.latency_ms);
    let c = run_with("mmc", &[("clients.requests", "20000"), ("seed", "2")]).summary;
    assert_ne!(a.digest, c.digest);
}

fn sampled(limit: &str) -> Vec<Timeline> {
    let mut w = run_with(
        "mmc",
        &[
            ("clients.requests", "20000"),
            ("pool.limit", limit),
            ("pool.connect_ms", "2"),
        ],
    )
    .waterfall;
    w.sort_by_key(|t| t.index);
    w
}

#[test]
fn changing_the_pool_limit_keeps_arrivals_and_service_times() {
    let (a, b) = (sampled("40"), sampled("200"));
    assert_eq!(a.len(), 200);
    assert_eq!(a.len(), b.len());
    let mut differ = 0;
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.index, y.index);
        assert_eq!(x.start_ms, y.start_ms, "arrival of request {}", x.index);
        assert_eq!(x.service_ms, y.service_ms, "service of request {}", x.index);
        if x.pool_wait_ms != y.pool_wait_ms {
            differ += 1;
        }
    }
    // The limit did change what happened in between.
    assert!(differ > 0, "limit 40 vs 200 changed no pool wait");
}
