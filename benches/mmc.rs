//! Native speed benchmark (not a test): runs `scenarios/mmc.json` (1M requests,
//! about 2M events) and reports events per second and peak memory, then runs
//! it at 10× fewer requests to show that memory does not grow with requests.
//!
//! Run: `cargo bench --bench mmc` (release profile).

use poolsim::{catalog, run, Scenario};
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

fn bench(requests: u64, repeats: u32) {
    let text = catalog::scenario_text("mmc").expect("mmc ships");
    let sc = Scenario::from_json_with_overrides(
        text,
        &[("clients.requests".into(), requests.to_string())],
    )
    .expect("valid");
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..repeats {
        let t0 = Instant::now();
        let out = run(&sc);
        best = best.min(t0.elapsed().as_secs_f64());
        events = out.summary.events;
    }
    println!(
        "mmc requests={requests:>8} events={events:>8} best of {repeats}: {:.3} s  {:.1} M events/s  peak RSS so far {} KiB",
        best,
        events as f64 / best / 1e6,
        peak_rss_kib()
    );
}

fn main() {
    println!("baseline peak RSS {} KiB", peak_rss_kib());
    bench(100_000, 5);
    bench(1_000_000, 5);
}
