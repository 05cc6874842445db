//! Text renderings of a sweep for the CLI: a table (one row per point, the
//! knee marked), JSON (`points: [{"set": {KEY: V}, "summary": {...}}]` with
//! the same summary fields as `poolsim run --format json`), or CSV.

use super::{error_rate, Point, SweepOutput};
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// A `--set` value as JSON: a number when it reads as one, else a string.
fn typed(v: &str) -> Value {
    if let Ok(i) = v.parse::<i64>() {
        return Value::from(i);
    }
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() => Value::from(f),
        _ => Value::from(v),
    }
}

fn set_object(p: &Point) -> Value {
    let mut m = Map::new();
    for (k, v) in &p.set {
        m.insert(k.clone(), typed(v));
    }
    Value::Object(m)
}

/// The sweep as one JSON object.
pub fn json(out: &SweepOutput) -> String {
    let points: Vec<Value> = out
        .points
        .iter()
        .map(|p| {
            json!({
                "set": set_object(p),
                "summary": crate::words::summary_json(&p.summary),
                "seeds": p.seeds,
                "throughput_rps": p.throughput_rps,
                "latency_mean_ms": p.latency_mean_ms,
                "latency_p99_ms": p.latency_p99_ms,
                "error_rate": p.error_rate,
                "attempts": p.attempts,
                "makespan_s": p.makespan_s,
            })
        })
        .collect();
    let v = json!({
        "scenario": out.scenario,
        "keys": out.keys,
        "knee": out.knee.map(|i| set_object(&out.points[i])),
        "points": points,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

const COLUMNS: [&str; 9] = [
    "throughput_rps",
    "latency_mean_ms",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "error_rate",
    "peak_in_flight",
    "connections",
    "binding",
];

fn cells(p: &Point) -> [String; 9] {
    let s = &p.summary;
    [
        format!("{:.1}", p.throughput_rps.mean),
        format!("{:.2}", p.latency_mean_ms.mean),
        format!("{:.2}", s.latency_ms.p50),
        format!("{:.2}", s.latency_ms.p95),
        format!("{:.2}", p.latency_p99_ms.mean),
        format!("{:.4}", error_rate(s)),
        s.peak_in_flight.to_string(),
        s.connections_opened.to_string(),
        s.binding.stage.key().to_string(),
    ]
}

/// CSV: the varied keys, then the headline columns; with several seeds, the
/// 95% half-widths of throughput and p99 as two more columns.
pub fn csv(out: &SweepOutput) -> String {
    let many = out.points.first().is_some_and(|p| p.seeds.len() > 1);
    let mut head: Vec<String> = out.keys.clone();
    head.extend(COLUMNS.iter().map(|c| c.to_string()));
    if many {
        head.push("throughput_rps_ci95".into());
        head.push("p99_ms_ci95".into());
    }
    let mut t = head.join(",") + "\n";
    for p in &out.points {
        let mut row: Vec<String> = p.set.iter().map(|(_, v)| v.replace(',', " ")).collect();
        row.extend(cells(p));
        if many {
            row.push(format!("{:.1}", p.throughput_rps.half_width_95));
            row.push(format!("{:.2}", p.latency_p99_ms.half_width_95));
        }
        t += &(row.join(",") + "\n");
    }
    t
}

/// The human table: one row per point; `±` half-widths with several seeds;
/// the knee (where throughput stops growing) said last.
pub fn table(out: &SweepOutput) -> String {
    let many = out.points.first().is_some_and(|p| p.seeds.len() > 1);
    let mut t = String::new();
    let seeds = out.points.first().map_or(0, |p| p.seeds.len());
    let _ = writeln!(
        t,
        "sweep         {}  ({seeds} seed(s) per point)",
        out.scenario
    );
    let mut head: Vec<String> = out.keys.clone();
    head.extend(
        [
            "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "errors", "peak", "conns", "binding",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let mut rows = vec![head];
    for p in &out.points {
        let mut row: Vec<String> = p.set.iter().map(|(_, v)| v.clone()).collect();
        let mut c = cells(p);
        if many {
            c[0] = format!("{}±{:.1}", c[0], p.throughput_rps.half_width_95);
            c[4] = format!("{}±{:.2}", c[4], p.latency_p99_ms.half_width_95);
        }
        c[5] = format!("{:.1}%", error_rate(&p.summary) * 100.0);
        row.extend(c);
        rows.push(row);
    }
    t += &align(&rows);
    match out.knee {
        Some(i) => {
            let p = &out.points[i];
            let at: Vec<String> = p.set.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let _ = writeln!(
                t,
                "knee          throughput stops growing at {} ({:.1} req/s; binding: {})",
                at.join(" "),
                p.throughput_rps.mean,
                crate::words::ceiling(&p.summary.binding)
            );
        }
        None if out.keys.len() == 1 => {
            let _ = writeln!(
                t,
                "knee          none: throughput still grows at the last point"
            );
        }
        None => {}
    }
    t
}

/// Right-aligns every column to its widest cell.
fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut t = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s:>w$}", w = width[c]))
            .collect();
        t += line.join("  ").trim_end();
        t.push('\n');
    }
    t
}
