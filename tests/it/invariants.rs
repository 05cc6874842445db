//! Randomized configurations over many seeds. Debug builds check the
//! simulator's invariants after every event (see `Sim::check_invariants`);
//! here we also check what the outputs promise.

use poolsim::rng::{unit, Seeds, Stream};
use poolsim::{run, Scenario};
use serde_json::json;

fn pick<'a>(r: &mut poolsim::rng::StreamRng, xs: &[&'a str]) -> &'a str {
    xs[((unit(r) * xs.len() as f64) as usize).min(xs.len() - 1)]
}

pub fn random_scenario(seed: u64) -> Scenario {
    let mut r = Seeds::new(seed).stream(Stream::Sample);
    let mut n = |lo: f64, hi: f64| (lo + (hi - lo) * unit(&mut r)).floor() as u64;
    let (hosts, limit, per_host) = (n(1.0, 5.0), n(0.0, 30.0), n(0.0, 8.0));
    let (workers, queue_limit, count) = (n(0.0, 20.0), n(0.0, 10.0), n(1.0, 120.0));
    let (rpc, connect, think, cpu, keep) = (
        n(1.0, 4.0),
        n(0.0, 5.0),
        n(0.0, 30.0),
        n(0.0, 300.0),
        n(0.0, 3.0),
    );
    let mut r2 = Seeds::new(seed).stream(Stream::Faults);
    let kind = pick(&mut r2, &["gather", "workers", "open"]);
    let dist = pick(
        &mut r2,
        &["constant", "uniform", "exponential", "lognormal", "bimodal"],
    );
    let force_close = unit(&mut r2) < 0.2;
    let limiter = pick(
        &mut r2,
        &[
            "none",
            "fixed_window",
            "sliding_log",
            "sliding_window",
            "leaky_bucket",
            "token_bucket",
            "gcra",
        ],
    );
    let mode = pick(&mut r2, &["wait", "reject"]);
    let sem = pick(&mut r2, &["none", "fifo", "weighted"]);
    let adaptive = pick(
        &mut r2,
        &["none", "aimd", "vegas", "gradient2", "ewma_score"],
    );
    let jitter = pick(&mut r2, &["none", "full", "equal", "decorrelated"]);
    let attempts = 1 + (unit(&mut r2) * 4.0) as u32;
    let attempt_ms = if unit(&mut r2) < 0.3 { 30.0 } else { 0.0 };
    let pool_ms = if unit(&mut r2) < 0.2 { 40.0 } else { 0.0 };
    let total_ms = if unit(&mut r2) < 0.2 { 150.0 } else { 0.0 };
    let error_probability = if unit(&mut r2) < 0.3 { 0.2 } else { 0.0 };
    let contended = unit(&mut r2) < 0.1;
    // Per-stage event-loop CPU (and server CPU) in a third of the runs.
    let stage_cpu = unit(&mut r2) < 0.33;
    let us = |x: f64| if stage_cpu { x } else { 0.0 };
    let preset = pick(
        &mut r2,
        &[
            "",
            "",
            "aiohttp",
            "httpx",
            "requests",
            "go-net-http",
            "go-database-sql",
            "hikaricp",
        ],
    );
    let v = json!({
        "seed": seed,
        "clients": { "kind": kind, "count": count, "requests_per_client": rpc, "jobs": count * rpc,
                     "rate_per_s": 200.0, "requests": count * rpc, "think_ms": think,
                     "hosts": hosts, "cpu_us_per_request": cpu,
                     "cpu_us_task_start": us(40.0), "cpu_us_connect": us(150.0),
                     "cpu_us_send": us(30.0), "cpu_us_read": us(200.0) },
        "pool": { "limit": limit, "limit_per_host": per_host, "connect_ms": connect,
                  "keepalive_timeout_s": keep as f64 * 0.02, "force_close": force_close },
        "server": { "workers": workers, "queue_limit": queue_limit, "latency_ms": 20, "latency_dist": dist,
                    "error_probability": error_probability, "contended": contended,
                    "cpu_us_per_request": us(50.0) },
        "limiter": { "kind": limiter, "mode": mode, "rate_per_s": 300.0, "burst": 3, "limit": 5, "window_ms": 20.0 },
        "semaphore": { "kind": sem, "permits": 4, "weights": [1, 2] },
        "adaptive": { "kind": adaptive, "initial_limit": 5, "max_limit": 50 },
        "retry": { "max_attempts": attempts, "jitter": jitter, "base_ms": 5.0, "cap_ms": 50.0 },
        "timeouts": { "attempt_ms": attempt_ms, "pool_acquire_ms": pool_ms, "total_ms": total_ms }
    });
    let mut v = v;
    if !preset.is_empty() {
        v["pool"]["preset"] = json!(preset);
    }
    // Network hops (and a read-to-write window) in a quarter of the runs; |normal| service in a tenth.
    if unit(&mut r2) < 0.25 {
        v["server"]["network_ms"] = json!(n(0.0, 6.0));
        v["server"]["network_spread_ms"] = json!(n(0.0, 3.0));
        v["server"]["read_write_hops"] = json!(n(0.0, 3.0));
    }
    if unit(&mut r2) < 0.1 {
        v["server"]["latency_dist"] = json!("abs_normal");
        v["server"]["latency_spread_ms"] = json!(8.0);
    }
    Scenario::from_value(v).unwrap_or_else(|e| panic!("seed {seed}: {e}"))
}

#[test]
fn random_configurations_keep_every_invariant() {
    for seed in 0..seeds() {
        let sc = random_scenario(seed);
        let s = run(&sc).summary;
        let ctx = format!("seed {seed}: {}", sc.to_json());
        assert!(!s.truncated, "{ctx}");
        assert_eq!(s.requests, sc.planned_requests(), "{ctx}");
        assert_eq!(s.completed + s.failed, s.requests, "{ctx}");
        let capped = sc.pool.on_full == poolsim::scenario::OnFull::Wait;
        if sc.pool.limit > 0 && capped {
            assert!(s.peak_in_flight <= sc.pool.limit, "{ctx}");
        }
        if sc.pool.limit_per_host > 0 && capped {
            assert!(
                s.peak_in_flight <= sc.pool.limit_per_host * sc.clients.hosts,
                "{ctx}"
            );
        }
        let faults = sc.server.error_probability > 0.0
            || sc.server.contended
            || sc.limiter.mode == poolsim::scenario::LimiterMode::Reject
            || sc.timeouts != poolsim::scenario::Timeouts::default();
        if (sc.server.queue_limit == 0 || sc.server.workers == 0) && !faults {
            assert_eq!(s.failed, 0, "only a full server queue rejects: {ctx}");
        }
        assert!(
            s.attempts >= s.requests && s.attempts <= s.requests * sc.retry.max_attempts as u64,
            "{ctx}"
        );
        if sc.semaphore.kind != poolsim::scenario::SemaphoreKind::None {
            assert!(s.peak_in_flight <= sc.semaphore.permits, "{ctx}");
        }
        crate::assert_littles_law(&run(&sc), &ctx);
    }
}

#[test]
fn budgets_truncate_visibly() {
    let sc = crate::scenario("mmc", &[("run.max_events", "1000")]);
    let s = run(&sc).summary;
    assert!(s.truncated);
    assert_eq!(s.events, 1000);
    assert_eq!(s.truncated_reason, Some("event_budget"));
    assert!(poolsim::words::truncation("event_budget").contains("run.max_events"));
    let s = run(&crate::scenario("mmc", &[("run.horizon_s", "2")])).summary;
    assert!(s.truncated && s.makespan_s <= 2.0);
    // Overload: 1800/s into 10 workers of 50 ms (200/s) fills the system.
    let s = run(&crate::scenario(
        "mmc",
        &[("server.workers", "10"), ("run.max_in_flight", "5000")],
    ))
    .summary;
    assert!(s.truncated && s.truncated_reason == Some("in_flight_cap"));
}

/// Overload with no in-flight cap to speak of: the run stops at the last
/// request its memory budget holds, and says which knobs to turn.
#[test]
fn memory_budget_stops_an_overloaded_run_in_time() {
    use poolsim::sim::{Sim, REQUEST_BYTES};
    // 1800/s into 10 workers of 50 ms (200/s): the server queue grows without end.
    let sc = crate::scenario(
        "mmc",
        &[("server.workers", "10"), ("run.max_in_flight", "10000000")],
    );
    let budget_bytes = 4 << 20;
    let mut sim = Sim::with_memory_budget(&sc, budget_bytes);
    while !sim.step_many(u64::MAX) {}
    let s = sim.output(&sc).summary;
    assert_eq!(s.truncated_reason, Some("memory_budget"));
    let why = poolsim::words::truncation("memory_budget");
    assert!(why.starts_with("memory budget"), "{why}");
    for knob in [
        "clients.count",
        "clients.rate_per_s",
        "server.workers",
        "run.max_in_flight",
    ] {
        assert!(why.contains(knob), "{why}");
    }
    let cli = poolsim::format::json(&sim.output(&sc));
    assert!(cli.contains("\"truncated_text\": \"memory budget"), "{cli}");
    // Every request in the system also has its server job here: the cap lies
    // between budget / (request + job) and budget / request.
    let peak = s.peak_in_system as usize;
    let job_bytes = poolsim::sim::JOB_BYTES;
    assert!(peak <= budget_bytes / REQUEST_BYTES, "peak {peak}");
    assert!(
        peak + 1 >= budget_bytes / (REQUEST_BYTES + job_bytes),
        "peak {peak}"
    );
}

/// Seeds for the randomized test: 300, or `POOLSIM_FUZZ_SEEDS` for a longer hunt.
pub fn seeds() -> u64 {
    std::env::var("POOLSIM_FUZZ_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}
