//! The cache in front of the backend (`scenarios/cache-stampede.json`): a
//! warm start with the guide's 30-minute TTL and no jitter sends every key
//! to the backend together at 30:00; the guide's 1–5 minute jitter spreads
//! the same reloads out; single flight makes it exactly one load per key.

use crate::run_with;
use poolsim::RunOutput;

const JITTER: [(&str, &str); 2] = [
    ("cache.ttl_jitter_min_s", "60"),
    ("cache.ttl_jitter_max_s", "300"),
];

/// Peak of a series column (a gauge's mean or a counter's rate): (value, bin start in seconds).
fn peak(out: &RunOutput, name: &str) -> (f64, f64) {
    let se = &out.series;
    let values: &[f32] = match se.gauge(name) {
        Some(g) => &g.mean,
        None => &se.counter(name).expect("a series of that name").per_s,
    };
    let (i, v) = values
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("bins");
    (*v as f64, i as f64 * se.bin_ms / 1e3)
}

#[test]
fn without_jitter_every_key_reloads_at_thirty_minutes() {
    let sync = run_with("cache-stampede", &[]);
    let spread = run_with("cache-stampede", &JITTER);
    let (sync_loads, at_s) = peak(&sync, "backend_loads");
    let (spread_loads, _) = peak(&spread, "backend_loads");
    assert!((1795.0..=1805.0).contains(&at_s), "burst at {at_s} s");
    assert!(
        sync_loads > 8.0 * spread_loads,
        "peak backend loads/s {sync_loads} vs {spread_loads}"
    );
    // The burst needs 200 req/s × 200 ms = 40 workers of the backend's 20: a queue.
    let (sync_queue, _) = peak(&sync, "server_queue");
    let (spread_queue, _) = peak(&spread, "server_queue");
    assert!(
        sync_queue > 50.0 && spread_queue < 2.0,
        "{sync_queue} vs {spread_queue}"
    );
    assert!(sync.summary.latency_ms.max > spread.summary.latency_ms.max);
    // Both still serve almost everything from the cache.
    for s in [&sync.summary, &spread.summary] {
        assert!(s.cache_hit_ratio > 0.99, "{}", s.cache_hit_ratio);
        assert_eq!(s.cache_hits + s.cache_misses, s.attempts);
    }
}

#[test]
fn single_flight_loads_each_key_exactly_once() {
    let s = run_with("cache-stampede", &[("cache.stampede_protection", "true")]).summary;
    // Warm at 0 s, every key expires at 1800 s and is reloaded once; the
    // reloads live until about 3600 s, past the 2400 s run.
    assert_eq!(s.cache_misses, 1000);
    let unprotected = run_with("cache-stampede", &[]).summary;
    assert!(
        unprotected.cache_misses > 1000,
        "concurrent misses each load"
    );
}
