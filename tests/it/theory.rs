//! Against queueing theory: M/M/c mean queue wait (Erlang C) and M/M/1, with
//! 95% confidence intervals from batch means; Little's law on every shipped scenario.

use crate::{assert_littles_law, run_with};
use poolsim::catalog::SCENARIOS;

/// Erlang C: probability that an arrival waits, for c servers at offered load a = λ/μ.
fn erlang_c(c: u32, a: f64) -> f64 {
    // Erlang B by the stable recurrence, then C = B / (1 − ρ(1 − B)).
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    let rho = a / c as f64;
    b / (1.0 - rho * (1.0 - b))
}

/// Mean queue wait of M/M/c, in milliseconds.
fn mmc_wait_ms(c: u32, lambda_per_s: f64, mean_service_ms: f64) -> f64 {
    let mu = 1e3 / mean_service_ms;
    erlang_c(c, lambda_per_s / mu) / (c as f64 * mu - lambda_per_s) * 1e3
}

/// 97.5% quantile of Student's t with 18 degrees of freedom (19 batches).
const T_975_DF18: f64 = 2.100_922;

/// (mean, half-width) of the 95% CI over batch means, dropping the first (warm-up) batch.
fn batch_ci(batches: &[f64]) -> (f64, f64) {
    let b = &batches[1..];
    let n = b.len() as f64;
    assert_eq!(b.len(), 19, "expected 20 batches");
    let m = b.iter().sum::<f64>() / n;
    let var = b.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    (m, T_975_DF18 * (var / n).sqrt())
}

fn check_wait(id: &str, overrides: &[(&str, &str)], c: u32, lambda: f64, service_ms: f64) {
    let out = run_with(id, overrides);
    let truth = mmc_wait_ms(c, lambda, service_ms);
    let (m, h) = batch_ci(&out.server_wait_batches);
    eprintln!("{id} {overrides:?}: queue wait {m:.4} ± {h:.4} ms (95% CI), theory {truth:.4} ms");
    assert!(
        (m - truth).abs() <= h,
        "{id} {overrides:?}: CI {m:.4} ± {h:.4} ms misses Erlang C {truth:.4} ms"
    );
    assert!(h < 0.2 * truth, "CI too wide to mean anything: ± {h}");
    assert_littles_law(&out, id);
}

#[test]
fn erlang_c_reference_values() {
    // Textbook check: c = 2, a = 1 → C = 1/3.
    assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
    // M/M/1: C = ρ.
    assert!((erlang_c(1, 0.9) - 0.9).abs() < 1e-12);
}

#[test]
fn mmc_queue_wait_matches_erlang_c() {
    check_wait("mmc", &[], 100, 1800.0, 50.0);
}

#[test]
fn mm1_at_half_load_matches_theory() {
    check_wait(
        "mmc",
        &[
            ("clients.rate_per_s", "10"),
            ("server.workers", "1"),
            ("clients.requests", "400000"),
            ("run.horizon_s", "100000"),
        ],
        1,
        10.0,
        50.0,
    );
}

#[test]
fn mm1_at_ninety_percent_load_matches_theory() {
    check_wait(
        "mmc",
        &[
            ("clients.rate_per_s", "18"),
            ("server.workers", "1"),
            ("clients.requests", "1000000"),
            ("run.horizon_s", "100000"),
        ],
        1,
        18.0,
        50.0,
    );
}

#[test]
fn littles_law_holds_on_every_shipped_scenario() {
    for (id, _) in SCENARIOS {
        let out = if *id == "mmc" {
            run_with(id, &[("clients.requests", "50000")])
        } else {
            run_with(id, &[])
        };
        if !out.summary.truncated {
            assert_littles_law(&out, id);
        }
    }
}
