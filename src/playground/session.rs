//! One page session: the scenario the controls show, the run in progress,
//! the last finished run and the pinned run A.
//!
//! Two copies of the scenario are kept: `draft`, what the controls show
//! (it may be invalid while the user types), and `scenario`, the last valid
//! one, which is what runs, what the link carries and what the snippets
//! show. A bad value is reported with its field and leaves `scenario` alone.
//!
//! A run advances only when the page calls `step(budget)`, so the page can
//! bound the work per frame and show progress; `start` replaces any run in
//! progress (moving a slider mid-run restarts it).

use super::{knobs, lessons, numbers, share};
use crate::chart::{Frame, Shown, Style};
use crate::report::RunOutput;
use crate::scenario::{set_path, ConfigError, Scenario};
use crate::schema::limits::quote;
use crate::sim::{Sim, Timeline};
use serde::Serialize;
use serde_json::Value;

/// A finished run, the scenario it ran, and its timeline (attempts by try, adaptive limit).
pub struct Run {
    pub scenario: Scenario,
    pub out: RunOutput,
    pub timeline: Option<Timeline>,
}

impl Run {
    fn shown(&self) -> Shown<'_> {
        Shown {
            out: &self.out,
            scenario: &self.scenario,
            timeline: self.timeline.as_ref(),
        }
    }
}

pub struct Session {
    draft: Value,
    scenario: Scenario,
    lesson: Option<&'static str>,
    /// The shipped scenario last loaded (None after a link or a new session).
    scenario_id: Option<&'static str>,
    error: Option<ConfigError>,
    job: Option<(Scenario, Sim)>,
    current: Option<Run>,
    pinned: Option<Run>,
}

/// What the page shows besides the charts, as one JSON object.
#[derive(Serialize)]
struct View<'a> {
    lesson: Option<&'static str>,
    scenario_id: Option<&'static str>,
    name: &'a str,
    description: &'a str,
    seed: String,
    link: String,
    knobs: serde_json::Map<String, Value>,
    /// The values the scenario that runs has: they differ from `knobs` while
    /// a typed value is invalid (a slider shows these, so it does not jump).
    knobs_applied: serde_json::Map<String, Value>,
    preset: &'a str,
    /// The "Show the code" tab that speaks the scenario's library (`snippet::client_for`).
    snippet_client: &'static str,
    error: Option<ErrorView<'a>>,
    running: bool,
    pinned: bool,
    rows: Vec<numbers::Row>,
    /// The run's summary with its English sentences (`words::summary_json`).
    summary: Option<Value>,
    baseline: Option<Value>,
}

/// A `ConfigError` as the page reads it.
#[derive(Serialize)]
struct ErrorView<'a> {
    field: &'a str,
    message: &'a str,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    /// A session on the first lesson that this engine can run.
    pub fn new() -> Session {
        let (lesson, scenario_id, scenario) = lessons::LESSONS
            .iter()
            .find_map(|l| l.start().map(|s| (Some(l.id), Some(l.scenario), s)))
            .unwrap_or_else(|| {
                (
                    None,
                    None,
                    Scenario::from_json(r#"{"clients":{}}"#).expect("defaults are valid"),
                )
            });
        let mut s = Session {
            draft: Value::Null,
            scenario: scenario.clone(),
            lesson,
            scenario_id,
            error: None,
            job: None,
            current: None,
            pinned: None,
        };
        s.accept(scenario);
        s
    }

    /// Makes `scenario` the current one (controls, link, next run).
    fn accept(&mut self, scenario: Scenario) {
        self.draft = serde_json::to_value(&scenario).unwrap_or(Value::Null);
        self.scenario = scenario;
        self.error = None;
    }

    /// Loads lesson `id`'s starting scenario.
    pub fn load_lesson(&mut self, id: &str) -> Result<(), ConfigError> {
        let lesson = lessons::find(id).ok_or_else(|| {
            let ids: Vec<&str> = lessons::LESSONS.iter().map(|l| l.id).collect();
            ConfigError::new(
                "lesson",
                format!(
                    "unknown lesson '{}'; the lessons are {}",
                    quote(id),
                    ids.join(", ")
                ),
            )
        })?;
        let start = lesson.start().ok_or_else(|| {
            ConfigError::new(
                "lesson",
                format!("lesson '{id}' needs a stage this engine does not have yet"),
            )
        })?;
        self.lesson = Some(lesson.id);
        self.scenario_id = Some(lesson.scenario);
        self.accept(start);
        Ok(())
    }

    /// Loads shipped scenario `id` (its lesson, if it has one, becomes current).
    pub fn load_scenario(&mut self, id: &str) -> Result<(), ConfigError> {
        let text = crate::catalog::scenario_text(id).ok_or_else(|| {
            ConfigError::new(
                "scenario",
                format!("unknown shipped scenario '{}'", quote(id)),
            )
        })?;
        let scenario = Scenario::from_json(text)?;
        self.lesson = lessons::for_scenario(id).map(|l| l.id);
        self.scenario_id = crate::catalog::SCENARIOS
            .iter()
            .find(|(name, _)| *name == id)
            .map(|(name, _)| *name);
        self.accept(scenario);
        Ok(())
    }

    /// Loads a shared link's hash. Returns a warning for a link from another
    /// engine; on error nothing changes. An empty hash changes nothing.
    pub fn load_link(&mut self, hash: &str) -> Result<Option<String>, ConfigError> {
        let Some(d) = share::decode(hash)? else {
            return Ok(None);
        };
        self.lesson = d.lesson;
        self.scenario_id = d.lesson.and_then(lessons::find).map(|l| l.scenario);
        self.accept(d.scenario);
        Ok(d.warning)
    }

    /// Loads a scenario given as JSON (what another session runs: the page
    /// hands its scenario to the worker's session). On error nothing changes.
    pub fn load_json(&mut self, json: &str) -> Result<(), ConfigError> {
        let scenario = Scenario::from_json(json)?;
        self.lesson = None;
        self.scenario_id = None;
        self.accept(scenario);
        Ok(())
    }

    /// Sets the field at dotted `path` from the text `raw` (as typed). The
    /// controls keep the value even if invalid; the scenario changes only if it validates.
    pub fn set(&mut self, path: &str, raw: &str) -> Result<(), ConfigError> {
        let mut draft = self.draft.clone();
        set_path(&mut draft, path, raw)?;
        self.draft = draft.clone();
        match Scenario::from_value(draft) {
            Ok(scenario) => {
                self.scenario = scenario;
                self.error = None;
                Ok(())
            }
            Err(e) => {
                self.error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Lays library preset `name`'s defaults (`crate::scenario::presets`) over the
    /// current scenario; on error nothing changes.
    pub fn apply_preset(&mut self, name: &str) -> Result<(), ConfigError> {
        let mut value = serde_json::to_value(&self.scenario).unwrap_or(Value::Null);
        crate::scenario::presets::apply(&mut value, name)?;
        let scenario = Scenario::from_value(value)?;
        self.accept(scenario);
        Ok(())
    }

    /// Picks a new seed (derived from the current one, so a session is replayable) and returns it.
    pub fn new_seed(&mut self) -> u64 {
        let next = crate::rng::mix(self.scenario.seed ^ 0x9E37_79B9_7F4A_7C15) % 1_000_000 + 1;
        let seed = if next == self.scenario.seed {
            next % 1_000_000 + 1
        } else {
            next
        };
        let _ = self.set("seed", &seed.to_string());
        seed
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The shared-link hash of the current scenario.
    pub fn link(&self) -> String {
        share::encode(&self.scenario, self.lesson)
    }

    /// Starts a run of the current scenario, replacing any run in progress.
    pub fn start(&mut self) {
        // Traced for the timeline only (no per-request times): fixed memory.
        self.job = Some((self.scenario.clone(), Sim::with_trace(&self.scenario, 0)));
    }

    /// Advances the run by at most `budget` events. Returns true when no run
    /// is in progress any more (the finished run is then the current one).
    pub fn step(&mut self, budget: u64) -> bool {
        let Some((_, sim)) = self.job.as_mut() else {
            return true;
        };
        if !sim.step_many(budget) {
            return false;
        }
        if let Some((scenario, sim)) = self.job.take() {
            self.current = Some(Run {
                out: sim.output(&scenario),
                timeline: sim.trace().map(|t| t.timeline().clone()),
                scenario,
            });
        }
        true
    }

    /// Progress of the run in progress, in [0, 1] (1 when none).
    pub fn progress(&self) -> f64 {
        self.job.as_ref().map_or(1.0, |(_, sim)| sim.progress())
    }

    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Drops the run in progress; the last finished run stays on screen.
    pub fn cancel(&mut self) {
        self.job = None;
    }

    /// Pins the current run as A. Returns false if there is no run to pin.
    pub fn pin(&mut self) -> bool {
        match &self.current {
            Some(r) => {
                self.pinned = Some(Run {
                    scenario: r.scenario.clone(),
                    out: r.out.clone(),
                    timeline: r.timeline.clone(),
                });
                true
            }
            None => false,
        }
    }

    pub fn unpin(&mut self) {
        self.pinned = None;
    }

    /// What the charts draw: the current run over the pinned one, if any.
    pub fn frame(&self, style: Style) -> Option<Frame<'_>> {
        let run = self.current.as_ref()?.shown();
        Some(Frame {
            run,
            baseline: self.pinned.as_ref().map(Run::shown),
            style,
        })
    }

    pub fn current(&self) -> Option<&Run> {
        self.current.as_ref()
    }

    /// Everything the page shows besides the charts, as JSON.
    pub fn view_json(&self) -> String {
        let summary = self.current.as_ref().map(|r| &r.out.summary);
        let baseline = self.pinned.as_ref().map(|r| &r.out.summary);
        let view = View {
            lesson: self.lesson,
            scenario_id: self.scenario_id,
            name: &self.scenario.name,
            description: &self.scenario.description,
            seed: self.scenario.seed.to_string(),
            link: self.link(),
            knobs: knobs::values(&self.draft),
            knobs_applied: knobs::values(
                &serde_json::to_value(&self.scenario).unwrap_or(Value::Null),
            ),
            preset: &self.scenario.pool.preset,
            snippet_client: crate::snippet::client_for(&self.scenario),
            error: self.error.as_ref().map(|e| ErrorView {
                field: &e.field,
                message: &e.message,
            }),
            running: self.running(),
            pinned: self.pinned.is_some(),
            rows: summary
                .map(|s| numbers::rows(s, baseline))
                .unwrap_or_default(),
            summary: summary.map(crate::words::summary_json),
            baseline: baseline.map(crate::words::summary_json),
        };
        serde_json::to_string(&view)
            .unwrap_or_else(|e| format!("{{\"error\":{{\"field\":\"view\",\"message\":\"{e}\"}}}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(s: &mut Session) {
        s.start();
        while !s.step(500) {}
    }

    fn view(s: &Session) -> Value {
        serde_json::from_str(&s.view_json()).expect("view is JSON")
    }

    #[test]
    fn starts_on_the_stall_and_shows_peak_in_flight_100() {
        let mut s = Session::new();
        finish(&mut s);
        let v = view(&s);
        assert_eq!(v["lesson"], "stall");
        assert_eq!(v["summary"]["peak_in_flight"], 100);
        assert_eq!(v["knobs"]["pool.limit"], 100);
        assert!(v["summary"]["binding"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("pool limit 100")));
    }

    #[test]
    fn a_bad_value_names_the_field_and_keeps_the_last_valid_scenario() {
        let mut s = Session::new();
        let e = s.set("pool.limit", "200000").expect_err("out of range");
        assert_eq!(e.field, "pool.limit");
        assert_eq!(s.scenario().pool.limit, 100);
        assert_eq!(view(&s)["error"]["field"], "pool.limit");
        assert_eq!(
            view(&s)["knobs"]["pool.limit"],
            200_000,
            "the control keeps what was typed"
        );
        assert_eq!(
            view(&s)["knobs_applied"]["pool.limit"],
            100,
            "the run keeps 100"
        );
        let e = s.set("pool.limit", "-5").expect_err("negative");
        assert_eq!(
            e.to_string(),
            "pool.limit: must be a whole number between 0 and 100000 (got -5)"
        );
        s.set("pool.limit", "500").expect("valid");
        assert_eq!(view(&s)["error"], Value::Null);
    }

    #[test]
    fn dependent_knobs_can_be_fixed_one_after_another() {
        let mut s = Session::new();
        assert!(
            s.set("clients.kind", "open").is_err(),
            "open needs requests or a duration"
        );
        assert_eq!(
            view(&s)["knobs"]["clients.kind"],
            "open",
            "so the open-loop knobs show"
        );
        s.set("clients.requests", "200").expect("now valid");
        assert_eq!(s.scenario().planned_requests(), 200);
    }

    #[test]
    fn the_link_round_trips_and_reproduces_the_numbers() {
        let mut a = Session::new();
        a.set("pool.limit", "250").expect("valid");
        a.set("seed", "42").expect("valid");
        finish(&mut a);
        let mut b = Session::new();
        assert_eq!(b.load_link(&a.link()), Ok(None));
        finish(&mut b);
        let (va, vb) = (view(&a), view(&b));
        assert_eq!(va["summary"], vb["summary"]);
        assert_eq!(va["link"], vb["link"]);
        assert!(b.load_link("#engine=3&pool.limit=-5").is_err());
        assert_eq!(b.scenario().pool.limit, 250, "a bad link changes nothing");
    }

    #[test]
    fn hostile_input_is_an_error_and_the_session_goes_on() {
        let mut s = Session::new();
        let deep = format!("{}z", "a.".repeat(20_000));
        assert!(s.set(&deep, "1").is_err());
        let link = format!("#engine=1&{}z=1", "a.".repeat(20_000));
        assert!(s.load_link(&link).is_err());
        assert!(s.load_link("#engine=1&name=%+1").is_err());
        s.set("pool.limit", "500").expect("still usable");
        finish(&mut s);
        assert_eq!(view(&s)["summary"]["peak_in_flight"], 500);
    }

    #[test]
    fn stepping_is_bounded_and_cancel_keeps_the_last_run() {
        let mut s = Session::new();
        finish(&mut s);
        s.set("pool.limit", "10").expect("valid");
        s.start();
        assert!(!s.step(10), "10 events do not finish 1000 requests");
        assert!(s.running());
        // The gather starts all 1000 at once; progress counts finished ones.
        assert!(!s.step(200));
        let p = s.progress();
        assert!(
            p > 0.0 && p < 0.5,
            "progress {p} after 210 events of 100 waves"
        );
        s.cancel();
        assert!(!s.running());
        assert_eq!(
            view(&s)["summary"]["peak_in_flight"],
            100,
            "the finished run stays"
        );
    }

    #[test]
    fn a_scenario_handed_over_as_json_runs_the_same() {
        let mut page = Session::new();
        page.set("pool.limit", "250").expect("valid");
        let json = serde_json::to_string(page.scenario()).expect("json");
        let mut worker = Session::new();
        worker.load_json(&json).expect("valid");
        finish(&mut page);
        finish(&mut worker);
        assert_eq!(view(&page)["summary"], view(&worker)["summary"]);
        assert!(worker.load_json("{\"pool\":{\"limit\":-1}}").is_err());
        assert_eq!(
            worker.scenario().pool.limit,
            250,
            "a bad scenario changes nothing"
        );
    }

    #[test]
    fn pinning_compares_b_with_a() {
        let mut s = Session::new();
        assert!(!s.pin(), "nothing to pin before a run");
        finish(&mut s);
        assert!(s.pin());
        s.set("pool.limit", "500").expect("valid");
        finish(&mut s);
        let v = view(&s);
        assert_eq!(v["pinned"], true);
        assert_eq!(v["baseline"]["peak_in_flight"], 100);
        assert_eq!(v["summary"]["peak_in_flight"], 500);
        assert!(s
            .frame(Style::default())
            .is_some_and(|f| f.baseline.is_some()));
        s.unpin();
        assert_eq!(view(&s)["baseline"], Value::Null);
    }

    #[test]
    fn presets_apply_and_unknown_ones_change_nothing() {
        let mut s = Session::new();
        s.apply_preset("httpx").expect("known preset");
        assert_eq!(view(&s)["preset"], "httpx");
        assert_eq!(view(&s)["snippet_client"], "httpx");
        assert_eq!(view(&s)["knobs"]["pool.keepalive_timeout_s"], 5.0);
        let e = s.apply_preset("curl").expect_err("unknown");
        assert_eq!(e.field, "pool.preset");
        assert_eq!(view(&s)["preset"], "httpx");
        assert_eq!(view(&s)["snippet_client"], "httpx");
    }

    #[test]
    fn lessons_and_seeds() {
        let mut s = Session::new();
        assert!(s.load_lesson("nope").is_err());
        for l in lessons::views().iter().filter(|l| l.available) {
            s.load_lesson(l.lesson.id).expect("available lesson loads");
            assert_eq!(view(&s)["lesson"], l.lesson.id);
        }
        let before = s.scenario().seed;
        let seed = s.new_seed();
        assert_ne!(seed, before);
        assert_eq!(s.scenario().seed, seed);
    }
}
