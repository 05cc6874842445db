//! The "why" panel's key numbers: makespan, throughput, latency percentiles,
//! peak in flight and connections opened, and when they say something the
//! failures, attempts and retries, goodput against served work, wasted
//! work, leaked connections and TIME_WAIT, formatted for display, and in
//! compare mode the pinned run A's value and the change from A to B, marked
//! better or worse.

use crate::report::Summary;
use serde::Serialize;

/// One key number.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    /// Stable key: the page's label lookup and element id (`kn-<key>`).
    pub key: &'static str,
    pub value: f64,
    /// `value` formatted for display ("0.501", "1996", "251.1").
    pub text: String,
    pub unit: &'static str,
    /// Run A's value, in compare mode.
    pub base_text: Option<String>,
    /// B − A, e.g. "−80%" (relative) or "+5" when A is 0.
    pub delta_text: Option<String>,
    /// Whether the change is an improvement; `None` if unchanged or neither.
    pub better: Option<bool>,
}

/// Which direction is better for a number.
#[derive(Clone, Copy, PartialEq)]
enum Good {
    Lower,
    Higher,
    Neither,
}

/// (key, unit, direction, value) of every key number of `s`.
fn numbers(s: &Summary) -> Vec<(&'static str, &'static str, Good, f64)> {
    vec![
        ("makespan", "s", Good::Lower, s.makespan_s),
        ("throughput", "req/s", Good::Higher, s.throughput_rps),
        ("p50", "ms", Good::Lower, s.latency_ms.p50),
        ("p95", "ms", Good::Lower, s.latency_ms.p95),
        ("p99", "ms", Good::Lower, s.latency_ms.p99),
        ("peak_in_flight", "", Good::Neither, s.peak_in_flight as f64),
        (
            "connections_opened",
            "",
            Good::Lower,
            s.connections_opened as f64,
        ),
        ("failed", "", Good::Lower, s.failed as f64),
        ("attempts", "", Good::Lower, s.attempts as f64),
        ("retries", "", Good::Lower, s.retries as f64),
        (
            "retries_refused",
            "",
            Good::Neither,
            s.retries_refused as f64,
        ),
        ("timeouts", "", Good::Lower, s.timeouts as f64),
        ("goodput", "req/s", Good::Higher, s.goodput_rps),
        (
            "server_throughput",
            "req/s",
            Good::Neither,
            s.server_throughput_rps,
        ),
        ("wasted_work", "s", Good::Lower, s.wasted_work_s),
        (
            "leaked_connections",
            "",
            Good::Lower,
            s.leaked_connections as f64,
        ),
        ("peak_time_wait", "", Good::Lower, s.peak_time_wait as f64),
    ]
}

/// Rows shown only when they say something about run `s` (see `relevant`).
const IF_ANY: [&str; 10] = [
    "failed",
    "attempts",
    "retries",
    "retries_refused",
    "timeouts",
    "goodput",
    "server_throughput",
    "wasted_work",
    "leaked_connections",
    "peak_time_wait",
];

/// Whether row `key` says something about `s`: counts when non-zero;
/// attempts when there were retries; goodput and served work when part of
/// the server's work was wasted (abandoned, or a conflict).
fn relevant(key: &str, s: &Summary) -> bool {
    if !IF_ANY.contains(&key) {
        return true;
    }
    let wasted = s.wasted_work_s > 0.0 || s.server_throughput_rps > s.goodput_rps * 1.001;
    match key {
        "failed" => s.failed > 0,
        "attempts" => s.retries > 0,
        "retries" => s.retries > 0,
        "retries_refused" => s.retries_refused > 0,
        "timeouts" => s.timeouts > 0,
        "goodput" | "server_throughput" => wasted,
        "wasted_work" => s.wasted_work_s > 0.0,
        "leaked_connections" => s.leaked_connections > 0,
        "peak_time_wait" => s.peak_time_wait > 0,
        _ => false,
    }
}

/// The key numbers of run `b`, compared with the pinned run `a` if any. The
/// `IF_ANY` rows are left out unless relevant to either run.
pub fn rows(b: &Summary, a: Option<&Summary>) -> Vec<Row> {
    let base = a.map(numbers);
    numbers(b)
        .into_iter()
        .enumerate()
        .filter(|(_, (key, _, _, _))| relevant(key, b) || a.is_some_and(|a| relevant(key, a)))
        .map(|(i, (key, unit, good, value))| {
            let a_value = base.as_ref().map(|x| x[i].3);
            let (unit, value, a_value) = readable(unit, value, a_value);
            Row {
                key,
                value,
                text: show(value),
                unit,
                base_text: a_value.map(show),
                delta_text: a_value.map(|a| delta(a, value)),
                better: a_value.and_then(|a| better(good, a, value)),
            }
        })
        .collect()
}

/// Latencies of 10 s and more in seconds (both runs in the same unit).
fn readable(unit: &'static str, b: f64, a: Option<f64>) -> (&'static str, f64, Option<f64>) {
    if unit == "ms" && b.max(a.unwrap_or(0.0)) >= LONG_MS {
        ("s", b / 1e3, a.map(|a| a / 1e3))
    } else {
        (unit, b, a)
    }
}

/// From this latency up, key numbers are shown in seconds.
const LONG_MS: f64 = 10_000.0;

/// A number with the precision its size deserves.
pub fn show(v: f64) -> String {
    if (v == v.trunc() && v.abs() < 1e15) || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// The change from `a` to `b`: relative when `a` is non-zero.
fn delta(a: f64, b: f64) -> String {
    if a == b {
        return "±0".into();
    }
    let sign = if b > a { "+" } else { "−" };
    if a == 0.0 {
        return format!("{sign}{}", show((b - a).abs()));
    }
    let pct = ((b - a) / a * 100.0).abs();
    let pct = if pct >= 10.0 {
        format!("{pct:.0}")
    } else {
        format!("{pct:.1}")
    };
    format!("{sign}{pct}%")
}

fn better(good: Good, a: f64, b: f64) -> Option<bool> {
    match good {
        _ if a == b => None,
        Good::Lower => Some(b < a),
        Good::Higher => Some(b > a),
        Good::Neither => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_latencies_read_in_seconds_in_both_runs() {
        assert_eq!(readable("ms", 251.0, None), ("ms", 251.0, None));
        assert_eq!(readable("ms", 12_500.0, None), ("s", 12.5, None));
        assert_eq!(
            readable("ms", 900.0, Some(20_000.0)),
            ("s", 0.9, Some(20.0))
        );
        assert_eq!(readable("req/s", 50_000.0, None), ("req/s", 50_000.0, None));
    }
    use crate::scenario::Scenario;

    fn summary(limit: &str) -> Summary {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let o = [("pool.limit".to_string(), limit.to_string())];
        crate::sim::run(&Scenario::from_json_with_overrides(text, &o).expect("valid")).summary
    }

    #[test]
    fn the_stall_shows_peak_in_flight_100_and_no_failed_row() {
        let r = rows(&summary("100"), None);
        let peak = r.iter().find(|r| r.key == "peak_in_flight").expect("row");
        assert_eq!(peak.text, "100");
        assert!(r
            .iter()
            .all(|r| !IF_ANY.contains(&r.key) && r.base_text.is_none()));
    }

    #[test]
    fn the_leak_shows_its_leaked_connections_and_retries_show_attempts() {
        let text = crate::catalog::scenario_text("connection-leak").expect("shipped");
        let leak = crate::sim::run(&Scenario::from_json(text).expect("valid")).summary;
        let r = rows(&leak, None);
        let leaked = r.iter().find(|r| r.key == "leaked_connections");
        assert_eq!(leaked.map(|r| r.text.as_str()), Some("100"));
        assert!(r.iter().all(|r| r.key != "attempts" && r.key != "goodput"));
        let mut retried = leak.clone();
        retried.retries = 5;
        retried.attempts += 5;
        assert!(rows(&leak, Some(&retried))
            .iter()
            .any(|r| r.key == "attempts"));
    }

    #[test]
    fn compare_marks_a_faster_run_better() {
        let (a, b) = (summary("100"), summary("500"));
        let r = rows(&b, Some(&a));
        let makespan = r.iter().find(|r| r.key == "makespan").expect("row");
        assert_eq!(makespan.better, Some(true));
        assert_eq!(makespan.base_text.as_deref(), Some("0.501"));
        assert!(
            makespan
                .delta_text
                .as_deref()
                .is_some_and(|d| d.starts_with('−')),
            "{makespan:?}"
        );
        let peak = r.iter().find(|r| r.key == "peak_in_flight").expect("row");
        assert_eq!(
            (peak.delta_text.as_deref(), peak.better),
            (Some("+400%"), None)
        );
    }

    #[test]
    fn numbers_and_deltas_read_well() {
        assert_eq!(show(0.501), "0.501");
        assert_eq!(show(1996.007), "1996");
        assert_eq!(show(251.13), "251");
        assert_eq!(show(50.12), "50.1");
        assert_eq!(delta(0.0, 5.0), "+5");
        assert_eq!(delta(100.0, 100.0), "±0");
        assert_eq!(delta(100.0, 95.0), "−5.0%");
    }
}
