//! Reading a `RunOutput` for drawing: series looked up by name (so new core
//! gauges and phases are picked up without code here), step lines, stacked
//! layers, smoothed rates and the waterfall's phase segments. The one place
//! that knows the field layout of the core's report.

use super::common::TimeAxis;
use crate::metrics::Timeline;
use crate::report::RunOutput;

/// End of the run, in milliseconds: the makespan, or the series' span if the makespan is 0.
pub fn span_ms(out: &RunOutput) -> f64 {
    let makespan_ms = out.summary.makespan_s * 1e3;
    if makespan_ms > 0.0 {
        makespan_ms
    } else {
        out.series.bins as f64 * out.series.bin_ms
    }
}

/// The time-weighted mean per bin of gauge `name`, if the core exports it.
pub fn gauge<'a>(out: &'a RunOutput, name: &str) -> Option<&'a [f32]> {
    out.series.gauge(name).map(|g| g.mean.as_slice())
}

/// The highest level gauge `name` reached in each bin (what a bin's mean
/// averages away: a burst of 94 in a bin whose mean is 70.9), if exported.
pub fn gauge_peaks(out: &RunOutput, name: &str) -> Option<Vec<f64>> {
    out.series
        .gauge(name)
        .map(|g| g.peak.iter().map(|p| *p as f64).collect())
}

/// Whether gauge `name` is ever above zero.
pub fn gauge_used(out: &RunOutput, name: &str) -> bool {
    gauge(out, name).is_some_and(|v| v.iter().any(|x| *x > 0.0))
}

/// A per-bin series as a step line: each bin a flat segment over its time span.
pub fn steps(out: &RunOutput, values: &[f64], axis: TimeAxis) -> Vec<(f64, f64)> {
    let bin = out.series.bin_ms;
    let end = span_ms(out);
    let mut pts = Vec::with_capacity(values.len() * 2);
    for (i, v) in values.iter().enumerate() {
        let t0 = i as f64 * bin;
        if t0 >= end {
            break;
        }
        let t1 = ((i + 1) as f64 * bin).min(end);
        pts.push((axis.of_ms(t0), *v));
        pts.push((axis.of_ms(t1), *v));
    }
    pts
}

/// Gauge `name` per bin as f64 (zeros if the core does not export it).
/// Two are derived here: `conn_leaked`, connections taken from the pool
/// that no request holds (in use + connecting − in flight: responses never
/// released), and `conn_held`, the in-use connections that are not leaked.
pub fn gauge_values(out: &RunOutput, name: &str) -> Vec<f64> {
    match name {
        "conn_leaked" => return leaked(out),
        "conn_held" => {
            let leaked = leaked(out);
            let in_use = raw_gauge(out, "conn_in_use");
            return in_use
                .iter()
                .zip(leaked)
                .map(|(u, l)| (u - l).max(0.0))
                .collect();
        }
        _ => {}
    }
    raw_gauge(out, name)
}

fn leaked(out: &RunOutput) -> Vec<f64> {
    let in_use = raw_gauge(out, "conn_in_use");
    let connecting = raw_gauge(out, "conn_connecting");
    let in_flight = raw_gauge(out, "in_flight");
    (0..in_use.len())
        .map(|i| (in_use[i] + connecting[i] - in_flight[i]).max(0.0))
        .collect()
}

fn raw_gauge(out: &RunOutput, name: &str) -> Vec<f64> {
    match gauge(out, name) {
        Some(v) => v.iter().map(|x| *x as f64).collect(),
        None => vec![0.0; out.series.bins],
    }
}

/// Running sums of `layers` (bottom first): layer k is the sum of layers 0..=k.
pub fn stack(layers: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = Vec::with_capacity(layers.len());
    for layer in layers {
        let next = match out.last() {
            Some(below) => layer.iter().zip(below).map(|(a, b)| a + b).collect(),
            None => layer.clone(),
        };
        out.push(next);
    }
    out
}

/// Counter `name` per second, smoothed with a triangular kernel of
/// half-width `half` bins (weights 1, 2, …, half+1, …, 2, 1, normalised).
/// A triangle as wide as two periods turns evenly spaced bursts (a closed
/// loop's waves) into a flat line at their average rate. Near the ends the
/// missing bins count as zero, so the rate ramps up and down with the run.
pub fn smoothed_rate(out: &RunOutput, name: &str, half: usize) -> Vec<f64> {
    let Some(c) = out.series.counter(name) else {
        return vec![0.0; out.series.bins];
    };
    let v: Vec<f64> = c.per_s.iter().map(|x| *x as f64).collect();
    let h = half as i64;
    let norm = ((h + 1) * (h + 1)) as f64;
    (0..v.len() as i64)
        .map(|i| {
            let sum: f64 = (-h..=h)
                .filter_map(|d| {
                    v.get(usize::try_from(i + d).ok()?)
                        .map(|x| x * (h + 1 - d.abs()) as f64)
                })
                .sum();
            sum / norm
        })
        .collect()
}

/// Half-width of the rate smoothing, in bins: one mean round trip (time in
/// flight, the period of a closed loop's waves) or a twentieth of the run,
/// whichever is longer, but at most half the run. The cap is relative to the
/// run's length, not to the number of bins: a run of two waves keeps its
/// full round trip and draws flat, instead of two humps at twice the rate.
pub fn rate_half_width_bins(out: &RunOutput) -> usize {
    let bin_ms = out.series.bin_ms;
    if bin_ms <= 0.0 || out.series.bins == 0 {
        return 0;
    }
    let span = span_ms(out);
    let want_ms = (span / 20.0)
        .max(out.summary.in_flight_ms.mean)
        .min(span / 2.0);
    (want_ms / bin_ms).round() as usize
}

/// A waterfall bar: where it starts and its phase segments (name, ms) in order.
pub struct Bar {
    pub start_ms: f64,
    pub segments: Vec<(&'static str, f64)>,
    pub ok: bool,
}

/// The phase segments of a sampled request, in the order the request meets
/// them (its retries' time is summed per phase; backoff comes last).
pub fn bar(t: &Timeline) -> Bar {
    let segments = vec![
        ("client_cpu", t.client_cpu_ms),
        ("limiter_wait", t.limiter_wait_ms),
        ("semaphore_wait", t.semaphore_wait_ms),
        ("pool_wait", t.pool_wait_ms),
        ("connect", t.connect_ms),
        ("server_queue", t.server_queue_ms),
        ("service", t.service_ms),
        ("backoff", t.backoff_ms),
    ];
    Bar {
        start_ms: t.start_ms,
        segments,
        ok: t.ok,
    }
}

impl Bar {
    pub fn end_ms(&self) -> f64 {
        self.start_ms + self.segments.iter().map(|(_, ms)| ms).sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_triangle_two_periods_wide_flattens_evenly_spaced_bursts() {
        // 10 waves (limit 100) and 2 waves (limit 500, "Try it"): flat at the
        // headline rate between the first and the last wave, never above it.
        for (limit, rate) in [(100, 1996.0), (500, 9901.0)] {
            let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
            let mut sc = crate::Scenario::from_json(text).expect("valid");
            sc.pool.limit = limit;
            let out = crate::sim::run(&sc);
            let r = smoothed_rate(&out, "completed", rate_half_width_bins(&out));
            let bin = out.series.bin_ms;
            let first = (52.0 / bin).ceil() as usize;
            let last = (out.summary.makespan_s * 1e3 / bin).floor() as usize - 1;
            for (i, v) in r[first..last].iter().enumerate() {
                assert!(
                    (v - rate).abs() < rate * 0.05,
                    "limit {limit}: rate {v} at bin {} far from {rate} req/s",
                    first + i
                );
            }
            let peak = r.iter().cloned().fold(0.0, f64::max);
            assert!(peak < rate * 1.05, "limit {limit}: peak {peak} over {rate}");
        }
    }

    #[test]
    fn leaked_connections_are_the_pools_slots_no_request_holds() {
        let text = crate::catalog::scenario_text("connection-leak").expect("shipped");
        let out = crate::sim::run(&crate::Scenario::from_json(text).expect("valid"));
        let leaked = gauge_values(&out, "conn_leaked");
        let held = gauge_values(&out, "conn_held");
        // The run stalls with every one of the 100 slots leaked (the last
        // bin's mean is a little under: the last leak happens inside it).
        assert_eq!(out.summary.leaked_connections, 100);
        let last = (span_ms(&out) / out.series.bin_ms) as usize - 1;
        assert!(
            leaked[last] > 98.5 && leaked[last] <= 100.0,
            "leaked {}",
            leaked[last]
        );
        assert!(held[last] < 1.5, "held {}", held[last]);
        assert!(
            leaked.windows(2).take(last).all(|w| w[1] >= w[0] - 0.5),
            "leaks only grow"
        );
        let clean = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let out = crate::sim::run(&crate::Scenario::from_json(clean).expect("valid"));
        assert!(gauge_values(&out, "conn_leaked").iter().all(|l| *l < 1e-3));
    }

    #[test]
    fn stack_sums_layers_bottom_up() {
        let s = stack(&[vec![1.0, 2.0], vec![10.0, 20.0], vec![0.0, 1.0]]);
        assert_eq!(s, vec![vec![1.0, 2.0], vec![11.0, 22.0], vec![11.0, 23.0]]);
        assert!(stack(&[]).is_empty());
    }
}
