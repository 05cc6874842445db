//! The playground's controls, as data: one `Knob` per scenario field the page
//! shows, grouped by stage in request order. The page builds its sliders,
//! switches and menus from this table (sent as JSON), so a new stage needs
//! only new rows here. A knob's path is the scenario's dotted field path; its
//! HTML id (and slider id) is the path with `_` for `.` (`pool.limit` →
//! `pool_limit`), and the URL uses the path itself.
//!
//! Invariant (tested): in every shipped scenario, every slider's min and
//! max, and both switch positions, validate, or fail on a cross-field rule
//! naming another knob (spread ≤ mean, cap ≥ base), which the user can fix
//! on the page. A menu may fail too (switching `clients.kind` to `open`
//! needs `clients.requests`); the page then shows the error and the newly
//! relevant knobs.

use serde::Serialize;
use serde_json::Value;

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
    /// Shown under "more settings" (folded by default), to keep the first view simple.
    pub advanced: bool,
    /// The slider's max follows the value of this field (a spread is at most the mean).
    pub max_path: Option<&'static str>,
}

const fn range(
    path: &'static str,
    group: &'static str,
    label: &'static str,
    bounds: [f64; 3],
    unit: &'static str,
) -> Knob {
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
        advanced: false,
        max_path: None,
    }
}

const fn toggle(path: &'static str, group: &'static str, label: &'static str) -> Knob {
    Knob {
        control: Control::Toggle,
        ..range(path, group, label, [0.0, 1.0, 1.0], "")
    }
}

const fn choice(
    path: &'static str,
    group: &'static str,
    label: &'static str,
    options: &'static [&'static str],
) -> Knob {
    Knob {
        control: Control::Choice,
        options,
        ..range(path, group, label, [0.0, 0.0, 0.0], "")
    }
}

impl Knob {
    const fn help(self, help: &'static str) -> Knob {
        Knob { help, ..self }
    }
    const fn when(self, path: &'static str, any_of: &'static [&'static str]) -> Knob {
        Knob {
            show_if: Some(ShowIf { path, any_of }),
            ..self
        }
    }
    const fn unset(self, unset: f64) -> Knob {
        Knob { unset, ..self }
    }
    const fn advanced(self) -> Knob {
        Knob {
            advanced: true,
            ..self
        }
    }
    const fn max_of(self, path: &'static str) -> Knob {
        Knob {
            max_path: Some(path),
            ..self
        }
    }

    /// The knob's HTML id: the path with `_` for `.`.
    pub fn id(&self) -> String {
        self.path.replace('.', "_")
    }
}

const CLOSED: &[&str] = &["gather", "workers"];
const RATE_KINDS: &[&str] = &["token_bucket", "leaky_bucket", "gcra"];
const WINDOW_KINDS: &[&str] = &["fixed_window", "sliding_window", "sliding_log"];
const LIMITERS: &[&str] = &[
    "token_bucket",
    "leaky_bucket",
    "gcra",
    "fixed_window",
    "sliding_window",
    "sliding_log",
];
const SEMAPHORES: &[&str] = &["fifo", "weighted"];
const ADAPTIVE: &[&str] = &["aimd", "vegas", "gradient2", "ewma_score", "guide_score"];

/// Every knob, in page order.
pub const KNOBS: &[Knob] = &[
    // clients
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
        .help("time the single event loop spends per attempt, before the pool")
        .advanced(),
    range("clients.cpu_us_task_start", "clients", "client CPU per task start", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to start a request's task, before any gate")
        .advanced(),
    range("clients.cpu_us_connect", "clients", "client CPU per new connection", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to set up a connection (connect, TLS)")
        .advanced(),
    range("clients.cpu_us_send", "clients", "client CPU per send", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to write a request, holding its connection")
        .advanced(),
    range("clients.cpu_us_read", "clients", "client CPU per response read", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to read a response, holding its connection")
        .advanced(),
    range("clients.cpu_us_pool_scan", "clients", "client CPU per queued request scanned", [0.0, 100.0, 0.5], "µs")
        .help("per request waiting in the pool, on each request and each release (httpcore)")
        .advanced(),
    // limiter
    choice("limiter.kind", "limiter", "rate limiter", &["none", "token_bucket", "leaky_bucket", "gcra", "fixed_window", "sliding_window", "sliding_log"])
        .help("a client-side rate limiter in front of everything else"),
    choice("limiter.mode", "limiter", "when over the rate", &["wait", "reject"]).when("limiter.kind", LIMITERS),
    range("limiter.rate_per_s", "limiter", "rate", [1.0, 10_000.0, 1.0], "req/s").when("limiter.kind", RATE_KINDS),
    range("limiter.burst", "limiter", "burst", [1.0, 1000.0, 1.0], "").when("limiter.kind", RATE_KINDS),
    toggle("limiter.nodelay", "limiter", "nodelay (nginx)").when("limiter.kind", &["leaky_bucket"]),
    range("limiter.limit", "limiter", "requests per window", [1.0, 10_000.0, 1.0], "").when("limiter.kind", WINDOW_KINDS),
    range("limiter.window_ms", "limiter", "window", [1.0, 10_000.0, 1.0], "ms").when("limiter.kind", WINDOW_KINDS),
    // adaptive
    choice("adaptive.kind", "adaptive", "adaptive limit", &["none", "aimd", "vegas", "gradient2", "ewma_score", "guide_score"])
        .help("a concurrency limit that follows the measured latency (Netflix concurrency-limits)"),
    range("adaptive.initial_limit", "adaptive", "initial limit", [1.0, 1000.0, 1.0], "")
        .max_of("adaptive.max_limit")
        .when("adaptive.kind", ADAPTIVE),
    range("adaptive.min_limit", "adaptive", "min limit", [1.0, 1000.0, 1.0], "")
        .max_of("adaptive.max_limit")
        .when("adaptive.kind", ADAPTIVE)
        .advanced(),
    range("adaptive.max_limit", "adaptive", "max limit", [1.0, 5000.0, 1.0], "")
        .when("adaptive.kind", ADAPTIVE)
        .advanced(),
    // semaphore
    choice("semaphore.kind", "semaphore", "semaphore", &["none", "fifo", "weighted"])
        .help("fifo: asyncio.Semaphore; weighted: Go's semaphore.Weighted"),
    range("semaphore.permits", "semaphore", "permits", [1.0, 1000.0, 1.0], "").when("semaphore.kind", SEMAPHORES),
    choice("semaphore.scope", "semaphore", "held around", &["request", "batch"]).when("semaphore.kind", SEMAPHORES),
    range("semaphore.max_waiters", "semaphore", "queue capacity (0 = unbounded)", [0.0, 20000.0, 100.0], "").when("semaphore.kind", SEMAPHORES),
    // pool
    range("pool.limit", "pool", "limit", [0.0, 1000.0, 1.0], "")
        .help("connections across all hosts; 0 = no limit (aiohttp default 100)"),
    range("pool.limit_per_host", "pool", "limit per host", [0.0, 500.0, 1.0], "").help("0 = no limit"),
    range("pool.keepalive_timeout_s", "pool", "keep-alive timeout", [0.0, 120.0, 1.0], "s")
        .help("idle connections older than this are closed (aiohttp default 15 s)"),
    toggle("pool.force_close", "pool", "new connection per request").help("force_close: close after each response"),
    range("pool.connect_ms", "pool", "connect time", [0.0, 500.0, 1.0], "ms").help("TCP handshake, plus TLS if any"),
    choice("pool.limit_counts", "pool", "limit counts", &["acquired", "open"])
        .help("acquired: in use + connecting (aiohttp); open: idle ones too (httpx, Go)")
        .advanced(),
    range("pool.max_idle_per_host", "pool", "idle kept per host", [0.0, 500.0, 1.0], "")
        .help("extra idle connections are closed on return (Go: 2); 0 = no cap")
        .advanced(),
    range("pool.max_idle", "pool", "idle kept in all", [0.0, 500.0, 1.0], "")
        .help("SetMaxIdleConns: extra idle connections are closed on return; 0 = no cap")
        .advanced(),
    range("pool.max_lifetime_s", "pool", "connection lifetime", [0.0, 7200.0, 10.0], "s")
        .help("SetConnMaxLifetime: older connections are closed when released; 0 = forever")
        .advanced(),
    choice("pool.on_full", "pool", "when the pool is full", &["wait", "overflow"])
        .help("overflow: open an extra connection anyway (requests/urllib3)")
        .advanced(),
    range("pool.time_wait_s", "pool", "TIME_WAIT", [0.0, 120.0, 1.0], "s")
        .help("how long a socket the client closed stays in TIME_WAIT (Linux: 60 s)")
        .advanced(),
    range("pool.leak_probability", "pool", "leaked responses", [0.0, 0.2, 0.001], "")
        .help("share of responses never released: their connection is lost")
        .advanced(),
    // cache (in front of the backend; only used when the scenario enables it)
    range("cache.ttl_s", "cache", "time to live", [0.0, 7200.0, 10.0], "s")
        .help("base TTL of a cached entry (the guide: 30 min)")
        .advanced(),
    range("cache.ttl_jitter_min_s", "cache", "TTL jitter from", [0.0, 3600.0, 10.0], "s")
        .help("each load adds a random jitter between these two to the TTL")
        .advanced(),
    range("cache.ttl_jitter_max_s", "cache", "TTL jitter up to", [0.0, 3600.0, 10.0], "s")
        .help("at least the lower end; 0 and 0 = no jitter: keys loaded together expire together")
        .advanced(),
    toggle("cache.stampede_protection", "cache", "single flight")
        .help("a request for a key being loaded waits for that load instead of loading it again")
        .advanced(),
    // server
    range("server.workers", "server", "workers per host", [0.0, 2000.0, 1.0], "").help("0 = unlimited"),
    range("server.queue_limit", "server", "queue limit", [0.0, 10_000.0, 10.0], "")
        .help("0 = unlimited; a full queue answers 503"),
    range("server.latency_ms", "server", "service time (mean)", [1.0, 1000.0, 1.0], "ms"),
    choice("server.latency_dist", "server", "distribution", &["constant", "uniform", "exponential", "lognormal", "bimodal"]),
    range("server.latency_spread_ms", "server", "spread (±)", [0.0, 1000.0, 1.0], "ms")
        .help("at most the mean; unset = the mean")
        .unset(f64::NAN)
        .max_of("server.latency_ms")
        .when("server.latency_dist", &["uniform"]),
    range("server.latency_sigma", "server", "lognormal sigma", [0.05, 2.0, 0.05], "")
        .unset(0.5)
        .when("server.latency_dist", &["lognormal"]),
    range("server.slow_probability", "server", "slow share", [0.0, 1.0, 0.01], "").when("server.latency_dist", &["bimodal"]),
    range("server.slow_factor", "server", "slow factor", [1.0, 100.0, 1.0], "×").when("server.latency_dist", &["bimodal"]),
    range("server.error_probability", "server", "errors (500)", [0.0, 1.0, 0.01], "").advanced(),
    toggle("server.contended", "server", "one contended resource")
        .help("optimistic concurrency: a write fails (conflict) if another committed since its read")
        .advanced(),
    range("server.knee_concurrency", "server", "slows down past", [0.0, 2000.0, 1.0], "")
        .help("concurrent requests per host before service time grows; 0 = never")
        .advanced(),
    range("server.knee_slope", "server", "slow-down per extra request", [0.0, 0.2, 0.001], "")
        .help("0.02 = +2% service time per request above the knee")
        .advanced(),
    range("server.cpu_us_per_request", "server", "server CPU per request", [0.0, 5000.0, 10.0], "µs")
        .help("one server core shared by all requests, before the workers")
        .advanced(),
    // retries
    range("retry.max_attempts", "retries", "attempts", [1.0, 10.0, 1.0], "").help("1 = no retries"),
    choice("retry.backoff", "retries", "backoff", &["exponential", "constant", "none"]),
    range("retry.base_ms", "retries", "backoff base", [0.0, 5000.0, 10.0], "ms"),
    range("retry.cap_ms", "retries", "backoff cap", [0.0, 60_000.0, 100.0], "ms").help("at least the base"),
    choice("retry.jitter", "retries", "jitter", &["full", "equal", "decorrelated", "grpc", "none"]),
    toggle("retry.budget.enabled", "retries", "retry budget").help("a token bucket of retries, like botocore's quota").advanced(),
    toggle("retry.honor_retry_after", "retries", "honour Retry-After").advanced(),
    // timeouts
    range("timeouts.pool_acquire_ms", "timeouts", "pool wait", [0.0, 30_000.0, 100.0], "ms").help("0 = none"),
    range("timeouts.connect_ms", "timeouts", "connect", [0.0, 30_000.0, 100.0], "ms").help("0 = none"),
    range("timeouts.attempt_ms", "timeouts", "per attempt", [0.0, 30_000.0, 100.0], "ms").help("0 = none"),
    range("timeouts.total_ms", "timeouts", "total", [0.0, 300_000.0, 1000.0], "ms").help("whole request, retries included; 0 = none"),
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
            for k in KNOBS {
                for raw in extremes(k, &base) {
                    let mut v = base.clone();
                    set_path(&mut v, k.path, &raw).expect("settable");
                    if let Err(e) = Scenario::from_value(v) {
                        let names_other = KNOBS
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
        for (i, k) in KNOBS.iter().enumerate() {
            assert!(
                GROUPS.contains(&k.group),
                "{}: unknown group {}",
                k.path,
                k.group
            );
            assert!(
                KNOBS[..i].iter().all(|o| o.path != k.path),
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
        assert_eq!(v.len(), KNOBS.len());
        assert_eq!(v["pool.limit"], 100);
        assert_eq!(v["server.latency_sigma"], 0.5);
    }
}
