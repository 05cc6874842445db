//! A sweep as a job that advances in bounded steps: every point's scenario is
//! built and validated up front, then the runs (points × seeds, first point
//! first) go one after another, each advanced by at most `budget` events per
//! `step` call. The page's Web Worker drives it this way, so a sweep never
//! blocks, shows progress and can be dropped at any step; the CLI runs the
//! same job straight through (`run_to_end`). Both give the same points.

use super::{knee, point, Point, SweepOutput, SweepSpec};
use crate::report::Summary;
use crate::scenario::{ConfigError, Scenario};
use crate::sim::{run_summary, Sim};

/// A sweep in progress.
pub struct SweepJob {
    spec: SweepSpec,
    grid: Vec<Vec<(String, String)>>,
    scenarios: Vec<Scenario>,
    seeds: Vec<u64>,
    /// The run in progress (built at the first step of its run).
    sim: Option<Sim>,
    /// The finished runs of the point in progress.
    runs: Vec<Summary>,
    points: Vec<Point>,
}

impl SweepJob {
    /// Checks `spec` and builds every point of the grid from `text` (a
    /// scenario's JSON) with `base` overrides; the first bad value fails with its key named.
    pub fn new(
        text: &str,
        base: &[(String, String)],
        spec: &SweepSpec,
    ) -> Result<SweepJob, ConfigError> {
        spec.check()?;
        let base_seed = Scenario::from_json_with_overrides(text, base)?.seed;
        let seeds = (0..spec.seeds as u64)
            .map(|i| base_seed.wrapping_add(i))
            .collect();
        let grid = spec.points();
        let mut scenarios = Vec::with_capacity(grid.len());
        for set in &grid {
            let mut o = base.to_vec();
            o.extend(set.iter().cloned());
            scenarios.push(Scenario::from_json_with_overrides(text, &o)?);
        }
        Ok(SweepJob {
            spec: spec.clone(),
            points: Vec::with_capacity(grid.len()),
            grid,
            scenarios,
            seeds,
            sim: None,
            runs: Vec::new(),
        })
    }

    /// Every point's scenario, in grid order.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// Runs (points × seeds) in the whole sweep.
    pub fn total_runs(&self) -> usize {
        self.grid.len() * self.seeds.len()
    }

    /// Runs finished so far.
    pub fn runs_done(&self) -> usize {
        self.points.len() * self.seeds.len() + self.runs.len()
    }

    /// The points finished so far, in grid order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    pub fn is_done(&self) -> bool {
        self.points.len() == self.grid.len()
    }

    /// Fraction of the sweep done, in [0, 1]: finished runs plus the share
    /// of the run in progress.
    pub fn progress(&self) -> f64 {
        let total = self.total_runs().max(1) as f64;
        let part = self.sim.as_ref().map_or(0.0, Sim::progress);
        ((self.runs_done() as f64 + part) / total).min(1.0)
    }

    /// The scenario of the next run (its point's, with its seed).
    fn next_scenario(&self) -> Scenario {
        let mut sc = self.scenarios[self.points.len()].clone();
        sc.seed = self.seeds[self.runs.len()];
        sc
    }

    /// Advances the run in progress by at most `budget` events (starting the
    /// next run if none is going). Returns true once every run has finished.
    pub fn step(&mut self, budget: u64) -> bool {
        if self.is_done() {
            return true;
        }
        if self.sim.is_none() {
            self.sim = Some(Sim::new(&self.next_scenario()));
        }
        let sim = self.sim.as_mut().expect("started above");
        if sim.step_many(budget.max(1)) {
            let sc = self.next_scenario();
            let summary = self.sim.as_ref().expect("running").output(&sc).summary;
            self.sim = None;
            self.finish_run(summary);
        }
        self.is_done()
    }

    /// Records one finished run; the point is complete after its last seed.
    fn finish_run(&mut self, summary: Summary) {
        self.runs.push(summary);
        if self.runs.len() == self.seeds.len() {
            let i = self.points.len();
            let runs = std::mem::take(&mut self.runs);
            self.points
                .push(point(self.grid[i].clone(), runs, self.seeds.clone()));
        }
    }

    /// Runs every remaining run straight through, calling `progress(done, total)` after each.
    pub fn run_to_end(mut self, mut progress: impl FnMut(usize, usize)) -> SweepOutput {
        self.sim = None;
        while !self.is_done() {
            let summary = run_summary(&self.next_scenario()).summary;
            self.finish_run(summary);
            progress(self.runs_done(), self.total_runs());
        }
        self.output()
    }

    /// The sweep's result: the points finished so far and the knee among them.
    pub fn output(&self) -> SweepOutput {
        let points = self.points.clone();
        SweepOutput {
            scenario: self
                .scenarios
                .first()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            keys: self.spec.vary.iter().map(|v| v.key.clone()).collect(),
            knee: knee(&points, &self.spec),
            points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_vary, sweep, Spacing};
    use super::*;

    fn spec(vary: &str, seeds: u32) -> SweepSpec {
        SweepSpec {
            vary: vec![parse_vary(vary, 2, Spacing::Linear).unwrap()],
            seeds,
        }
    }

    /// The page's sliced job and the CLI's straight run give the very same
    /// points (digests included), whatever the slice size.
    #[test]
    fn slices_give_the_same_points_as_a_straight_run() {
        let text = crate::catalog::scenario_text("stall-at-100").unwrap();
        let s = spec("pool.limit=10,100,1000", 2);
        let cli = sweep(text, &[], &s, |_, _| {}).unwrap();
        let mut job = SweepJob::new(text, &[], &s).unwrap();
        assert_eq!(job.total_runs(), 6);
        let mut steps = 0;
        while !job.step(97) {
            steps += 1;
            let p = job.progress();
            assert!((0.0..1.0).contains(&p), "progress {p}");
        }
        assert!(steps > 6, "each run took several slices ({steps})");
        assert_eq!(job.progress(), 1.0);
        let page = job.output();
        assert_eq!(page.points.len(), 3);
        for (a, b) in cli.points.iter().zip(&page.points) {
            assert_eq!(a.set, b.set);
            assert_eq!(a.summary.digest, b.summary.digest);
            assert_eq!(a.throughput_rps, b.throughput_rps);
            assert_eq!(a.latency_p99_ms, b.latency_p99_ms);
        }
        assert_eq!(cli.knee, page.knee);
    }

    #[test]
    fn a_bad_point_fails_before_anything_runs() {
        let text = crate::catalog::scenario_text("stall-at-100").unwrap();
        let e = SweepJob::new(text, &[], &spec("pool.limit=10,200000", 1))
            .err()
            .expect("out of range");
        assert_eq!(
            e.to_string(),
            "pool.limit: must be between 0 and 100000 (got 200000)"
        );
    }
}
