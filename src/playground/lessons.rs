//! The guided lessons: an ordered list, each a shipped scenario plus one
//! "try this" change (a knob path and the value to set). The lesson texts, in
//! English and Chinese, are in `www/i18n.js` under `lesson.<id>.*`.
//!
//! A lesson whose scenario is not in the catalog, or does not validate with
//! this engine (a stage the core does not have yet), is sent to the page as
//! unavailable and shown greyed out, never as an error.

use crate::catalog::scenario_text;
use crate::scenario::Scenario;
use serde::Serialize;

#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Lesson {
    pub id: &'static str,
    /// The catalog id of the starting scenario.
    pub scenario: &'static str,
    /// "Try this": the knob to change…
    pub try_path: &'static str,
    /// …and the value to set it to (as typed in the number box).
    pub try_value: &'static str,
    /// The 1-3 knobs the lesson is about, shown inside the lesson card.
    pub controls: &'static [&'static str],
    /// The 1-2 charts (chart ids) that show the lesson's point, drawn next to its controls.
    pub charts: &'static [&'static str],
}

/// The lessons, in teaching order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "stall",
        scenario: "stall-at-100",
        try_path: "pool.limit",
        try_value: "500",
        controls: &["pool.limit"],
        charts: &["inflight", "waiting"],
    },
    Lesson {
        id: "server",
        scenario: "server-bound",
        try_path: "pool.limit",
        try_value: "500",
        controls: &["pool.limit", "server.workers"],
        charts: &["inflight", "waiting"],
    },
    Lesson {
        id: "semaphore",
        scenario: "semaphore-50",
        try_path: "semaphore.permits",
        try_value: "200",
        controls: &["semaphore.permits", "pool.limit"],
        charts: &["inflight", "waiting"],
    },
    Lesson {
        id: "keepalive",
        scenario: "keepalive-vs-close",
        try_path: "pool.force_close",
        try_value: "true",
        controls: &["pool.force_close", "pool.connect_ms"],
        charts: &["connections", "phases"],
    },
    Lesson {
        id: "per_host",
        scenario: "per-host-limit",
        try_path: "pool.limit_per_host",
        try_value: "25",
        controls: &["pool.limit_per_host", "pool.limit"],
        charts: &["inflight", "waiting"],
    },
    Lesson {
        id: "go_idle",
        scenario: "go-idle-2",
        try_path: "pool.max_idle_per_host",
        try_value: "100",
        controls: &["pool.max_idle_per_host", "pool.time_wait_s"],
        charts: &["connections", "latency"],
    },
    Lesson {
        id: "leak",
        scenario: "connection-leak",
        try_path: "pool.leak_probability",
        try_value: "0",
        controls: &["pool.leak_probability"],
        charts: &["connections", "throughput"],
    },
    Lesson {
        id: "window",
        scenario: "token-vs-fixed-window",
        try_path: "limiter.kind",
        try_value: "token_bucket",
        controls: &["limiter.kind", "limiter.limit"],
        charts: &["throughput", "waiting"],
    },
    Lesson {
        id: "adaptive",
        scenario: "adaptive-knee",
        try_path: "adaptive.kind",
        try_value: "none",
        controls: &["adaptive.kind", "server.knee_concurrency"],
        charts: &["limit", "latency"],
    },
    Lesson {
        id: "retry_storm",
        scenario: "retry-storm",
        try_path: "retry.jitter",
        try_value: "full",
        controls: &["retry.jitter", "retry.base_ms"],
        charts: &["attempts", "throughput"],
    },
    Lesson {
        id: "retry_budget",
        scenario: "retry-budget",
        try_path: "retry.budget.enabled",
        try_value: "false",
        controls: &["retry.budget.enabled", "retry.max_attempts"],
        charts: &["attempts", "throughput"],
    },
    Lesson {
        id: "metastable",
        scenario: "metastable",
        try_path: "timeouts.attempt_ms",
        try_value: "0",
        controls: &["timeouts.attempt_ms", "retry.max_attempts"],
        charts: &["attempts", "throughput"],
    },
    Lesson {
        id: "backoff",
        scenario: "backoff-jitter",
        try_path: "retry.jitter",
        try_value: "none",
        controls: &["retry.jitter", "retry.base_ms"],
        charts: &["attempts", "latency"],
    },
    Lesson {
        id: "peak_shaving",
        scenario: "peak-shaving",
        try_path: "semaphore.kind",
        try_value: "none",
        controls: &["semaphore.kind", "semaphore.max_waiters"],
        charts: &["inflight", "throughput"],
    },
    Lesson {
        id: "load_test",
        scenario: "load-test",
        try_path: "clients.count",
        try_value: "500",
        controls: &["clients.count", "server.workers"],
        charts: &["throughput", "latency"],
    },
    Lesson {
        id: "serial",
        scenario: "serial-vs-concurrent",
        try_path: "semaphore.permits",
        try_value: "50",
        controls: &["semaphore.permits", "clients.count"],
        charts: &["inflight", "throughput"],
    },
    Lesson {
        id: "keepalive_latency",
        scenario: "keepalive-latency",
        try_path: "pool.force_close",
        try_value: "false",
        controls: &["pool.force_close", "pool.connect_ms"],
        charts: &["latency", "phases"],
    },
    Lesson {
        id: "db_pool",
        scenario: "db-pool",
        try_path: "pool.limit",
        try_value: "100",
        controls: &["pool.limit", "pool.max_idle", "pool.max_lifetime_s"],
        charts: &["connections", "waiting"],
    },
    Lesson {
        id: "cache_stampede",
        scenario: "cache-stampede",
        try_path: "cache.ttl_jitter_max_s",
        try_value: "300",
        controls: &["cache.ttl_jitter_max_s", "cache.ttl_jitter_min_s"],
        charts: &["waiting", "latency"],
    },
    Lesson {
        id: "guide_score",
        scenario: "guide-score",
        try_path: "server.latency_ms",
        try_value: "100",
        controls: &["adaptive.kind", "server.latency_ms"],
        charts: &["limit", "inflight"],
    },
    Lesson {
        id: "case_somneo",
        scenario: "somneo-one-connection",
        try_path: "pool.limit",
        try_value: "1",
        controls: &["pool.limit", "clients.count"],
        charts: &["throughput", "inflight"],
    },
];

/// A lesson as the page gets it: the table row plus whether this engine can run it.
#[derive(Clone, Debug, Serialize)]
pub struct LessonView {
    #[serde(flatten)]
    pub lesson: Lesson,
    pub available: bool,
}

impl Lesson {
    /// The starting scenario, if shipped and valid with this engine.
    pub fn start(&self) -> Option<Scenario> {
        scenario_text(self.scenario).and_then(|t| Scenario::from_json(t).ok())
    }
}

pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// The lesson that starts from catalog scenario `scenario`, if any.
pub fn for_scenario(scenario: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.scenario == scenario)
}

/// Every lesson with its availability, in order.
pub fn views() -> Vec<LessonView> {
    LESSONS
        .iter()
        .map(|l| LessonView {
            lesson: *l,
            available: l.start().is_some(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::set_path;

    #[test]
    fn the_first_lesson_is_the_stall_and_ids_are_unique() {
        assert_eq!(LESSONS[0].scenario, "stall-at-100");
        assert!(LESSONS[0].start().is_some());
        for (i, l) in LESSONS.iter().enumerate() {
            assert!(LESSONS[..i].iter().all(|o| o.id != l.id), "{} twice", l.id);
        }
    }

    #[test]
    fn every_lesson_names_shown_knobs_and_real_charts() {
        for l in LESSONS {
            assert!((1..=3).contains(&l.controls.len()), "lesson {}", l.id);
            assert!((1..=2).contains(&l.charts.len()), "lesson {}", l.id);
            assert!(
                l.controls.contains(&l.try_path),
                "lesson {}: try-this knob is inline",
                l.id
            );
            for c in l.charts {
                assert!(
                    crate::chart::ChartKind::from_id(c).is_some(),
                    "lesson {}: chart {c}",
                    l.id
                );
            }
            let Some(start) = l.start() else { continue };
            let values =
                crate::playground::knobs::values(&serde_json::to_value(start).expect("json"));
            for path in l.controls {
                let knob = crate::playground::knobs::find(path)
                    .unwrap_or_else(|| panic!("lesson {}: no knob {path}", l.id));
                if let Some(cond) = knob.show_if {
                    let v = values.get(cond.path).and_then(|v| v.as_str()).unwrap_or("");
                    assert!(
                        cond.any_of.contains(&v),
                        "lesson {}: {path} hidden at the start",
                        l.id
                    );
                }
            }
        }
    }

    #[test]
    fn every_available_lesson_try_this_validates() {
        for l in LESSONS {
            let Some(start) = l.start() else { continue };
            let mut v = serde_json::to_value(start).expect("json");
            set_path(&mut v, l.try_path, l.try_value).expect("settable");
            let tried = Scenario::from_value(v).unwrap_or_else(|e| panic!("lesson {}: {e}", l.id));
            assert_ne!(
                Some(tried),
                l.start(),
                "lesson {}: try-this changes nothing",
                l.id
            );
            assert!(
                crate::playground::knobs::find(l.try_path).is_some(),
                "lesson {}: try-this path {} has no knob on the page",
                l.id,
                l.try_path
            );
        }
    }
}
