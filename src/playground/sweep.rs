//! The page's sweep panel, as data: what the user asks for (a knob of the
//! knob table, min..max, steps, linear or log, seeds; every field as typed),
//! its checks (each error names its `sweep.*` field and the allowed range),
//! the default range of a knob (from its slider), the stall lesson's knee
//! sweep, and what the chart and the data table show of a finished sweep.
//! The grid and the runs are `crate::sweep`'s, so the page's numbers are the
//! CLI's (`poolsim sweep`) for the same scenario and range.

use super::knobs::{self, Control, Knob};
use crate::scenario::{ConfigError, Scenario};
use crate::sweep::view::{self, SweepView};
pub use crate::sweep::view::{Move, PointView};
use crate::sweep::{parse_vary, Spacing, SweepJob, SweepSpec};
use serde::{Deserialize, Serialize};

/// The most points one page sweep may have.
pub const MAX_POINTS: u32 = 40;
/// The most seeds per point on the page.
pub const MAX_SEEDS: u32 = 5;
/// The most requests a whole page sweep may plan (points × seeds × requests per run).
pub const MAX_REQUESTS: u64 = 4_000_000;
/// Points when a knob is picked.
const DEFAULT_STEPS: u32 = 12;

/// The panel's fields, as typed (the page sends strings; Rust reads them).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Form {
    pub knob: String,
    pub min: String,
    pub max: String,
    pub steps: String,
    /// `linear` or `log`.
    pub scale: String,
    pub seeds: String,
}

/// A checked form: the knob and the sweep to run.
#[derive(Clone, Debug)]
pub struct Plan {
    pub knob: &'static Knob,
    pub log: bool,
    pub spec: SweepSpec,
}

/// The sweep the stall lesson offers ("Sweep the limit"): pool.limit 10..2000, log.
pub fn lesson_form(lesson: &str) -> Option<Form> {
    match lesson {
        "stall" => Some(form("pool.limit", "10", "2000", 16, "log")),
        _ => None,
    }
}

fn form(knob: &str, min: &str, max: &str, steps: u32, scale: &str) -> Form {
    Form {
        knob: knob.to_string(),
        min: min.to_string(),
        max: max.to_string(),
        steps: steps.to_string(),
        scale: scale.to_string(),
        seeds: "1".to_string(),
    }
}

/// The knobs a sweep can vary: the knob table's sliders.
pub fn knobs() -> impl Iterator<Item = &'static Knob> {
    knobs::knobs()
        .iter()
        .filter(|k| k.control == Control::Range)
}

/// The default sweep of knob `path`: its slider's range, log spaced when the
/// range spans two decades of whole numbers (from the slider's step, not 0).
pub fn default_form(path: &str) -> Result<Form, ConfigError> {
    let k = sweep_knob(path)?;
    let low = if k.min > 0.0 { k.min } else { k.step };
    let log = k.step >= 1.0 && k.max / low >= 100.0;
    let min = if log { low } else { k.min };
    Ok(form(
        k.path,
        &number(min),
        &number(k.max),
        DEFAULT_STEPS,
        if log { "log" } else { "linear" },
    ))
}

/// A number as the page shows it: whole numbers without decimals, others to at most 6.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn sweep_knob(path: &str) -> Result<&'static Knob, ConfigError> {
    knobs().find(|k| k.path == path).ok_or_else(|| {
        ConfigError::new(
            "sweep.knob",
            format!(
                "pick one of the numeric knobs (got '{}')",
                crate::scenario::limits::quote(path)
            ),
        )
    })
}

impl Form {
    /// Checks every field against `scenario` (the one that would run at each
    /// point): the knob, the ends, the steps (2..=40), the scale, the seeds
    /// (1..=5), and the total work; then builds the grid.
    pub fn plan(&self, scenario: &Scenario) -> Result<Plan, ConfigError> {
        let knob = sweep_knob(self.knob.trim())?;
        let whole = knob.step.fract() == 0.0;
        let min = end("sweep.min", &self.min, whole)?;
        let max = end("sweep.max", &self.max, whole)?;
        if max <= min {
            return Err(ConfigError::new(
                "sweep.max",
                format!(
                    "must be above sweep.min ({}) (got {})",
                    number(min),
                    number(max)
                ),
            ));
        }
        let steps = whole_in("sweep.steps", &self.steps, 2, MAX_POINTS)?;
        let log = match self.scale.trim() {
            "log" => true,
            "linear" | "" => false,
            other => {
                return Err(ConfigError::new(
                    "sweep.scale",
                    format!("must be linear or log (got '{}')", clip(other)),
                ))
            }
        };
        if log && min <= 0.0 {
            return Err(ConfigError::new(
                "sweep.min",
                format!("a log range needs sweep.min above 0 (got {})", number(min)),
            ));
        }
        let seeds = whole_in("sweep.seeds", &self.seeds, 1, MAX_SEEDS)?;
        let requests = scenario
            .planned_requests()
            .saturating_mul(steps as u64 * seeds as u64);
        if requests > MAX_REQUESTS {
            return Err(ConfigError::new(
                "sweep.steps",
                format!(
                    "{steps} points × {seeds} seeds × {} requests = {requests} requests; at most {MAX_REQUESTS}",
                    scenario.planned_requests()
                ),
            ));
        }
        let spacing = if log { Spacing::Log } else { Spacing::Linear };
        let arg = format!("{}={}..{}", knob.path, number(min), number(max));
        let vary = parse_vary(&arg, steps, spacing)?;
        Ok(Plan {
            knob,
            log,
            spec: SweepSpec {
                vary: vec![vary],
                seeds,
            },
        })
    }
}

/// A range end: a finite number (a whole one for whole-number knobs).
fn end(field: &str, raw: &str, whole: bool) -> Result<f64, ConfigError> {
    let v = raw
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            ConfigError::new(field, format!("must be a number (got '{}')", clip(raw)))
        })?;
    if whole && v.fract() != 0.0 {
        return Err(ConfigError::new(
            field,
            format!("this knob takes whole numbers (got {})", clip(raw.trim())),
        ));
    }
    Ok(v)
}

fn whole_in(field: &str, raw: &str, lo: u32, hi: u32) -> Result<u32, ConfigError> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|v| (lo..=hi).contains(v))
        .ok_or_else(|| {
            ConfigError::new(
                field,
                format!(
                    "must be a whole number between {lo} and {hi} (got '{}')",
                    clip(raw.trim())
                ),
            )
        })
}

fn clip(s: &str) -> String {
    crate::scenario::limits::quote(&s.chars().take(40).collect::<String>())
}

/// A sweep of the page's scenario: the checked plan and the job running it.
pub struct PageSweep {
    pub plan: Plan,
    /// The knob's value in the scenario the sweep started from (the chart marks it).
    pub current: Option<f64>,
    pub job: SweepJob,
}

impl PageSweep {
    /// Checks `form` against `scenario` and builds every point (a bad point
    /// fails here, naming the knob and its allowed range).
    pub fn new(scenario: &Scenario, form: &Form) -> Result<PageSweep, ConfigError> {
        let plan = form.plan(scenario)?;
        let value = serde_json::to_value(scenario).unwrap_or_default();
        let current = knobs::values(&value)
            .get(plan.knob.path)
            .and_then(serde_json::Value::as_f64);
        let text = value.to_string();
        let job = SweepJob::new(&text, &[], &plan.spec)?;
        Ok(PageSweep { plan, current, job })
    }

    /// What the chart and the table show (the points finished so far).
    pub fn view(&self) -> SweepView {
        let axis = view::Axis {
            knob: self.plan.knob.path,
            unit: self.plan.knob.unit,
            log_x: self.plan.log,
            current: self.current,
            seeds: self.plan.spec.seeds,
        };
        view::view(axis, &self.job.output())
    }
}

/// The sweep's data table: one row per point, the same numbers the chart draws.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SweepTable {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The table of `v` (column names are keys the page translates: `col.<name>`).
pub fn table(v: &SweepView) -> SweepTable {
    let ci = v.seeds > 1;
    let pm = |m: f64, hw: f64, d: usize| {
        if ci {
            format!("{m:.d$} ± {hw:.d$}")
        } else {
            format!("{m:.d$}")
        }
    };
    let rows = v
        .points
        .iter()
        .map(|p| {
            vec![
                number(p.x),
                pm(p.throughput_rps, p.throughput_hw, 1),
                pm(p.p99_ms, p.p99_hw, 2),
                format!("{:.2}", p.mean_ms),
                format!("{:.1}%", p.error_rate * 100.0),
                p.peak_in_flight.to_string(),
                p.connections.to_string(),
                p.binding.to_string(),
            ]
        })
        .collect();
    SweepTable {
        columns: vec![
            v.knob,
            "throughput_rps",
            "p99_ms",
            "mean_ms",
            "error_rate",
            "peak_in_flight",
            "connections",
            "binding",
        ],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::scenario_text;

    fn stall() -> Scenario {
        Scenario::from_json(scenario_text("stall-at-100").unwrap()).unwrap()
    }

    fn run(sc: &Scenario, f: &Form) -> PageSweep {
        let mut s = PageSweep::new(sc, f).expect("valid sweep");
        while !s.job.step(5_000) {}
        s
    }

    /// The stall lesson's knee: ⌈1000 / limit⌉ waves of 50 ms plus one 1 ms
    /// connect, so throughput = 1000 / (waves × 50 ms + 1 ms) (≈ limit ÷ 50.1 ms
    /// while 1000 / limit is whole) up to 1000, then flat where the 1000 tasks
    /// bind; the chart marks the current 100 and the move from pool to demand.
    #[test]
    fn the_stall_lessons_sweep_is_the_knee() {
        let f = lesson_form("stall").unwrap();
        let s = run(&stall(), &f);
        let v = s.view();
        assert_eq!(v.points.len(), 16);
        assert!(v.log_x);
        assert_eq!(v.current, Some(100.0));
        let xs: Vec<f64> = v.points.iter().map(|p| p.x).collect();
        assert_eq!(xs[..4], [10.0, 14.0, 20.0, 29.0]);
        assert_eq!(xs[15], 2000.0);
        for p in &v.points {
            let waves = (1000.0 / p.x.min(1000.0)).ceil();
            let want = 1000.0 / ((waves * 50.0 + 1.0) / 1e3);
            assert!(
                (p.throughput_rps - want).abs() < 1e-6 * want,
                "{}: {} vs {want}",
                p.x,
                p.throughput_rps
            );
            assert_eq!(p.peak_in_flight as f64, p.x.min(1000.0));
        }
        // The first points: limit ÷ 50.1 ms within 1%.
        for p in &v.points[..2] {
            let want = p.x / 0.0501;
            assert!((p.throughput_rps / want - 1.0).abs() < 0.01, "{}", p.x);
        }
        assert_eq!(v.points[0].binding, "pool");
        assert_eq!(v.points[15].binding, "demand");
        assert_eq!(v.moves.len(), 1, "{:?}", v.moves);
        assert_eq!((v.moves[0].from, v.moves[0].to), ("pool", "demand"));
        // The CLI's knee (the first step gaining under 5%): 342 and 487 both
        // need 3 waves, so the curve already pauses there.
        assert_eq!(v.knee, Some(10), "{xs:?}");
        let t = table(&v);
        assert_eq!(t.rows.len(), 16);
        assert_eq!(t.columns[0], "pool.limit");
        assert_eq!(t.rows[0][0], "10");
        assert_eq!(t.rows[0][1], "200.0", "1000 / 5.001 s");
    }

    #[test]
    fn defaults_follow_the_slider() {
        let f = default_form("pool.limit").unwrap();
        assert_eq!(
            (f.min.as_str(), f.max.as_str(), f.scale.as_str()),
            ("1", "1000", "log")
        );
        let f = default_form("server.error_probability").unwrap();
        assert_eq!(
            (f.min.as_str(), f.max.as_str(), f.scale.as_str()),
            ("0", "1", "linear")
        );
        f.plan(&stall()).expect("the default sweep is valid");
        assert_eq!(
            default_form("clients.kind").unwrap_err().field,
            "sweep.knob"
        );
    }

    #[test]
    fn bad_fields_are_named_with_their_range() {
        let sc = stall();
        let base = lesson_form("stall").unwrap();
        let bad = |edit: fn(&mut Form)| {
            let mut f = base.clone();
            edit(&mut f);
            PageSweep::new(&sc, &f).err().expect("invalid").to_string()
        };
        assert_eq!(
            bad(|f| f.steps = "41".into()),
            "sweep.steps: must be a whole number between 2 and 40 (got '41')"
        );
        assert_eq!(
            bad(|f| f.seeds = "0".into()),
            "sweep.seeds: must be a whole number between 1 and 5 (got '0')"
        );
        assert_eq!(
            bad(|f| f.min = "ten".into()),
            "sweep.min: must be a number (got 'ten')"
        );
        assert_eq!(
            bad(|f| f.min = "10.5".into()),
            "sweep.min: this knob takes whole numbers (got 10.5)"
        );
        assert_eq!(
            bad(|f| f.max = "5".into()),
            "sweep.max: must be above sweep.min (10) (got 5)"
        );
        assert_eq!(
            bad(|f| f.min = "0".into()),
            "sweep.min: a log range needs sweep.min above 0 (got 0)"
        );
        assert_eq!(
            bad(|f| f.scale = "cubic".into()),
            "sweep.scale: must be linear or log (got 'cubic')"
        );
        // The first point out of range is named (log steps from 10 to 200000).
        assert_eq!(
            bad(|f| f.max = "200000".into()),
            "pool.limit: must be between 0 and 100000 (got 103346)"
        );
        assert!(bad(|f| f.knob = "pool.force_close".into()).starts_with("sweep.knob:"));
        let big = Scenario::from_json(scenario_text("mmc").unwrap()).unwrap();
        let e = PageSweep::new(&big, &base).err().expect("too much work");
        assert_eq!(e.field, "sweep.steps");
        assert!(e.message.contains("at most 4000000"), "{e}");
    }

    #[test]
    fn seeds_give_intervals_in_the_table() {
        let sc = Scenario::from_json(scenario_text("mmc").unwrap()).unwrap();
        let mut v = serde_json::to_value(&sc).unwrap();
        crate::scenario::set_path(&mut v, "clients.requests", "2000").unwrap();
        let sc = Scenario::from_value(v).unwrap();
        let f = form("pool.limit", "80", "200", 3, "linear");
        let f = Form {
            seeds: "3".into(),
            ..f
        };
        let s = run(&sc, &f);
        let v = s.view();
        assert_eq!(v.points.len(), 3);
        assert!(v.points.iter().all(|p| p.throughput_hw > 0.0));
        assert!(table(&v).rows[0][1].contains(" ± "));
    }
}
