//! Bad input, case by case: the `--set` cases of `bad_input.txt` (through
//! the library and through the CLI: exit code 2, one line on stderr), and
//! whole scenario files (duplicate keys, a BOM, lists for sections, size).

use poolsim::catalog::scenario_text;
use poolsim::Scenario;
use std::process::Command;

const CASES: &str = include_str!("bad_input.txt");

/// `(overrides, expected error)` for every case line.
fn cases() -> Vec<(Vec<(String, String)>, String)> {
    CASES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (sets, expected) = line.split_once(" => ").expect("SETS => ERROR");
            let sets = sets
                .split(" | ")
                .map(|kv| {
                    let (k, v) = kv.split_once('=').expect("KEY=VALUE");
                    (k.to_string(), v.to_string())
                })
                .collect();
            (sets, expected.to_string())
        })
        .collect()
}

fn matches(got: &str, expected: &str) -> bool {
    match expected.strip_suffix('…') {
        Some(prefix) => got.starts_with(prefix),
        None => got == expected,
    }
}

#[test]
fn every_set_case_gives_its_one_line_error() {
    let text = scenario_text("stall-at-100").expect("shipped");
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for (sets, expected) in cases {
        let got = Scenario::from_json_with_overrides(text, &sets)
            .map(|_| "(accepted)".to_string())
            .unwrap_or_else(|e| e.to_string());
        assert!(
            matches(&got, &expected),
            "{sets:?}\n got: {got}\nwant: {expected}"
        );
    }
}

#[test]
fn the_cli_prints_the_same_line_and_exits_2() {
    for (sets, expected) in cases() {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_poolsim"));
        cmd.args(["run", "stall-at-100"]);
        for (k, v) in &sets {
            cmd.arg("--set").arg(format!("{k}={v}"));
        }
        let out = cmd.output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{sets:?}: {err}");
        assert!(out.stdout.is_empty(), "{sets:?}");
        let line = err.strip_suffix('\n').unwrap_or(&err);
        assert!(!line.contains('\n'), "one line: {err}");
        let msg = line.strip_prefix("poolsim: ").expect("prefixed");
        assert!(
            matches(msg, &expected),
            "{sets:?}\n got: {msg}\nwant: {expected}"
        );
    }
}

#[test]
fn the_issue_repro_deep_key_is_one_line_not_a_crash() {
    let key = format!("{}z=1", "a.".repeat(60_000));
    let out = Command::new(env!("CARGO_BIN_EXE_poolsim"))
        .args(["run", "mmc", "--set", &key])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.contains("is too long a KEY: at most 128 bytes (got 120001)"),
        "{err}"
    );
    assert!(err.len() < 200, "{err}");
}

fn file_err(text: &str) -> String {
    Scenario::from_json(text)
        .map(|_| "(accepted)".into())
        .unwrap_or_else(|e| e.to_string())
}

#[test]
fn scenario_files_are_read_strictly() {
    let cases = [
        (
            r#"{"clients":{"kind":"open","requests":10,"rate_per_s":-5,"rate_per_s":100}}"#,
            "clients.rate_per_s: appears twice: each key may appear once in a section",
        ),
        (
            r#"[{"clients":{}}]"#,
            "scenario: must be a section of fields in {} (got a list)",
        ),
        (
            r#"{"clients":[1,1,1,0,0,1,"poisson",0,0,1,"round_robin",[],0]}"#,
            "clients: must be a section of fields in {} (got a list)",
        ),
        (
            r#"{}"#,
            "clients: is missing: write it, or {} for the section's defaults",
        ),
        (
            r#"{"clients":{},"pool":{"limit":1e309}}"#,
            "scenario: not valid JSON: a number is too large (beyond ±1.8e308) at line 1 column 35",
        ),
        (
            r#"{"clients":{},"server":{"rate_limit_status":"429"}}"#,
            r#"server.rate_limit_status: must be 429 or 503 (got "429")"#,
        ),
        (
            r#"{"clients":{}} {"#,
            "scenario: not valid JSON: trailing characters at line 1 column 16",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(file_err(text), want, "{text}");
    }
    let stall = scenario_text("stall-at-100").expect("shipped");
    let with_bom = format!("\u{feff}{stall}");
    assert_eq!(
        Scenario::from_json(&with_bom),
        Scenario::from_json(stall),
        "a BOM is skipped"
    );
    let huge = format!("{{\"clients\":{{}},\"name\":\"{}\"}}", "x".repeat(1 << 20));
    assert_eq!(
        file_err(&huge),
        format!(
            "scenario: the file is too large: at most 1048576 bytes (got {})",
            huge.len()
        )
    );
}

#[test]
fn the_cli_reads_a_file_with_a_bom_and_refuses_duplicates() {
    let dir = std::env::temp_dir().join(format!("poolsim-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bom = dir.join("bom.json");
    let stall = scenario_text("stall-at-100").expect("shipped");
    std::fs::write(&bom, format!("\u{feff}{stall}")).expect("write");
    let dup = dir.join("dup.json");
    std::fs::write(&dup, r#"{"clients":{"count":5,"count":6}}"#).expect("write");
    let run = |p: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_poolsim"))
            .args(["run", p.to_str().expect("utf-8 path"), "--format", "csv"])
            .output()
            .expect("runs")
    };
    let ok = run(&bom);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = run(&dup);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "poolsim: clients.count: appears twice: each key may appear once in a section\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Found by the long fuzz run (set_overrides): during an outage every
/// request is refused at once, and each refusal handed its connection to the
/// next pool waiter, which was refused at once in turn: one nested call per
/// waiter, thousands deep, until the stack overflowed (wasm's is 1 MiB).
/// Run on a thread with a small stack, the run must finish.
#[test]
fn a_chain_of_immediate_refusals_does_not_exhaust_the_stack() {
    let sc = super::scenario(
        "retry-budget",
        &[
            ("clients.rate_per_s", "8172"),
            ("pool.max_idle_per_host", "363"),
            ("pool.limit", "614"),
        ],
    );
    let out = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || poolsim::run(&sc))
        .expect("thread")
        .join()
        .expect("the run finishes");
    assert!(!out.summary.truncated);
    assert_eq!(
        out.summary.completed + out.summary.failed,
        out.summary.requests
    );
    super::assert_littles_law(&out, "retry-budget, outage with a pool queue");
}

/// Found by the long fuzz run (set_overrides): a rate limiter that rejects
/// made each worker's requests fail at once, one inside another (the next
/// request was issued from inside the last one's end): one nested call per
/// job, thousands deep.
#[test]
fn a_worker_whose_requests_are_refused_at_once_does_not_exhaust_the_stack() {
    let sc = super::scenario(
        "connection-leak",
        &[
            ("pool.time_wait_s", "100"),
            ("server.latency_ms", "931"),
            ("limiter.kind", "leaky_bucket"),
            ("limiter.mode", "reject"),
        ],
    );
    let out = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || poolsim::run(&sc))
        .expect("thread")
        .join()
        .expect("the run finishes");
    let s = &out.summary;
    assert_eq!(s.requests, 20_000);
    assert!(s.outcomes.client_rejected > 10_000, "{:?}", s.outcomes);
}
