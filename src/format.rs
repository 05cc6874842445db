//! Text renderings of a run for the CLI: a human table, one JSON object, or CSV.

use crate::report::{RunOutput, Summary};
use crate::stats::Percentiles;
use crate::words;
use std::fmt::Write;

/// The human summary: counts, timings, percentiles, and the binding constraint last.
pub fn table(out: &RunOutput) -> String {
    let s = &out.summary;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "scenario      {}  (seed {}, engine {})",
        s.name, s.seed, s.engine_version
    );
    let _ = writeln!(
        t,
        "requests      {} issued, {} completed, {} failed",
        s.requests, s.completed, s.failed
    );
    let _ = writeln!(t, "makespan      {:.3} s", s.makespan_s);
    let _ = writeln!(t, "throughput    {:.1} req/s", s.throughput_rps);
    let _ = writeln!(
        t,
        "in flight     peak {}, mean {:.1}  (holding a connection)",
        s.peak_in_flight, s.mean_in_flight
    );
    let _ = writeln!(
        t,
        "in system     peak {}, mean {:.1}  (issued, not finished)",
        s.peak_in_system, s.mean_in_system
    );
    let _ = writeln!(
        t,
        "at server     peak {}  (queued or in service, as the server counts them)",
        s.peak_at_server
    );
    let _ = writeln!(t, "connections   {} opened", s.connections_opened);
    let _ = writeln!(
        t,
        "{:<13} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "(ms)", "mean", "p50", "p95", "p99", "max"
    );
    for (name, p) in [
        ("latency", &s.latency_ms),
        ("pool wait", &s.pool_wait_ms),
        ("connect", &s.connect_ms),
        ("server wait", &s.server_wait_ms),
        ("service", &s.service_ms),
    ] {
        let _ = writeln!(
            t,
            "{:<13} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            name, p.mean, p.p50, p.p95, p.p99, p.max
        );
    }
    if s.attempts > s.requests || s.timeouts > 0 {
        let o = &s.outcomes;
        let _ = writeln!(
            t,
            "attempts      {} ({} retries, {} refused by the retry budget, {} timed out)",
            s.attempts, s.retries, s.retries_refused, s.timeouts
        );
        let _ = writeln!(
            t,
            "outcomes      ok {}, 5xx {}, 429 {}, 503 {}, timeout {}, conflict {}, rejected {}",
            o.ok,
            o.server_error,
            o.throttled,
            o.unavailable,
            o.timeout,
            o.conflict,
            o.client_rejected
        );
        let _ = writeln!(
            t,
            "goodput       {:.1} req/s of {:.1} served; wasted server work {:.2} s",
            s.goodput_rps, s.server_throughput_rps, s.wasted_work_s
        );
        if s.server_busy_until_s > s.makespan_s * 1.001 {
            let _ = writeln!(
                t,
                "server        busy until {:.3} s on attempts abandoned before the last request ended",
                s.server_busy_until_s
            );
        }
    }
    if s.leaked_connections > 0 || s.peak_time_wait > 0 {
        let _ = writeln!(
            t,
            "lifecycle     {} leaked connections, peak {} in TIME_WAIT",
            s.leaked_connections, s.peak_time_wait
        );
    }
    if s.close_wait_connections > 0 {
        let _ = writeln!(
            t,
            "              {} leaked connections closed by the server: in CLOSE_WAIT",
            s.close_wait_connections
        );
    }
    let tw = s.time_wait_at_exit;
    if tw.client + tw.server > 0 {
        let _ = writeln!(
            t,
            "at exit       {} in TIME_WAIT on the client, {} on the server (pool closed)",
            tw.client, tw.server
        );
    }
    let _ = writeln!(t, "events        {}   digest {}", s.events, s.digest);
    if let Some(why) = s.truncated_reason {
        let _ = writeln!(t, "TRUNCATED     {}", words::truncation(why));
    }
    let _ = writeln!(t, "binding       {}", words::binding(s));
    t
}

/// One JSON object with the summary's fields.
pub fn json(out: &RunOutput) -> String {
    serde_json::to_string_pretty(&words::summary_json(&out.summary)).unwrap_or_default()
}

/// CSV: one header row and one data row of the summary's scalar fields and percentiles.
pub fn csv(out: &RunOutput) -> String {
    let s: &Summary = &out.summary;
    let mut head = vec![
        "name",
        "seed",
        "requests",
        "completed",
        "failed",
        "makespan_s",
        "throughput_rps",
        "peak_in_flight",
        "mean_in_flight",
        "connections_opened",
        "events",
        "digest",
        "truncated",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    let mut row = vec![
        s.name.replace(',', " "),
        s.seed.to_string(),
        s.requests.to_string(),
        s.completed.to_string(),
        s.failed.to_string(),
        s.makespan_s.to_string(),
        s.throughput_rps.to_string(),
        s.peak_in_flight.to_string(),
        s.mean_in_flight.to_string(),
        s.connections_opened.to_string(),
        s.events.to_string(),
        s.digest.clone(),
        s.truncated.to_string(),
    ];
    for (name, p) in [
        ("latency_ms", &s.latency_ms),
        ("pool_wait_ms", &s.pool_wait_ms),
        ("server_wait_ms", &s.server_wait_ms),
    ] {
        push_percentiles(&mut head, &mut row, name, p);
    }
    format!("{}\n{}\n", head.join(","), row.join(","))
}

fn push_percentiles(head: &mut Vec<String>, row: &mut Vec<String>, name: &str, p: &Percentiles) {
    for (k, v) in [
        ("mean", p.mean),
        ("p50", p.p50),
        ("p95", p.p95),
        ("p99", p.p99),
        ("max", p.max),
    ] {
        head.push(format!("{name}_{k}"));
        row.push(v.to_string());
    }
}

/// The time series as CSV: one row per bin, one column per gauge mean and counter rate.
pub fn series_csv(out: &RunOutput) -> String {
    let se = &out.series;
    let mut t = String::from("t_ms");
    for g in &se.gauges {
        let _ = write!(t, ",{}", g.name);
    }
    for c in &se.counters {
        let _ = write!(t, ",{}_per_s", c.name);
    }
    t.push('\n');
    for b in 0..se.bins {
        let _ = write!(t, "{}", b as f64 * se.bin_ms);
        for g in &se.gauges {
            let _ = write!(t, ",{}", g.mean[b]);
        }
        for c in &se.counters {
            let _ = write!(t, ",{}", c.per_s[b]);
        }
        t.push('\n');
    }
    t
}
