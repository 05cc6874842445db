//! The `poolsim` binary: formats, every documented `--set` path, and errors
//! (exit code 2, one line).

use std::process::Command;

/// Runs the `poolsim` binary: (exit code, stdout, stderr).
pub fn poolsim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_poolsim"))
        .args(args)
        .output()
        .expect("runs");
    let s = |b: Vec<u8>| String::from_utf8(b).expect("utf-8");
    (
        out.status.code().unwrap_or(-1),
        s(out.stdout),
        s(out.stderr),
    )
}

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/stall-at-100.json");

#[test]
fn json_format_has_the_documented_fields() {
    let (code, out, _) = poolsim(&["run", FILE, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    for k in [
        "requests",
        "completed",
        "failed",
        "makespan_s",
        "throughput_rps",
        "peak_in_flight",
        "connections_opened",
        "events",
        "digest",
        "truncated",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    for k in ["latency_ms", "pool_wait_ms", "server_wait_ms"] {
        for p in ["mean", "p50", "p95", "p99", "max"] {
            assert!(v[k][p].is_number(), "missing {k}.{p}");
        }
    }
    assert_eq!(v["peak_in_flight"], 100);
    assert!(u64::from_str_radix(v["digest"].as_str().unwrap(), 16).is_ok());
}

#[test]
fn table_ends_with_the_binding_constraint() {
    let (code, out, _) = poolsim(&["run", FILE]);
    assert_eq!(code, 0);
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        "binding       pool limit 100 ÷ 50.1 ms per request = 1996 req/s ceiling"
    );
}

#[test]
fn every_documented_set_path_is_accepted() {
    let sets = [
        "seed=7",
        "clients.count=10",
        "clients.requests_per_client=2",
        "clients.rate_per_s=50",
        "clients.requests=20",
        "clients.hosts=2",
        "clients.cpu_us_per_request=5",
        "pool.limit=5",
        "pool.limit_per_host=3",
        "pool.force_close=true",
        "pool.keepalive_timeout_s=5",
        "pool.connect_ms=2",
        "server.workers=4",
        "server.queue_limit=100",
        "server.latency_ms=20",
        "server.latency_dist=exponential",
    ];
    let mut args = vec!["run", FILE, "--format", "csv"];
    for s in &sets {
        args.push("--set");
        args.push(s);
    }
    let (code, out, err) = poolsim(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2);
    assert!(
        out.lines().nth(1).unwrap().contains(",20,"),
        "10 tasks × 2 requests: {out}"
    );
}

#[test]
fn errors_exit_2_with_one_line() {
    for args in [
        vec!["run", FILE, "--set", "pool.limit=abc"],
        vec!["run", "/nonexistent.json"],
        vec!["run", FILE, "--format", "xml"],
        vec!["frobnicate"],
        vec!["run", FILE, "--seed", "-1"],
    ] {
        let (code, out, err) = poolsim(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
}

/// An open loop far over capacity stops at the native memory budget, by name.
#[test]
fn overload_stops_at_the_memory_budget() {
    let (code, out, _) = poolsim(&[
        "run",
        "mmc",
        "--set",
        "clients.rate_per_s=200000",
        "--set",
        "server.workers=10",
        "--set",
        "run.max_in_flight=10000000",
    ]);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.contains("memory budget"))
        .unwrap_or_else(|| panic!("no memory budget line in:\n{out}"));
    assert!(
        line.contains("256 MB") && line.contains("run.max_in_flight"),
        "{line}"
    );
}
