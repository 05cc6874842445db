//! `poolsim sweep`: the throughput-vs-limit knee of the stall at 100, exact;
//! common random numbers across points; seeds giving intervals; errors.

use crate::cli::poolsim as cli;
use poolsim::catalog;
use poolsim::sweep::{parse_vary, sweep, Spacing, SweepSpec};

/// The stall at 100 sweeps `pool.limit`: ⌈1000 / limit⌉ waves of 50 ms plus
/// one 1 ms connect, so throughput = 1000 / (waves × 50 ms + 1 ms) — which is
/// limit ÷ (mean 50 ms + 1 ms / waves) — until the 1000 requests fit in one
/// wave; past that the demand binds and throughput is flat.
#[test]
fn stall_sweep_gives_limit_over_hold_time_then_flat() {
    let (code, out, err) = cli(&[
        "sweep",
        "stall-at-100",
        "--vary",
        "pool.limit=25,50,100,200,500,1000,2000",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let points = v["points"].as_array().expect("points");
    assert_eq!(points.len(), 7);
    for p in points {
        let limit = p["set"]["pool.limit"].as_u64().expect("numeric limit");
        let waves = 1000u64.div_ceil(limit.min(1000));
        let makespan_s = (waves * 50 + 1) as f64 / 1e3;
        let want = 1000.0 / makespan_s;
        let got = p["summary"]["throughput_rps"].as_f64().unwrap();
        assert!(
            (got - want).abs() < 1e-6 * want,
            "limit {limit}: {got} vs {want}"
        );
        assert_eq!(p["summary"]["peak_in_flight"], limit.min(1000));
        let stage = p["summary"]["binding"]["stage"].as_str().unwrap();
        if limit < 1000 {
            assert_eq!(stage, "pool", "limit {limit}");
            let ceiling = p["summary"]["binding"]["ceiling_rps"].as_f64().unwrap();
            assert!(
                (ceiling - got).abs() < 1e-6 * got,
                "ceiling {ceiling} vs {got}"
            );
        }
    }
    let last = |i: usize| points[i]["summary"]["throughput_rps"].as_f64().unwrap();
    assert_eq!(last(5), last(6), "flat past one wave");
    assert_eq!(v["knee"]["pool.limit"], 1000);
}

/// Common random numbers: every point draws the same arrivals and service
/// times, so the mean service time is identical whatever the pool limit;
/// the first seed of each point is the scenario's own and reproduces `run`.
#[test]
fn points_share_random_numbers_and_seeds_give_intervals() {
    let text = catalog::scenario_text("mmc").unwrap();
    let base = [("clients.requests".to_string(), "5000".to_string())];
    let spec = SweepSpec {
        vary: vec![parse_vary("pool.limit=60,100,300", 2, Spacing::Linear).unwrap()],
        seeds: 3,
    };
    let out = sweep(text, &base, &spec, |_, _| {}).unwrap();
    let service = |i: usize| out.points[i].summary.service_ms.mean;
    assert_eq!(service(0), service(1));
    assert_eq!(service(1), service(2));
    assert!(
        out.points[0].latency_mean_ms.mean > out.points[2].latency_mean_ms.mean,
        "60 connections for 100 workers queue longer"
    );
    let p = &out.points[1];
    assert_eq!(p.seeds, [1, 2, 3]);
    assert!(p.throughput_rps.half_width_95 > 0.0, "seeds differ");
    let sc = poolsim::Scenario::from_json_with_overrides(
        text,
        &[base[0].clone(), ("pool.limit".into(), "100".into())],
    )
    .unwrap();
    assert_eq!(p.summary.digest, poolsim::run(&sc).summary.digest);
}

#[test]
fn progress_counts_every_run() {
    let text = catalog::scenario_text("stall-at-100").unwrap();
    let spec = SweepSpec {
        vary: vec![parse_vary("pool.limit=10..100", 4, Spacing::Log).unwrap()],
        seeds: 2,
    };
    let mut calls = Vec::new();
    let out = sweep(text, &[], &spec, |d, t| calls.push((d, t))).unwrap();
    assert_eq!(out.points.len(), 4);
    assert_eq!(calls.len(), 8);
    assert_eq!(calls.last(), Some(&(8, 8)));
}

#[test]
fn a_bad_value_fails_before_any_run_naming_the_key() {
    let (code, _, err) = cli(&["sweep", "stall-at-100", "--vary", "pool.limit=10,-5"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("poolsim: pool.limit:"), "{err}");
    assert_eq!(err.lines().count(), 1);
    let (code, _, err) = cli(&["sweep", "stall-at-100"]);
    assert_eq!(code, 2);
    assert!(err.contains("--vary"), "{err}");
    let (code, _, err) = cli(&[
        "sweep",
        "stall-at-100",
        "--vary",
        "pool.limit=1..1000",
        "--steps",
        "100",
        "--vary",
        "server.latency_ms=1..100",
        "--seeds",
        "2",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("10000 points"), "{err}");
}

#[test]
fn table_and_csv_have_a_row_per_point() {
    let (code, out, _) = cli(&["sweep", "stall-at-100", "--vary", "pool.limit=50,100"]);
    assert_eq!(code, 0);
    assert!(out
        .lines()
        .any(|l| l.trim_start().starts_with("100  ") && l.contains("1996.0")));
    let (code, out, _) = cli(&[
        "sweep",
        "stall-at-100",
        "--vary",
        "pool.limit=50,100",
        "--format",
        "csv",
        "--seeds",
        "2",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("pool.limit,throughput_rps,"));
    assert!(lines[0].ends_with("throughput_rps_ci95,p99_ms_ci95"));
    assert!(lines[2].starts_with("100,1996.0,"));
}
