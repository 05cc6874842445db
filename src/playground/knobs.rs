//! The playground's controls, as data: one `Knob` per scenario field the page
//! shows, grouped by stage in request order. The page builds its sliders,
//! switches and menus from this table (sent as JSON), so a new stage needs
//! only new rows here. A knob's path is the scenario's dotted field path; its
//! HTML id (and slider id) is the path with `_` for `.` (`pool.limit` →
//! `pool_limit`), and the URL uses the path itself.
//!
//! Invariant (tested): every slider's min and max, and both switch positions,
//! validate for every shipped scenario, so they never produce an
//! out-of-range error by themselves. A menu may (switching `clients.kind` to
//! `open` needs `clients.requests`); the page then shows the error and the
//! newly relevant knobs, and the user fixes them.

use serde::Serialize;
use serde_json::Value;

/// The stages, in the order a request meets them; the page shows a group only if it has knobs.
pub const GROUPS: [&str; 7] = ["clients", "limiter", "semaphore", "pool", "server", "retries", "timeouts"];

/// How a knob is edited.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    /// A slider with a number box: `min`..=`max` in steps of `step`.
    Range,
    /// An on/off switch (a JSON boolean).
    Toggle,
    /// A menu of `options` (JSON strings).
    Choice,
}

/// Show a knob only while the field at `path` has one of `any_of` (e.g. open-loop settings).
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct ShowIf {
    pub path: &'static str,
    pub any_of: &'static [&'static str],
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Knob {
    /// Dotted scenario path, e.g. `pool.limit`.
    pub path: &'static str,
    pub group: &'static str,
    pub control: Control,
    /// English label; the page translates by path (`www/i18n.js`).
    pub label: &'static str,
    /// English one-line help (what 0 means, the library default…).
    pub help: &'static str,
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// Unit shown after the number ("ms", "s", "req/s"), or "".
    pub unit: &'static str,
    pub options: &'static [&'static str],
    /// Shown while the field is unset (`null`), e.g. an optional parameter's effective default.
    pub unset: f64,
    pub show_if: Option<ShowIf>,
}

const fn range(path: &'static str, group: &'static str, label: &'static str, bounds: [f64; 3], unit: &'static str) -> Knob {
    Knob {
        path,
        group,
        control: Control::Range,
        label,
        help: "",
        min: bounds[0],
        max: bounds[1],
        step: bounds[2],
        unit,
        options: &[],
        unset: 0.0,
        show_if: None,
    }
}

const fn toggle(path: &'static str, group: &'static str, label: &'static str) -> Knob {
    Knob { control: Control::Toggle, ..range(path, group, label, [0.0, 1.0, 1.0], "") }
}

const fn choice(path: &'static str, group: &'static str, label: &'static str, options: &'static [&'static str]) -> Knob {
    Knob { control: Control::Choice, options, ..range(path, group, label, [0.0, 0.0, 0.0], "") }
}

impl Knob {
    const fn help(self, help: &'static str) -> Knob {
        Knob { help, ..self }
    }
    const fn when(self, path: &'static str, any_of: &'static [&'static str]) -> Knob {
        Knob { show_if: Some(ShowIf { path, any_of }), ..self }
    }
    const fn unset(self, unset: f64) -> Knob {
        Knob { unset, ..self }
    }

    /// The knob's HTML id: the path with `_` for `.`.
    pub fn id(&self) -> String {
        self.path.replace('.', "_")
    }
}

const CLOSED: &[&str] = &["gather", "workers"];

/// Every knob, in page order.
pub const KNOBS: &[Knob] = &[
    choice("clients.kind", "clients", "workload", &["gather", "workers", "open"])
        .help("gather: N tasks at once (asyncio.gather); workers: N workers drain a job list; open: arrivals at a rate"),
    range("clients.count", "clients", "tasks / workers", [1.0, 5000.0, 1.0], "").when("clients.kind", CLOSED),
    range("clients.requests_per_client", "clients", "requests per task", [1.0, 100.0, 1.0], "")
        .when("clients.kind", &["gather"]),
    range("clients.jobs", "clients", "jobs", [1.0, 100_000.0, 1.0], "").when("clients.kind", &["workers"]),
    range("clients.think_ms", "clients", "think time", [0.0, 2000.0, 1.0], "ms").when("clients.kind", CLOSED),
    range("clients.rate_per_s", "clients", "arrival rate", [1.0, 20_000.0, 1.0], "req/s")
        .when("clients.kind", &["open"]),
    range("clients.requests", "clients", "requests", [1.0, 200_000.0, 1.0], "").when("clients.kind", &["open"]),
    choice("clients.arrivals", "clients", "arrivals", &["poisson", "constant"]).when("clients.kind", &["open"]),
    range("clients.hosts", "clients", "hosts", [1.0, 50.0, 1.0], ""),
    range("clients.cpu_us_per_request", "clients", "client CPU per request", [0.0, 5000.0, 10.0], "µs")
        .help("time the single event loop spends per request"),
    range("pool.limit", "pool", "limit", [0.0, 1000.0, 1.0], "")
        .help("connections in use or connecting, all hosts; 0 = no limit (aiohttp default 100)"),
    range("pool.limit_per_host", "pool", "limit per host", [0.0, 500.0, 1.0], "").help("0 = no limit"),
    range("pool.keepalive_timeout_s", "pool", "keep-alive timeout", [0.0, 120.0, 1.0], "s")
        .help("idle connections older than this are closed (aiohttp default 15 s)"),
    toggle("pool.force_close", "pool", "new connection per request").help("force_close: close after each response"),
    range("pool.connect_ms", "pool", "connect time", [0.0, 500.0, 1.0], "ms").help("TCP handshake, plus TLS if any"),
    range("server.workers", "server", "workers per host", [0.0, 2000.0, 1.0], "").help("0 = unlimited"),
    range("server.queue_limit", "server", "queue limit", [0.0, 10_000.0, 10.0], "")
        .help("0 = unlimited; a full queue answers 503"),
    range("server.latency_ms", "server", "service time (mean)", [1.0, 1000.0, 1.0], "ms"),
    choice("server.latency_dist", "server", "distribution", &["constant", "uniform", "exponential", "lognormal", "bimodal"]),
    range("server.latency_sigma", "server", "lognormal sigma", [0.05, 2.0, 0.05], "")
        .unset(0.5)
        .when("server.latency_dist", &["lognormal"]),
    range("server.slow_probability", "server", "slow share", [0.0, 1.0, 0.01], "").when("server.latency_dist", &["bimodal"]),
    range("server.slow_factor", "server", "slow factor", [1.0, 100.0, 1.0], "×").when("server.latency_dist", &["bimodal"]),
];

/// The knob at `path`, if the page has one.
pub fn find(path: &str) -> Option<&'static Knob> {
    KNOBS.iter().find(|k| k.path == path)
}

/// The value of every knob in `scenario` (a full scenario as JSON), by path;
/// unset optional fields read as the knob's `unset` value.
pub fn values(scenario: &Value) -> serde_json::Map<String, Value> {
    KNOBS
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

    /// The ends of a slider and both positions of a switch (menus are not covered, see the module doc).
    fn extremes(k: &Knob) -> Vec<String> {
        match k.control {
            Control::Range => vec![k.min.to_string(), k.max.to_string()],
            Control::Toggle => vec!["true".into(), "false".into()],
            Control::Choice => Vec::new(),
        }
    }

    #[test]
    fn every_slider_end_validates_in_every_shipped_scenario() {
        for (id, text) in SCENARIOS {
            let base = serde_json::to_value(Scenario::from_json(text).expect("shipped")).expect("json");
            for k in KNOBS {
                for raw in extremes(k) {
                    let mut v = base.clone();
                    set_path(&mut v, k.path, &raw).expect("settable");
                    if let Err(e) = Scenario::from_value(v) {
                        panic!("{id}: {} = {raw}: {e}", k.path);
                    }
                }
            }
        }
    }

    #[test]
    fn knobs_are_unique_grouped_and_well_formed() {
        for (i, k) in KNOBS.iter().enumerate() {
            assert!(GROUPS.contains(&k.group), "{}: unknown group {}", k.path, k.group);
            assert!(KNOBS[..i].iter().all(|o| o.path != k.path), "{} twice", k.path);
            if k.control == Control::Range {
                assert!(k.min < k.max && k.step > 0.0, "{}", k.path);
            }
            if let Some(s) = k.show_if {
                assert!(find(s.path).is_some_and(|c| c.control == Control::Choice), "{}", k.path);
            }
        }
        assert_eq!(find("pool.limit").map(Knob::id), Some("pool_limit".to_string()));
    }

    #[test]
    fn values_read_every_knob_and_fill_unset_fields() {
        let sc = Scenario::from_json(crate::catalog::scenario_text("stall-at-100").expect("shipped")).expect("valid");
        let v = values(&serde_json::to_value(sc).expect("json"));
        assert_eq!(v.len(), KNOBS.len());
        assert_eq!(v["pool.limit"], 100);
        assert_eq!(v["server.latency_sigma"], 0.5);
    }
}
