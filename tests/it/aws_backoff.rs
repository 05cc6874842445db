//! The AWS "Exponential Backoff And Jitter" experiment (`backoff-jitter`):
//! exact small cases of the network hops and the backoff sequence, then the
//! ordering of work and time over 100 seeds as the post reports it
//! (docs/aws-backoff.md has the table).

use crate::run_with;
use poolsim::report::Summary;
use poolsim::sweep::{parse_vary, sweep, Spacing, SweepSpec};

/// The scenario with overrides; the summary of its run.
fn aws(overrides: &[(&str, &str)]) -> Summary {
    run_with("backoff-jitter", overrides).summary
}

fn makespan_ns(s: &Summary) -> u64 {
    (s.makespan_s * 1e9).round() as u64
}

const MS: u64 = 1_000_000;
/// The scenario's server work per attempt (its service time must be positive).
const SERVICE_NS: u64 = 1_000;

#[test]
fn one_client_takes_four_hops_and_nothing_else() {
    // Request, read reply, write request, write reply: 4 × 10 ms, + 1 µs of server work.
    let s = aws(&[("clients.count", "1"), ("server.network_spread_ms", "0")]);
    assert_eq!((s.completed, s.attempts), (1, 1));
    assert_eq!(makespan_ns(&s), 4 * 10 * MS + SERVICE_NS);
    // The hops count in the service phase.
    assert_eq!(
        (s.latency_ms.max * 1e6).round() as u64,
        4 * 10 * MS + SERVICE_NS
    );
    // Without the read-to-write window: request and response only.
    let s = aws(&[
        ("clients.count", "1"),
        ("server.network_spread_ms", "0"),
        ("server.read_write_hops", "0"),
    ]);
    assert_eq!(makespan_ns(&s), 2 * 10 * MS + SERVICE_NS);
    // With no network at all: the server's work alone.
    let s = aws(&[
        ("clients.count", "1"),
        ("server.network_ms", "0"),
        ("server.network_spread_ms", "0"),
    ]);
    assert_eq!(makespan_ns(&s), SERVICE_NS);
}

#[test]
fn hops_are_folded_normal_draws_of_their_own() {
    // One client, no window: time = 2 hops + 1 µs, each hop |N(10, 2)|, so
    // over 2000 seeds the mean is 20.001 ms (± 0.2 ms, 3 standard errors)
    // and the spread √2 · 2 ms.
    let seeds = 2000;
    let times_ms: Vec<f64> = (1..=seeds)
        .map(|seed| {
            let s = aws(&[
                ("clients.count", "1"),
                ("server.read_write_hops", "0"),
                ("seed", &seed.to_string()),
            ]);
            s.makespan_s * 1e3
        })
        .collect();
    let mean = times_ms.iter().sum::<f64>() / seeds as f64;
    let var = times_ms
        .iter()
        .map(|t| (t - mean) * (t - mean))
        .sum::<f64>()
        / (seeds - 1) as f64;
    assert!((mean - 20.001).abs() < 0.2, "mean {mean} ms");
    assert!(
        (var.sqrt() / 8f64.sqrt() - 1.0).abs() < 0.06,
        "sd {} ms",
        var.sqrt()
    );
}

/// `n` clients in lockstep (no spread, no jitter): in round r (from 0) all
/// that are left read the same version and exactly one commits, so the
/// last one commits in round n − 1 after n·(4 hops + service) and the
/// backoffs before rounds 1..n−1.
fn lockstep_ns(n: u64, backoff_ms: impl Fn(u64) -> u64) -> u64 {
    n * (4 * 10 * MS + SERVICE_NS) + (1..n).map(|r| backoff_ms(r) * MS).sum::<u64>()
}

#[test]
fn lockstep_clients_follow_the_backoff_sequence_exactly() {
    let lockstep = |n: &str, first_exponent: &str| {
        aws(&[
            ("clients.count", n),
            ("server.network_spread_ms", "0"),
            ("retry.jitter", "none"),
            ("retry.first_exponent", first_exponent),
        ])
    };
    // The post's sequence: min(2000, 5 · 2^r) from r = 1: 10, 20, …, 1280, then the cap.
    let s = lockstep("10", "1");
    assert_eq!(
        (s.completed, s.attempts),
        (10, 55),
        "1 + 2 + … + 10 attempts"
    );
    assert_eq!(makespan_ns(&s), lockstep_ns(10, |r| (5 << r).min(2000)));
    assert_eq!(makespan_ns(&s), 400 * MS + 10 * SERVICE_NS + 4550 * MS);
    // The default exponent starts at the base: 5, 10, …, 1280.
    let s = lockstep("10", "0");
    assert_eq!(
        makespan_ns(&s),
        lockstep_ns(10, |r| (5 << (r - 1)).min(2000))
    );
    // No backoff: the rounds follow one another.
    let s = aws(&[
        ("clients.count", "10"),
        ("server.network_spread_ms", "0"),
        ("retry.backoff", "none"),
    ]);
    assert_eq!((s.attempts, makespan_ns(&s)), (55, lockstep_ns(10, |_| 0)));
}

#[test]
fn a_timeout_on_the_wire_abandons_the_attempt() {
    let one = |attempt_ms: &str| {
        aws(&[
            ("clients.count", "1"),
            ("server.network_spread_ms", "0"),
            ("retry.max_attempts", "1"),
            ("timeouts.attempt_ms", attempt_ms),
        ])
    };
    // On the way to the server: it never sees the request.
    let s = one("5");
    assert_eq!((s.completed, s.failed, s.timeouts), (0, 1, 1));
    assert_eq!((makespan_ns(&s), s.peak_at_server), (5 * MS, 0));
    // On the way back: the write committed, the client gave up before the reply.
    let s = one("35");
    assert_eq!((s.completed, s.failed, s.timeouts), (0, 1, 1));
    assert_eq!((makespan_ns(&s), s.peak_at_server), (35 * MS, 1));
}

/// Mean attempts and mean time (ms) over seeds 1..=`seeds` for one strategy.
fn mean_work_and_time(sets: &[(&str, &str)], seeds: u64) -> (f64, f64) {
    let (mut work, mut time_ms) = (0.0, 0.0);
    for seed in 1..=seeds {
        let seed = seed.to_string();
        let mut o = vec![("seed", seed.as_str())];
        o.extend_from_slice(sets);
        let s = aws(&o);
        assert_eq!((s.completed, s.failed), (50, 0), "{sets:?} seed {seed}");
        work += s.attempts as f64;
        time_ms += s.makespan_s * 1e3;
    }
    (work / seeds as f64, time_ms / seeds as f64)
}

#[test]
fn the_five_strategies_order_as_the_post_reports() {
    let seeds = 100;
    let none = mean_work_and_time(&[("retry.backoff", "none")], seeds);
    let expo = mean_work_and_time(&[("retry.jitter", "none")], seeds);
    let full = mean_work_and_time(&[("retry.jitter", "full")], seeds);
    let equal = mean_work_and_time(&[("retry.jitter", "equal")], seeds);
    let decorr = mean_work_and_time(&[("retry.jitter", "decorrelated")], seeds);
    let all =
        format!("none {none:?} expo {expo:?} full {full:?} equal {equal:?} decorr {decorr:?}");
    // Work: every jittered strategy does far less than both without jitter.
    for (w, _) in [full, equal, decorr] {
        assert!(1.5 * w < none.0.min(expo.0), "{all}");
    }
    // Full and equal about the same, equal slightly more; decorrelated more.
    assert!(full.0 < equal.0 && equal.0 < 1.1 * full.0, "{all}");
    assert!(equal.0 < decorr.0, "{all}");
    // Time: exponential without jitter by far the longest; equal much longer
    // than full; full slightly longer than decorrelated.
    for (_, t) in [none, full, equal, decorr] {
        assert!(expo.1 > 5.0 * t, "{all}");
    }
    assert!(equal.1 > 1.3 * full.1, "{all}");
    assert!(decorr.1 < full.1, "{all}");
}

#[test]
fn the_sweep_reports_mean_work_and_time_over_its_seeds() {
    let text = poolsim::catalog::scenario_text("backoff-jitter").expect("shipped");
    let spec = SweepSpec {
        vary: vec![parse_vary("retry.jitter=full,equal", 2, Spacing::Linear).unwrap()],
        seeds: 4,
    };
    let out = sweep(text, &[], &spec, |_, _| {}).unwrap();
    for (p, jitter) in out.points.iter().zip(["full", "equal"]) {
        let runs: Vec<Summary> = (1..=4)
            .map(|seed| aws(&[("retry.jitter", jitter), ("seed", &seed.to_string())]))
            .collect();
        let work = runs.iter().map(|s| s.attempts as f64).sum::<f64>() / 4.0;
        let time_s = runs.iter().map(|s| s.makespan_s).sum::<f64>() / 4.0;
        assert_eq!(p.attempts.mean, work, "{jitter}");
        assert!((p.makespan_s.mean - time_s).abs() < 1e-12, "{jitter}");
        assert!(p.attempts.half_width_95 > 0.0 && p.makespan_s.half_width_95 > 0.0);
    }
}
