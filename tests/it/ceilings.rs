//! The Why panel never contradicts the run: over every shipped scenario and
//! many random ones, throughput stays under every ceiling (so under the
//! binding one, which is the lowest), the server serves no more than its
//! capacity while busy, no less than the goodput over the run, and wasted
//! work fits in workers × the time the server ran.

use crate::invariants::{random_scenario, seeds};
use poolsim::report::{Stage, Why};
use poolsim::{catalog, run, Scenario, Summary};

/// Long-run rates (the knee, an adaptive limit's average) hold within this share.
const NOISE: f64 = 0.03;

fn check(sc: &Scenario, s: &Summary, what: &str) {
    let binding = &s.binding;
    assert!(binding.binding, "{what}: the binding ceiling is marked");
    assert_eq!(
        s.ceilings.iter().filter(|c| c.binding).count(),
        1,
        "{what}: exactly one binding ceiling"
    );
    if binding.stage == Stage::Leak {
        assert_eq!(s.truncated_reason, Some("stalled"), "{what}");
    } else {
        let lowest = s
            .ceilings
            .iter()
            .map(|c| c.ceiling_rps)
            .fold(f64::MAX, f64::min);
        assert_eq!(binding.ceiling_rps, lowest, "{what}: binding is the lowest");
    }
    for c in s.ceilings.iter().filter(|c| c.stage != Stage::Leak) {
        let exact = !matches!(c.why, Why::ServerKnee { .. } | Why::AdaptiveLimit { .. });
        let slack = if exact { 1e-9 } else { NOISE };
        assert!(
            s.throughput_rps <= c.ceiling_rps * (1.0 + slack),
            "{what}: throughput {} above {}",
            s.throughput_rps,
            poolsim::words::ceiling(c)
        );
    }
    let workers = sc.server.workers * sc.clients.hosts;
    if workers > 0 && sc.server.capacity_dips.is_empty() {
        let capacity_s = workers as f64 * s.server_busy_until_s;
        assert!(
            s.wasted_work_s <= capacity_s * (1.0 + 1e-9),
            "{what}: wasted {} s > {workers} workers × {} s",
            s.wasted_work_s,
            s.server_busy_until_s
        );
        let server = s
            .ceilings
            .iter()
            .find(|c| matches!(c.why, Why::ServerWorkers { .. }));
        if let Some(server) = server {
            let Why::ServerWorkers { offered_per_s, .. } = server.why else {
                unreachable!("found as a server ceiling")
            };
            assert!(
                offered_per_s <= server.ceiling_rps * (1.0 + 1e-9),
                "{what}: served {offered_per_s} while busy > capacity {}",
                poolsim::words::ceiling(server)
            );
        }
    }
    // Every success is a job the server finished by the end: "served by the
    // server" (over the makespan, as goodput is) is never below goodput, and
    // never above the attempts sent.
    assert!(
        s.goodput_rps <= s.server_throughput_rps * (1.0 + 1e-9),
        "{what}: goodput {} above served {}",
        s.goodput_rps,
        s.server_throughput_rps
    );
    let served = s.server_throughput_rps * s.makespan_s;
    assert!(
        served <= s.attempts as f64 + 1e-6,
        "{what}: served {served}"
    );
    let text = poolsim::words::ceiling(&s.binding);
    let every_other =
        text.contains("below every other ceiling") || text.contains("nothing else is tighter");
    assert_eq!(
        every_other,
        s.binding.stage == Stage::Demand,
        "{what}: {text}"
    );
    for c in s.ceilings.iter().filter(|c| !c.binding) {
        let t = poolsim::words::ceiling(c);
        assert!(
            !t.contains("every other") && !t.contains("nothing else"),
            "{what}: {t}"
        );
    }
}

#[test]
fn every_shipped_scenario_stays_under_its_ceilings() {
    for (id, text) in catalog::SCENARIOS {
        let sc = Scenario::from_json(text).unwrap();
        let s = run(&sc).summary;
        check(&sc, &s, id);
    }
}

#[test]
fn shipped_variants_stay_under_their_ceilings() {
    let variants: &[(&str, &[(&str, &str)])] = &[
        ("keepalive-vs-close", &[("pool.force_close", "true")]),
        (
            "stall-at-100",
            &[("pool.limit", "500"), ("server.workers", "200")],
        ),
        ("stall-at-100", &[("clients.cpu_us_per_request", "1000")]),
        ("adaptive-knee", &[("adaptive.kind", "none")]),
        ("metastable", &[("retry.max_attempts", "1")]),
        ("go-idle-2", &[("pool.connect_ms", "50")]),
    ];
    for (id, set) in variants {
        let sc = crate::scenario(id, set);
        check(&sc, &run(&sc).summary, &format!("{id} {set:?}"));
    }
}

#[test]
fn random_scenarios_stay_under_their_ceilings() {
    for seed in 0..seeds() {
        let sc = random_scenario(seed);
        let s = run(&sc).summary;
        check(&sc, &s, &format!("seed {seed}: {}", sc.to_json()));
    }
}

#[test]
fn the_handshake_counts_when_every_request_reconnects() {
    // 10 workers, 20 ms exponential service, 30 ms TLS connect per request.
    let s = crate::run_with("keepalive-vs-close", &[("pool.force_close", "true")]).summary;
    assert_eq!(s.binding.stage, Stage::Demand);
    let Why::ClosedLoop {
        connect_ms,
        per_request_ms,
        ..
    } = s.binding.why
    else {
        panic!("{}", poolsim::words::ceiling(&s.binding));
    };
    assert!(
        (connect_ms - 30.0).abs() < 1e-6,
        "every request dials: {connect_ms}"
    );
    assert!(
        per_request_ms > 45.0 && s.binding.ceiling_rps < 225.0,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
}

#[test]
fn the_adaptive_limit_binds_below_the_servers_knee() {
    let s = crate::run_with("adaptive-knee", &[]).summary;
    assert_eq!(
        s.binding.stage,
        Stage::Adaptive,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    let knee = s
        .ceilings
        .iter()
        .find(|c| matches!(c.why, Why::ServerKnee { .. }));
    // 41 in service ÷ 50 ms: the most the knee lets through.
    assert_eq!(knee.map(|c| c.ceiling_rps), Some(820.0));
}

#[test]
fn a_collapse_names_the_server_not_the_offered_load() {
    let s = crate::run_with("metastable", &[]).summary;
    assert_eq!(
        s.binding.stage,
        Stage::Server,
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
    assert!(
        s.server_busy_until_s > s.makespan_s,
        "abandoned work runs past the last request"
    );
    assert!(
        poolsim::words::ceiling(&s.binding).contains("abandoned"),
        "{}",
        poolsim::words::ceiling(&s.binding)
    );
}

#[test]
fn ceilings_serialize_with_a_key_and_named_params() {
    let s = crate::run_with("stall-at-100", &[]).summary;
    let v = serde_json::to_value(&s.binding).unwrap();
    assert_eq!(v["stage"], "pool");
    assert_eq!(v["key"], "pool_limit");
    assert_eq!(v["params"]["limit"], 100);
    assert_eq!(v["binding"], true);
    assert!(
        v.get("text").is_none(),
        "the core reports data, not English"
    );
    // The edge (CLI JSON, the page's views) adds the sentence.
    let edge = poolsim::words::summary_json(&s);
    assert_eq!(
        edge["binding"]["text"],
        "pool limit 100 ÷ 50.1 ms per request = 1996 req/s ceiling"
    );
    assert_eq!(
        edge["ceilings"][0]["text"],
        poolsim::words::ceiling(&s.ceilings[0])
    );
}

#[test]
fn the_binding_sentence_counts_the_failures_the_throughput_leaves_out() {
    let s = crate::run_with("retry-budget", &[]).summary;
    assert!(s.failed > 0 && s.completed > 0);
    assert_eq!(s.failed + s.completed, s.requests);
    let text = poolsim::words::binding(&s);
    let tail = format!(
        "; {} of {} requests failed (the throughput counts the {} that succeeded)",
        s.failed, s.requests, s.completed
    );
    assert!(text.ends_with(&tail), "{text}");
    assert_eq!(poolsim::words::summary_json(&s)["binding"]["text"], text);
    // With no failure the sentence is the ceiling's own.
    let ok = crate::run_with("stall-at-100", &[]).summary;
    assert_eq!(ok.failed, 0);
    assert_eq!(
        poolsim::words::binding(&ok),
        poolsim::words::ceiling(&ok.binding)
    );
}
