//! Every chart drawn to SVG natively: the expected elements are there, compare
//! mode draws both runs, and no chart panics on empty or truncated data.

use super::*;
use crate::catalog::scenario_text;
use crate::sim::run;

fn scenario(id: &str, overrides: &[(&str, &str)]) -> Scenario {
    let text = scenario_text(id).expect("shipped scenario");
    let o: Vec<(String, String)> = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Scenario::from_json_with_overrides(text, &o).expect("valid scenario")
}

fn svg(
    kind: ChartKind,
    out: &RunOutput,
    sc: &Scenario,
    baseline: Option<Shown>,
    style: Style,
) -> String {
    let frame = Frame {
        run: Shown {
            out,
            scenario: sc,
            timeline: None,
        },
        baseline,
        style,
    };
    to_svg(kind, &frame, 640, 360).unwrap_or_else(|e| panic!("{}: {e}", kind.id()))
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn ids_round_trip() {
    for k in ChartKind::ALL {
        assert_eq!(ChartKind::from_id(k.id()), Some(k));
    }
    assert_eq!(ChartKind::from_id("pie"), None);
}

#[test]
fn stall_charts_show_the_limit_the_percentiles_and_the_bars() {
    let sc = scenario("stall-at-100", &[]);
    let out = run(&sc);
    let style = Style::default();
    let inflight = svg(ChartKind::InFlight, &out, &sc, None, style);
    assert!(inflight.contains("pool limit = 100"), "limit line label");
    assert!(inflight.contains("time (ms)"), "time axis title with unit");
    assert!(count(&inflight, "<polyline") >= 2, "series and limit line");
    let latency = svg(ChartKind::Latency, &out, &sc, None, style);
    assert!(latency.contains("n = 1000"), "sample count");
    assert!(
        latency.contains("p99") && latency.contains("p50 251 ms"),
        "percentile marks"
    );
    let waterfall = svg(ChartKind::Waterfall, &out, &sc, None, style);
    assert!(
        count(&waterfall, "<rect") >= 60,
        "60 bars of at least one phase"
    );
    assert!(
        waterfall.contains("pool wait") && waterfall.contains("service"),
        "phase legend"
    );
    let waiting = svg(ChartKind::Waiting, &out, &sc, None, style);
    assert!(
        waiting.contains("pool") && count(&waiting, "<polygon") >= 1,
        "pool waiters area"
    );
    let phases = svg(ChartKind::Phases, &out, &sc, None, style);
    assert!(
        phases.contains("p99") && phases.contains("mean"),
        "bar labels"
    );
}

#[test]
fn compare_mode_draws_a_and_b() {
    let a_sc = scenario("stall-at-100", &[]);
    let b_sc = scenario("stall-at-100", &[("pool.limit", "500")]);
    let (a, b) = (run(&a_sc), run(&b_sc));
    let base = Some(Shown {
        out: &a,
        scenario: &a_sc,
        timeline: None,
    });
    for kind in ChartKind::ALL {
        let s = svg(kind, &b, &b_sc, base, Style::default());
        // The timeline charts (attempts, limit) show run B only.
        if !matches!(
            kind,
            ChartKind::Waterfall | ChartKind::Attempts | ChartKind::Limit
        ) {
            assert!(
                s.contains("A (pinned)") || s.contains("A p50"),
                "{} shows run A",
                kind.id()
            );
        }
    }
}

#[test]
fn dark_theme_scale_and_chinese_change_the_drawing() {
    let sc = scenario("stall-at-100", &[]);
    let out = run(&sc);
    let light = svg(ChartKind::InFlight, &out, &sc, None, Style::default());
    let dark = svg(
        ChartKind::InFlight,
        &out,
        &sc,
        None,
        Style {
            dark: true,
            scale: 2.0,
            lang: Lang::Zh,
        },
    );
    assert!(light.contains("#FFFFFF"), "light background");
    assert!(dark.contains("#1C2128"), "dark background");
    assert!(dark.contains("连接池上限"), "Chinese legend");
}

#[test]
fn no_chart_panics_on_a_truncated_run() {
    let sc = scenario("stall-at-100", &[("run.max_events", "1")]);
    let out = run(&sc);
    assert!(out.summary.truncated);
    for kind in ChartKind::ALL {
        svg(kind, &out, &sc, None, Style::default());
    }
}

#[test]
fn no_chart_panics_on_empty_data() {
    let sc = scenario("stall-at-100", &[]);
    let mut out = run(&sc);
    out.series.gauges.clear();
    out.series.counters.clear();
    out.series.bins = 0;
    out.latency_cdf.clear();
    out.waterfall.clear();
    out.phases.clear();
    out.summary.makespan_s = 0.0;
    for kind in ChartKind::ALL {
        let s = svg(
            kind,
            &out,
            &sc,
            Some(Shown {
                out: &out,
                scenario: &sc,
                timeline: None,
            }),
            Style::default(),
        );
        assert!(s.contains("<svg"), "{}", kind.id());
    }
}

#[test]
fn per_host_cap_is_drawn_when_tighter_than_the_pool_limit() {
    let sc = scenario(
        "stall-at-100",
        &[("clients.hosts", "4"), ("pool.limit_per_host", "10")],
    );
    let out = run(&sc);
    let s = svg(ChartKind::InFlight, &out, &sc, None, Style::default());
    assert!(
        s.contains("limit_per_host × hosts = 40"),
        "per-host cap line"
    );
}

/// A run with its timeline, as the page keeps it.
fn traced(id: &str, overrides: &[(&str, &str)]) -> (Scenario, RunOutput, crate::sim::Timeline) {
    let sc = scenario(id, overrides);
    let mut sim = crate::sim::Sim::with_trace(&sc, 0);
    while !sim.step_many(u64::MAX) {}
    let tl = sim.trace().expect("traced").timeline().clone();
    let out = sim.output(&sc);
    (sc, out, tl)
}

#[test]
fn retries_are_drawn_by_try_number_and_the_adaptive_limit_over_time() {
    let (sc, out, tl) = traced("retry-storm", &[]);
    let frame = Frame {
        run: Shown {
            out: &out,
            scenario: &sc,
            timeline: Some(&tl),
        },
        baseline: None,
        style: Style::default(),
    };
    let attempts = to_svg(ChartKind::Attempts, &frame, 640, 360).expect("draws");
    for label in ["1st try", "2nd try", "3rd try", "4th try or later"] {
        assert!(attempts.contains(label), "{label} in the legend");
    }
    let (sc, out, tl) = traced("adaptive-knee", &[]);
    let frame = Frame {
        run: Shown {
            out: &out,
            scenario: &sc,
            timeline: Some(&tl),
        },
        baseline: None,
        style: Style::default(),
    };
    let limit = to_svg(ChartKind::Limit, &frame, 640, 360).expect("draws");
    assert!(limit.contains("adaptive limit"));
    let none = svg(
        ChartKind::Limit,
        &out,
        &scenario("stall-at-100", &[]),
        None,
        Style::default(),
    );
    assert!(none.contains("no adaptive limit"));
    let untraced = svg(ChartKind::Attempts, &out, &sc, None, Style::default());
    assert!(untraced.contains("no data"));
}
