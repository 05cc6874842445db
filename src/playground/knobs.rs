//! The playground's controls, as data: one `Knob` per row of the field table
//! (`schema/fields.rs`) that the page shows, grouped by stage in request
//! order. The page builds its sliders, switches and menus from these (sent
//! as JSON), so a new knob needs only its row in the field table. A knob's path is the scenario's dotted field path; its
//! HTML id (and slider id) is the path with `_` for `.` (`pool.limit` →
//! `pool_limit`), and the URL uses the path itself.
//!
//! Invariant (tested): in every shipped scenario, every slider's min and
//! max, and both switch positions, validate, or fail on a cross-field rule
//! naming another knob (spread ≤ mean, cap ≥ base), which the user can fix
//! on the page. A menu may fail too (switching `clients.kind` to `open`
//! needs `clients.requests`); the page then shows the error and the newly
//! relevant knobs.

pub use crate::schema::fields::{Control, ShowIf};
use crate::schema::fields::{Field, FIELDS};
use serde::Serialize;
use serde_json::Value;
use std::sync::OnceLock;

/// The stages, in the order a request meets them; the page shows a group only if it has knobs.
pub const GROUPS: [&str; 9] = [
    "clients",
    "limiter",
    "adaptive",
    "semaphore",
    "pool",
    "cache",
    "server",
    "retries",
    "timeouts",
];

/// A row of the field table that the page shows: the row itself (serialized
/// as the page's control, see `Field`) with its control known to be there.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
#[serde(transparent)]
pub struct Knob {
    field: &'static Field,
    #[serde(skip)]
    pub control: Control,
}

impl std::ops::Deref for Knob {
    type Target = Field;
    fn deref(&self) -> &Field {
        self.field
    }
}

impl Knob {
    /// The page's control for a row of the field table, if it is on the page.
    pub fn of(field: &'static Field) -> Option<Knob> {
        Some(Knob {
            field,
            control: field.control?,
        })
    }

    /// The knob's HTML id: the path with `_` for `.`.
    pub fn id(&self) -> String {
        self.path.replace('.', "_")
    }
}

/// Every knob, in page order: the rows of the field table that are on the page.
pub fn knobs() -> &'static [Knob] {
    static KNOBS: OnceLock<Vec<Knob>> = OnceLock::new();
    KNOBS.get_or_init(|| FIELDS.iter().filter_map(Knob::of).collect())
}

/// The knob at `path`, if the page has one.
pub fn find(path: &str) -> Option<&'static Knob> {
    knobs().iter().find(|k| k.path == path)
}

/// The value of every knob in `scenario` (a full scenario as JSON), by path;
/// unset optional fields read as the knob's `unset` value.
pub fn values(scenario: &Value) -> serde_json::Map<String, Value> {
    knobs()
        .iter()
        .map(|k| {
            let pointer = format!("/{}", k.path.replace('.', "/"));
            let v = match scenario.pointer(&pointer) {
                None | Some(Value::Null) => Value::from(k.unset),
                Some(v) => v.clone(),
            };
            (k.path.to_string(), v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SCENARIOS;
    use crate::scenario::{set_path, Scenario};

    /// The ends of a slider (its max capped by `max_path`'s value in `base`)
    /// and both positions of a switch (menus are not covered, see the module doc).
    fn extremes(k: &Knob, base: &Value) -> Vec<String> {
        let cap = k
            .max_path
            .and_then(|p| values(base).get(p).and_then(Value::as_f64));
        match k.control {
            Control::Range => vec![
                k.min.to_string(),
                cap.map_or(k.max, |c| c.min(k.max)).to_string(),
            ],
            Control::Toggle => vec!["true".into(), "false".into()],
            Control::Choice => Vec::new(),
        }
    }

    /// Every slider end and switch position of every shipped scenario either
    /// validates, or fails on a cross-field rule that names another knob,
    /// which the user can then move (`server.latency_ms` = 1 with a spread
    /// of 5 ms fails on `server.latency_spread_ms`; `retry.cap_ms` = 0
    /// "must be at least retry.base_ms").
    #[test]
    fn every_slider_end_validates_or_names_a_knob_to_fix() {
        for (id, text) in SCENARIOS {
            let base =
                serde_json::to_value(Scenario::from_json(text).expect("shipped")).expect("json");
            for k in knobs() {
                for raw in extremes(k, &base) {
                    let mut v = base.clone();
                    set_path(&mut v, k.path, &raw).expect("settable");
                    if let Err(e) = Scenario::from_value(v) {
                        let names_other = knobs()
                            .iter()
                            .any(|o| o.path != k.path && e.message.contains(o.path));
                        let fixable =
                            find(&e.field).is_some() && (e.field != k.path || names_other);
                        assert!(fixable, "{id}: {} = {raw}: {e}", k.path);
                    }
                }
            }
        }
    }

    #[test]
    fn knobs_are_unique_grouped_and_well_formed() {
        for (i, k) in knobs().iter().enumerate() {
            assert!(
                GROUPS.contains(&k.group),
                "{}: unknown group {}",
                k.path,
                k.group
            );
            assert!(
                knobs()[..i].iter().all(|o| o.path != k.path),
                "{} twice",
                k.path
            );
            if k.control == Control::Range {
                assert!(k.min < k.max && k.step > 0.0, "{}", k.path);
            }
            if let Some(s) = k.show_if {
                assert!(
                    find(s.path).is_some_and(|c| c.control == Control::Choice),
                    "{}",
                    k.path
                );
            }
            if let Some(p) = k.max_path {
                assert!(find(p).is_some(), "{}: max_path {p} is not a knob", k.path);
            }
        }
        assert_eq!(
            find("pool.limit").map(Knob::id),
            Some("pool_limit".to_string())
        );
    }

    #[test]
    fn values_read_every_knob_and_fill_unset_fields() {
        let sc =
            Scenario::from_json(crate::catalog::scenario_text("stall-at-100").expect("shipped"))
                .expect("valid");
        let v = values(&serde_json::to_value(sc).expect("json"));
        assert_eq!(v.len(), knobs().len());
        assert_eq!(v["pool.limit"], 100);
        assert_eq!(v["server.latency_sigma"], 0.5);
    }

    /// `www/i18n.js` has a Chinese label for every knob (`knob.<path>`) and,
    /// where the knob has English help, its Chinese help (`help.<path>`).
    #[test]
    fn every_knob_has_a_chinese_label() {
        let js = include_str!("../../www/i18n.js");
        let zh = &js[js.find("\n  zh: {").expect("a zh section")..];
        let has = |key: String| zh.contains(&format!("'{key}':"));
        let missing: Vec<String> = knobs()
            .iter()
            .filter(|k| !has(format!("knob.{}", k.path)))
            .map(|k| k.path.to_string())
            .collect();
        assert!(
            missing.is_empty(),
            "no 中文 label in www/i18n.js: {missing:?}"
        );
    }
}
