//! Each time chart's data as a table, for screen readers and for anyone who
//! wants the numbers: the chart's columns of the run's time series, one row
//! per bin of the run, with the same values (and the same text) as the
//! series CSV download (`format::series_csv`), plus each column's peak and
//! mean for a one-line summary. A rate's peak is the peak of the smoothed
//! line the chart draws (`chart::smoothed_rate`), not of one raw bin: a
//! closed loop's waves put a whole wave's completions into one bin, and a
//! summary saying "peak 12,000/s" under a chart flat at 2,000/s contradicts it.
//! A gauge's peak is the highest level it reached (the series' per-bin
//! peaks, which the in-flight chart draws): the Why panel's "peak in flight"
//! is that number, and a bin's mean would hide a burst shorter than the bin.
//! Charts that are not over time (latency,
//! phases, waterfall) get their summary numbers instead.

use crate::report::RunOutput;
use crate::sim::Timeline;
use serde::Serialize;

/// A chart's table: column names (CSV header names), rows of text, and a summary per column.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub stats: Vec<ColumnStats>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ColumnStats {
    pub column: String,
    pub peak: f64,
    pub mean: f64,
}

/// The series a time chart draws (gauges by name; counters as `<name>_per_s`).
fn columns(chart: &str) -> Option<&'static [&'static str]> {
    Some(match chart {
        "inflight" => &["in_flight"],
        "waiting" => &[
            "limiter_waiters",
            "semaphore_waiters",
            "pool_waiters",
            "server_queue",
            "retry_backoff",
        ],
        "throughput" => &["completed_per_s", "failed_per_s"],
        "connections" => &[
            "conn_in_use",
            "conn_idle",
            "conn_connecting",
            "conn_time_wait",
        ],
        _ => return None,
    })
}

/// Column `name`'s values per bin, if the run has it.
fn values<'a>(out: &'a RunOutput, name: &str) -> Option<&'a [f32]> {
    match name.strip_suffix("_per_s") {
        Some(counter) => out.series.counter(counter).map(|c| c.per_s.as_slice()),
        None => out.series.gauge(name).map(|g| g.mean.as_slice()),
    }
}

/// The table of chart `chart` for run `out` and its timeline (None for an
/// unknown chart, or a timeline chart of a run without one).
pub fn table(out: &RunOutput, timeline: Option<&Timeline>, chart: &str) -> Option<Table> {
    match (columns(chart), chart) {
        (Some(cols), _) => Some(series_table(out, cols)),
        (None, "attempts" | "limit") => timeline.map(|tl| timeline_table(out, tl, chart)),
        (None, _) => summary_table(out, chart),
    }
}

/// Attempts per second by try number, or the adaptive limit, per timeline bin of the run.
fn timeline_table(out: &RunOutput, tl: &Timeline, chart: &str) -> Table {
    let bins = tl.bins_until((out.summary.makespan_s * 1e9) as u64);
    let bin_ms = tl.bin_ns as f64 / 1e6;
    let span_ms = out.summary.makespan_s * 1e3;
    let per_s = 1e3 / bin_ms;
    let columns: Vec<String> = if chart == "attempts" {
        [
            "t_ms",
            "try_1_per_s",
            "try_2_per_s",
            "try_3_per_s",
            "try_4_per_s",
        ]
    } else {
        ["t_ms", "adaptive_limit", "", "", ""]
    }
    .iter()
    .filter(|c| !c.is_empty())
    .map(|c| c.to_string())
    .collect();
    let mut level = 0;
    let rows: Vec<Vec<f64>> = (0..bins)
        .map(|b| {
            let t = b as f64 * bin_ms;
            if chart == "attempts" {
                let mut r = vec![t];
                r.extend(tl.attempts[b].iter().map(|n| *n as f64 * per_s));
                r
            } else {
                if tl.limit[b] > 0 {
                    level = tl.limit[b];
                }
                vec![t, level as f64]
            }
        })
        .collect();
    // The limit's peak is the highest value set in any bin, not the highest
    // bin's last value (the chart draws the spikes; the Why panel's range
    // has them), and its mean the run's time-average (the Why panel's), not
    // the mean of the bins' last values.
    let floor = match chart {
        "limit" => tl.limit_high[..bins].iter().max().copied().unwrap_or(0) as f64,
        _ => 0.0,
    };
    let stats = (1..columns.len())
        .map(|c| ColumnStats {
            column: columns[c].clone(),
            peak: rows.iter().fold(floor, |m, r| m.max(r[c])),
            mean: match chart {
                "limit" => out.summary.adaptive_limit_mean,
                _ => rate_mean(rows.iter().map(|r| r[c]).sum(), bin_ms, span_ms),
            },
        })
        .collect();
    Table {
        rows: rows
            .iter()
            .map(|r| r.iter().map(|v| format!("{v}")).collect())
            .collect(),
        columns,
        stats,
    }
}

fn series_table(out: &RunOutput, cols: &[&str]) -> Table {
    let se = &out.series;
    let span_ms = out.summary.makespan_s * 1e3;
    let used: Vec<(&str, &[f32])> = cols
        .iter()
        .filter_map(|c| values(out, c).map(|v| (*c, v)))
        .collect();
    // The bins of the run: up to the end of the makespan (all bins if it is 0).
    let bins = if span_ms > 0.0 && se.bin_ms > 0.0 {
        ((span_ms / se.bin_ms).ceil() as usize).clamp(1, se.bins)
    } else {
        se.bins
    };
    let rows = (0..bins)
        .map(|b| {
            let mut row = vec![format!("{}", b as f64 * se.bin_ms)];
            row.extend(used.iter().map(|(_, v)| format!("{}", v[b])));
            row
        })
        .collect();
    let stats = used
        .iter()
        .map(|(name, v)| column_stats(out, name, &v[..bins.min(v.len())]))
        .collect();
    let mut columns = vec!["t_ms".to_string()];
    columns.extend(used.iter().map(|(c, _)| c.to_string()));
    Table {
        columns,
        rows,
        stats,
    }
}

/// Peak and mean of one column over the run's bins; a rate's peak is the
/// chart's smoothed line's.
fn column_stats(out: &RunOutput, name: &str, v: &[f32]) -> ColumnStats {
    let peak = match name.strip_suffix("_per_s") {
        Some(counter) => {
            let line =
                crate::chart::smoothed_rate(out, counter, crate::chart::rate_half_width_bins(out));
            line[..v.len().min(line.len())]
                .iter()
                .fold(0.0f64, |m, x| m.max(*x))
        }
        // A gauge's peak is the highest level it reached (the Why panel's
        // "peak in flight"), not the highest bin mean (`v` came from this gauge).
        None => out.series.gauge(name).map_or(0.0, |g| {
            g.peak[..v.len().min(g.peak.len())]
                .iter()
                .fold(0.0f64, |m, p| m.max(*p as f64))
        }),
    };
    let sum: f64 = v.iter().map(|x| *x as f64).sum();
    let span_ms = out.summary.makespan_s * 1e3;
    let mean = match name.strip_suffix("_per_s") {
        Some(_) => rate_mean(sum, out.series.bin_ms, span_ms),
        None => sum / v.len().max(1) as f64,
    };
    ColumnStats {
        column: name.to_string(),
        peak,
        mean,
    }
}

/// A rate's mean over the run from its per-bin rates (summing to
/// `sum_per_s`): its count over the makespan (for completions, the Why
/// panel's throughput), not the mean of the bins, as the last bin reaches
/// past the end.
fn rate_mean(sum_per_s: f64, bin_ms: f64, span_ms: f64) -> f64 {
    if span_ms > 0.0 {
        sum_per_s * bin_ms / span_ms
    } else {
        0.0
    }
}

/// Latency percentiles, or the mean and p99 of each phase.
fn summary_table(out: &RunOutput, chart: &str) -> Option<Table> {
    let s = &out.summary;
    let rows: Vec<Vec<String>> = match chart {
        "latency" => vec![
            vec!["p50".into(), fmt(s.latency_ms.p50)],
            vec!["p95".into(), fmt(s.latency_ms.p95)],
            vec!["p99".into(), fmt(s.latency_ms.p99)],
            vec!["max".into(), fmt(s.latency_ms.max)],
        ],
        "phases" | "waterfall" => out
            .phases
            .iter()
            .map(|p| vec![p.phase.to_string(), fmt(p.mean_ms), fmt(p.p99_ms)])
            .collect(),
        _ => return None,
    };
    let columns = if chart == "latency" {
        vec!["percentile".into(), "latency_ms".into()]
    } else {
        vec!["phase".into(), "mean_ms".into(), "p99_ms".into()]
    };
    Some(Table {
        columns,
        rows,
        stats: Vec::new(),
    })
}

fn fmt(ms: f64) -> String {
    format!("{}", (ms * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stall() -> RunOutput {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        crate::sim::run(&crate::Scenario::from_json(text).expect("valid"))
    }

    #[test]
    fn a_time_table_is_the_csv_columns_of_the_run() {
        let out = stall();
        let t = table(&out, None, "inflight").expect("known chart");
        assert_eq!(t.columns, ["t_ms", "in_flight"]);
        let csv = crate::format::series_csv(&out);
        let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
        let col = header
            .iter()
            .position(|h| *h == "in_flight")
            .expect("column");
        for (row, line) in t.rows.iter().zip(csv.lines().skip(1)) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(row[0], cells[0]);
            assert_eq!(row[1], cells[col]);
        }
        let covered_ms = t.rows.len() as f64 * out.series.bin_ms;
        assert!(covered_ms >= out.summary.makespan_s * 1e3, "the whole run");
        assert!(covered_ms < out.summary.makespan_s * 1e3 + out.series.bin_ms);
        assert_eq!(t.stats[0].peak, 100.0);
    }

    #[test]
    fn a_rate_peak_is_the_drawn_line_not_one_wave() {
        // 1000 requests in 10 waves of 100 over 50.1 ms: the drawn rate is
        // flat at about 100 / 50.1 ms ≈ 1996/s; one raw bin holds a whole wave.
        let out = stall();
        let t = table(&out, None, "throughput").expect("known chart");
        let done = &t.stats[0];
        assert_eq!(done.column, "completed_per_s");
        let raw_peak = out
            .series
            .counter("completed")
            .expect("counter")
            .per_s
            .iter()
            .fold(0.0f32, |m, x| m.max(*x));
        let wave_rate = 100.0 / 0.0501;
        assert!(
            raw_peak as f64 > 2.0 * wave_rate,
            "raw bins are spiky: {raw_peak}"
        );
        assert!(
            done.peak <= 1.1 * wave_rate,
            "summary peak {} vs {wave_rate}",
            done.peak
        );
        assert!(
            done.peak >= 0.9 * wave_rate,
            "summary peak {} vs {wave_rate}",
            done.peak
        );
        let mean = out.summary.completed as f64 / out.summary.makespan_s;
        assert!(
            (done.mean - mean).abs() / mean < 0.02,
            "mean {} vs {mean}",
            done.mean
        );
    }

    /// A shipped scenario run with its trace, as the page runs it: the report and the timeline.
    fn traced(id: &str) -> (crate::Scenario, RunOutput, Timeline) {
        let text = crate::catalog::scenario_text(id).expect("shipped");
        let sc = crate::Scenario::from_json(text).expect("valid");
        let mut sim = crate::sim::Sim::with_trace(&sc, 0);
        while !sim.step_many(u64::MAX) {}
        let out = sim.output(&sc);
        let tl = sim.trace().expect("traced").timeline().clone();
        (sc, out, tl)
    }

    #[test]
    fn every_chart_has_a_table() {
        let (_, out, tl) = traced("retry-storm");
        let tl = &tl;
        for kind in crate::chart::ChartKind::ALL {
            let t = table(&out, Some(tl), kind.id()).unwrap_or_else(|| panic!("{}", kind.id()));
            assert!(!t.rows.is_empty(), "{}", kind.id());
            assert!(t.rows.iter().all(|r| r.len() == t.columns.len()));
        }
        let attempts = table(&out, Some(tl), "attempts").expect("known");
        let total: f64 = attempts
            .rows
            .iter()
            .flat_map(|r| r[1..].iter().map(|v| v.parse::<f64>().expect("number")))
            .sum::<f64>()
            * tl.bin_ns as f64
            / 1e9;
        assert!(
            (total - out.summary.attempts as f64).abs() < 1.0,
            "{total} attempts"
        );
        assert!(table(&out, None, "attempts").is_none());
        assert!(table(&out, Some(tl), "nope").is_none());
    }

    /// The in-flight chart's summary peak is the run's peak in flight (the
    /// Why panel's number) for every shipped scenario, also where a bin's
    /// mean stays below it (the adaptive lesson's bursts: mean peak 70.9,
    /// peak 94).
    #[test]
    fn the_in_flight_peak_is_the_why_panels() {
        let mut below = 0;
        for (id, text) in crate::catalog::SCENARIOS {
            let sc = crate::Scenario::from_json(text).expect("valid");
            let out = crate::sim::run(&sc);
            let t = table(&out, None, "inflight").expect("a time chart");
            let peak = t.stats[0].peak;
            assert_eq!(peak, out.summary.peak_in_flight as f64, "{id}");
            let bins: usize = t.rows.len();
            let mean_peak = out.series.gauge("in_flight").expect("gauge").mean[..bins]
                .iter()
                .fold(0.0f64, |m, x| m.max(*x as f64));
            assert!(mean_peak <= peak + 1e-3, "{id}: a mean above the peak");
            below += (mean_peak < peak - 0.5) as u32;
        }
        assert!(below > 0, "some scenario's bursts are shorter than a bin");
    }

    /// The throughput chart's mean rate of completions is the Why panel's
    /// throughput, for every shipped scenario (the load test: 1919, where the
    /// mean of the bins said 1914).
    #[test]
    fn the_completion_rates_mean_is_the_throughput() {
        for (id, text) in crate::catalog::SCENARIOS {
            let out = crate::sim::run(&crate::Scenario::from_json(text).expect("valid"));
            let t = table(&out, None, "throughput").expect("a time chart");
            let stat = t.stats.iter().find(|c| c.column == "completed_per_s");
            let mean = stat.expect("a completions column").mean;
            let want = out.summary.throughput_rps;
            assert!(
                (mean - want).abs() <= 1e-6 * want.max(1.0),
                "{id}: {mean} vs {want}"
            );
        }
    }

    /// Every shipped scenario with an adaptive limit: its id, scenario, traced
    /// run and the adaptive-limit chart's table.
    fn adaptive_limit_tables() -> Vec<(&'static str, crate::Scenario, RunOutput, Table)> {
        crate::catalog::SCENARIOS
            .iter()
            .filter(|(_, text)| {
                let adaptive = crate::Scenario::from_json(text).expect("valid").adaptive;
                adaptive.kind != crate::scenario::AdaptiveKind::None
            })
            .map(|(id, _)| {
                let (sc, out, tl) = traced(id);
                let t = table(&out, Some(&tl), "limit").expect("a timeline chart");
                (*id, sc, out, t)
            })
            .collect()
    }

    /// The adaptive-limit chart's summary peak is the top of the Why panel's
    /// range ("between 1 and 1499") for every shipped scenario with an
    /// adaptive limit, also where a spike lasts less than a bin (guide-score:
    /// the highest bin's last value is 1337).
    #[test]
    fn the_limit_peak_is_the_top_of_the_why_panels_range() {
        let mut hidden = 0;
        for (id, sc, out, t) in adaptive_limit_tables() {
            let [low, high, _] = out.summary.adaptive_limit;
            assert_eq!(t.stats[0].peak, high as f64, "{id}");
            assert!(
                low <= sc.adaptive.initial_limit && sc.adaptive.initial_limit <= high,
                "{id}"
            );
            let last_peak = t.rows.iter().map(|r| r[1].parse::<f64>().expect("number"));
            hidden += (last_peak.fold(0.0, f64::max) < high as f64) as u32;
        }
        assert!(hidden > 0, "some spike is shorter than a bin");
    }

    /// The adaptive-limit chart's summary mean is the Why panel's "on
    /// average" (the limit's time-average), for every shipped scenario with
    /// an adaptive limit; it lies in the limit's range and below the gate's
    /// mean capacity (guide-score: 686 against 942 slots).
    #[test]
    fn the_limit_mean_is_the_why_panels_average() {
        use crate::report::Why;
        for (id, _, out, t) in adaptive_limit_tables() {
            let s = &out.summary;
            let why = s.ceilings.iter().find_map(|c| match c.why {
                Why::AdaptiveLimit {
                    mean_limit,
                    mean_capacity,
                    ..
                } => Some((mean_limit, mean_capacity)),
                _ => None,
            });
            let (mean_limit, mean_capacity) = why.expect("an adaptive ceiling");
            assert_eq!(t.stats[0].mean, mean_limit, "{id}");
            assert_eq!(s.adaptive_limit_mean, mean_limit, "{id}");
            let [low, high, _] = s.adaptive_limit;
            assert!(
                low as f64 <= mean_limit && mean_limit <= mean_capacity,
                "{id}"
            );
            assert!(mean_capacity <= high as f64, "{id}");
        }
    }

    /// A gather starts every attempt at t = 0: the timeline still spans the
    /// whole run, so the attempts table has rows up to the makespan and its
    /// mean rate is the attempts over the makespan (1000 over 0.501 s), as
    /// the chart's 0-501 ms axis shows it.
    #[test]
    fn a_gathers_attempts_span_the_whole_run() {
        let (_, out, tl) = traced("stall-at-100");
        let tl = &tl;
        let makespan_ns = (out.summary.makespan_s * 1e9) as u64;
        assert!(makespan_ns > 400_000_000, "ten waves of 50 ms");
        let bins = tl.bins_until(makespan_ns);
        assert!(
            bins < crate::sim::TIMELINE_BINS,
            "the bins reach past the end"
        );
        assert!(bins as u64 * tl.bin_ns > makespan_ns);
        let t = table(&out, Some(tl), "attempts").expect("known");
        let last_t_ms: f64 = t.rows.last().expect("rows")[0].parse().expect("number");
        assert!(last_t_ms * 1e6 + tl.bin_ns as f64 > makespan_ns as f64);
        let mean = t.stats[0].mean;
        let over_run = out.summary.attempts as f64 / out.summary.makespan_s;
        assert!(
            (mean - over_run).abs() < 1e-9 * over_run,
            "{mean} vs {over_run}"
        );
    }
}
