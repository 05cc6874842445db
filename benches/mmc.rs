//! Native speed and scaling benchmark (not a test): runs `scenarios/mmc.json`
//! (an M/M/100 queue at 90% load) at 100k, 1M and 10M requests, each size in
//! a fresh child process so that its peak RSS is its own, and prints events
//! per second, nanoseconds per request and peak RSS. Time should grow
//! linearly with requests and peak RSS stay flat. The 1M size also runs
//! without the time series (what the CLI's table does).
//!
//! Run: `cargo bench --bench mmc` (release profile). `POOLSIM_BENCH_SIZES`
//! (comma-separated request counts) and `POOLSIM_BENCH_REPEATS` override.

use poolsim::{catalog, run, run_summary, Scenario};
use std::process::Command;
use std::time::Instant;

/// Peak resident memory of this process so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// `mmc` with `requests` requests and a horizon long enough for all of them
/// (1800 arrivals per second: 10M requests take 5,556 s of virtual time).
fn scenario(requests: u64) -> Scenario {
    let text = catalog::scenario_text("mmc").expect("mmc ships");
    let horizon_s = (requests / 1000).max(3600);
    let overrides = [
        ("clients.requests".to_string(), requests.to_string()),
        ("run.horizon_s".to_string(), horizon_s.to_string()),
    ];
    Scenario::from_json_with_overrides(text, &overrides).expect("valid")
}

/// Child: best of `repeats` runs of one size; prints "events seconds rss_kib".
fn child(requests: u64, repeats: u32, series: bool) {
    let sc = scenario(requests);
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..repeats {
        let t0 = Instant::now();
        let out = if series { run(&sc) } else { run_summary(&sc) };
        best = best.min(t0.elapsed().as_secs_f64());
        assert!(
            !out.summary.truncated,
            "the benchmark run must not be truncated"
        );
        events = out.summary.events;
    }
    println!("{events} {best} {}", peak_rss_kib());
}

fn measure(requests: u64, repeats: u32, series: bool) -> (u64, f64, u64) {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .args(["--child", &requests.to_string(), &repeats.to_string()])
        .arg(if series { "series" } else { "summary" })
        .output()
        .expect("child runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let f: Vec<&str> = text.split_whitespace().collect();
    (
        f[0].parse().unwrap(),
        f[1].parse().unwrap(),
        f[2].parse().unwrap(),
    )
}

fn report(requests: u64, repeats: u32, series: bool, base_rss: Option<u64>) -> u64 {
    let (events, s, rss) = measure(requests, repeats, series);
    let vs = base_rss.map_or(String::new(), |b| {
        format!(
            "  ({:+.1}% vs first)",
            (rss as f64 / b as f64 - 1.0) * 100.0
        )
    });
    println!(
        "mmc {:<7} requests={requests:>9} events={events:>9} best of {repeats}: {s:>7.3} s  \
         {:>5.1} M events/s  {:>6.0} ns/request  peak RSS {rss} KiB{vs}",
        if series { "series" } else { "summary" },
        events as f64 / s / 1e6,
        s * 1e9 / requests as f64,
    );
    rss
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        let n = args[2].parse().expect("requests");
        let r = args[3].parse().expect("repeats");
        return child(n, r, args[4] == "series");
    }
    let sizes: Vec<u64> = std::env::var("POOLSIM_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000,10000000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("request count"))
        .collect();
    let repeats = std::env::var("POOLSIM_BENCH_REPEATS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut first = None;
    for &n in &sizes {
        let rss = report(n, if n > 1_000_000 { 1 } else { repeats }, true, first);
        first.get_or_insert(rss);
    }
    report(1_000_000, repeats, false, None);
}
