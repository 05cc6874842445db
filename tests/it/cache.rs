//! The cache in front of the backend (`scenarios/cache-stampede.json`, 10
//! requests/s over 100 keys, a backend of 1 worker × 200 ms): a warm start
//! with the guide's 30-minute TTL and no jitter sends every key to the
//! backend together at 30:00; the guide's 1–5 minute jitter spreads the same
//! reloads out; single flight makes it exactly one load per key.

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
    let bin_s = sync.series.bin_ms / 1e3;
    assert!(
        (1800.0 - bin_s..=1800.0 + bin_s).contains(&at_s),
        "burst at {at_s} s"
    );
    assert!(
        sync_loads > 4.0 * spread_loads,
        "peak backend loads/s {sync_loads} vs {spread_loads}"
    );
    // Right after 30:00 every request misses: 10 loads/s for a backend of
    // 1 worker × 200 ms = 5 loads/s, so a queue builds; spread over the
    // jitter's 4 minutes the 100 loads are 0.4/s and barely queue.
    let (sync_queue, _) = peak(&sync, "server_queue");
    let (spread_queue, _) = peak(&spread, "server_queue");
    assert!(
        sync_queue > 10.0 && spread_queue < 2.0,
        "{sync_queue} vs {spread_queue}"
    );
    assert!(sync.summary.latency_ms.max > 3.0 * spread.summary.latency_ms.max);
    for s in [&sync.summary, &spread.summary] {
        // Each of the 100 keys reloaded once (the new TTL outlives the run).
        assert_eq!(s.cache_misses, 100);
        assert!(s.cache_hit_ratio > 0.99, "{}", s.cache_hit_ratio);
        assert_eq!(s.cache_hits + s.cache_misses, s.attempts);
    }
}

#[test]
fn single_flight_loads_each_key_exactly_once() {
    // Busier keys than the lesson's and a backend of 4 workers (the cache is
    // asked when a worker takes the request, so one worker never overlaps
    // two loads): 20 keys at 50 requests/s, until 1900 s.
    let busy = [
        ("server.workers", "4"),
        ("cache.keys", "20"),
        ("clients.rate_per_s", "50"),
        ("clients.duration_s", "1900"),
    ];
    let mut protected = busy.to_vec();
    protected.push(("cache.stampede_protection", "true"));
    let s = run_with("cache-stampede", &protected).summary;
    // Warm at 0 s, every key expires at 1800 s and is reloaded once.
    assert_eq!(s.cache_misses, 20);
    let unprotected = run_with("cache-stampede", &busy).summary;
    assert!(
        unprotected.cache_misses > 20,
        "concurrent misses each load: {}",
        unprotected.cache_misses
    );
}
