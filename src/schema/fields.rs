//! The field table: one row per scenario field with a fixed range or a
//! page control. A row holds the dotted path, what the field accepts
//! (`Valid`: a whole number, a number, a number above 0, one of a few
//! values, or `Free` when only code checks it), its default (JSON text, as
//! serde writes it), and, for the page, the control (slider range and step,
//! switch or menu), unit, group, whether it is folded under "more settings",
//! and the English label and help. The page's translation of a row is
//! `knob.<path>` (label) and `help.<path>` in `www/i18n.js`.
//!
//! Who reads it: range validation of plain numeric fields (`check`,
//! `check_section`), the message for a negative or fractional whole number
//! (`scenario/whole.rs`), the page's knobs (`playground/knobs.rs`), and the
//! test that `www/i18n.js` has a Chinese label per knob. Rules joining two
//! fields (a spread at most the mean, cap ≥ base) stay in the part's
//! `validate()`.
//!
//! Adding a plain numeric knob: a field in the part's `Config` (+ default and
//! behaviour), one row here, its Chinese label, the snippets (ARCHITECTURE.md
//! "Adding a knob"). A row without `when` under a section that calls
//! `check_section` is validated with no further code.

use super::check::{float_in, int_in, positive};
use super::ConfigError;
use serde::Serialize;
use serde_json::Value;

/// What a field accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Valid {
    /// No fixed range (a switch, a menu, a bound that follows another field).
    Free,
    /// A whole number in `lo..=hi`.
    Whole(u64, u64),
    /// A number in `lo..=hi`.
    Num(f64, f64),
    /// A number above 0, at most the bound.
    Positive(f64),
    /// One of these whole numbers.
    OneOf(&'static [u64]),
}

use Valid::{Num, OneOf, Positive, Whole};

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

/// One row of the table. Serialized (without `valid` and `default`), a row
/// on the page is what the page builds its control from (`playground::knobs`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Field {
    /// Dotted scenario path, e.g. `pool.limit` (`a[]` for every entry of a list).
    pub path: &'static str,
    #[serde(skip)]
    pub valid: Valid,
    /// The default as JSON text (`"100"`, `"\"fifo\""`), or "" for none (optional fields).
    #[serde(skip)]
    pub default: &'static str,
    /// The page group (a stage), or "" when not on the page.
    pub group: &'static str,
    /// The page's control; None for a field only files and `--set` reach.
    pub control: Option<Control>,
    /// English label (the page translates `knob.<path>`).
    pub label: &'static str,
    /// English one-line help (what 0 means, the library default…); `help.<path>`.
    pub help: &'static str,
    /// The slider's range and step.
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
) -> Field {
    Field {
        path,
        valid: Valid::Free,
        default: "",
        group,
        control: Some(Control::Range),
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

const fn toggle(path: &'static str, group: &'static str, label: &'static str) -> Field {
    Field {
        control: Some(Control::Toggle),
        ..range(path, group, label, [0.0, 1.0, 1.0], "")
    }
}

const fn choice(
    path: &'static str,
    group: &'static str,
    label: &'static str,
    options: &'static [&'static str],
) -> Field {
    Field {
        control: Some(Control::Choice),
        options,
        ..range(path, group, label, [0.0, 0.0, 0.0], "")
    }
}

/// A field that is not on the page.
const fn field(path: &'static str, valid: Valid) -> Field {
    Field {
        control: None,
        valid,
        ..range(path, "", "", [0.0, 0.0, 0.0], "")
    }
}

impl Field {
    const fn help(self, help: &'static str) -> Field {
        Field { help, ..self }
    }
    const fn when(self, path: &'static str, any_of: &'static [&'static str]) -> Field {
        Field {
            show_if: Some(ShowIf { path, any_of }),
            ..self
        }
    }
    const fn unset(self, unset: f64) -> Field {
        Field { unset, ..self }
    }
    const fn advanced(self) -> Field {
        Field {
            advanced: true,
            ..self
        }
    }
    const fn max_of(self, path: &'static str) -> Field {
        Field {
            max_path: Some(path),
            ..self
        }
    }
    const fn valid(self, valid: Valid) -> Field {
        Field { valid, ..self }
    }
    const fn is(self, default: &'static str) -> Field {
        Field { default, ..self }
    }
    const fn unit(self, unit: &'static str) -> Field {
        Field { unit, ..self }
    }

    /// On the page (a slider, switch or menu).
    pub fn on_page(&self) -> bool {
        self.control.is_some()
    }

    /// Checks `x` against `valid`, naming `field`.
    pub fn check_value(&self, field: &str, x: f64) -> Result<(), ConfigError> {
        match self.valid {
            Valid::Free => Ok(()),
            Whole(lo, hi) if x.fract() == 0.0 && x >= 0.0 => int_in(field, x as u64, lo, hi),
            Whole(lo, hi) => Err(ConfigError::new(
                field,
                format!("must be a whole number between {lo} and {hi} (got {x})"),
            )),
            Num(lo, hi) => float_in(field, x, lo, hi),
            Positive(hi) => positive(field, x, hi),
            OneOf(values) if values.iter().any(|v| *v as f64 == x) => Ok(()),
            OneOf(values) => Err(ConfigError::new(
                field,
                format!("must be {} (got {x})", one_of(values)),
            )),
        }
    }
}

/// `429 or 503`, `1, 2 or 3`.
pub fn one_of(values: &[u64]) -> String {
    let words: Vec<String> = values.iter().map(u64::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

/// The row for `path` (`server.outages[3].workers` is looked up as `server.outages[].workers`).
pub fn find(path: &str) -> Option<&'static Field> {
    let key = strip_indices(path);
    FIELDS.iter().find(|f| f.path == key)
}

/// Checks a number against its row's range; a path without a row is a
/// programming error, reported as a failed check naming it.
pub fn check(path: &str, value: impl Into<f64>) -> Result<(), ConfigError> {
    match find(path) {
        Some(f) => f.check_value(path, value.into()),
        None => Err(ConfigError::new(path, "has no row in the field table")),
    }
}

/// Checks every row under `section` (e.g. `pool`) that has no `when`
/// condition against the section's values (`section_value`, the section
/// serialized), in table order.
pub fn check_section(section: &str, section_value: &Value) -> Result<(), ConfigError> {
    for f in FIELDS.iter().filter(|f| f.show_if.is_none()) {
        let Some(name) = f
            .path
            .strip_prefix(section)
            .and_then(|p| p.strip_prefix('.'))
        else {
            continue;
        };
        if let Some(x) = section_value.get(name).and_then(Value::as_f64) {
            f.check_value(f.path, x)?;
        }
    }
    Ok(())
}

/// `a[12].b[3]` → `a[].b[]`.
pub fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

const CLOSED: &[&str] = &["gather", "workers"];
const SIZED: &[&str] = &["gather", "workers", "batches"];
const DRAINED: &[&str] = &["workers", "batches"];
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

/// Every field, the page's knobs first in page order, then the fields
/// only files and `--set` reach.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    // clients
    choice("clients.kind", "clients", "workload", &["gather", "workers", "batches", "open"])
        .help("gather: N tasks at once (asyncio.gather); workers: N workers drain a job list; batches: the jobs N at a time, each chunk awaited; open: arrivals at a rate").is("\"gather\""),
    range("clients.count", "clients", "tasks / workers / chunk size", [1.0, 5000.0, 1.0], "").when("clients.kind", SIZED).valid(Whole(1, 100_000)).is("1"),
    range("clients.requests_per_client", "clients", "requests per task", [1.0, 100.0, 1.0], "")
        .when("clients.kind", &["gather"]).valid(Whole(1, 1_000_000)).is("1"),
    range("clients.jobs", "clients", "jobs", [1.0, 100_000.0, 1.0], "").when("clients.kind", DRAINED).valid(Whole(1, 1_000_000_000)).is("1"),
    range("clients.think_ms", "clients", "think time", [0.0, 2000.0, 1.0], "ms").when("clients.kind", CLOSED).valid(Num(0.0, 3.6e6)).is("0.0"),
    range("clients.rate_per_s", "clients", "arrival rate", [1.0, 20_000.0, 1.0], "req/s")
        .when("clients.kind", &["open"]).valid(Positive(1e7)).is("100.0"),
    range("clients.requests", "clients", "requests", [1.0, 200_000.0, 1.0], "").when("clients.kind", &["open"]).valid(Whole(0, 1_000_000_000)).is("0"),
    choice("clients.arrivals", "clients", "arrivals", &["poisson", "constant"]).when("clients.kind", &["open"]).is("\"poisson\""),
    range("clients.hosts", "clients", "hosts", [1.0, 50.0, 1.0], "").valid(Whole(1, 1_000)).is("1"),
    range("clients.cpu_us_per_request", "clients", "client CPU per request", [0.0, 5000.0, 10.0], "µs")
        .help("time the single event loop spends per attempt, before the pool")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    range("clients.cpu_us_task_start", "clients", "client CPU per task start", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to start a request's task, before any gate")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    range("clients.cpu_us_connect", "clients", "client CPU per new connection", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to set up a connection (connect, TLS)")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    range("clients.cpu_us_send", "clients", "client CPU per send", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to write a request, holding its connection")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    range("clients.cpu_us_read", "clients", "client CPU per response read", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to read a response, holding its connection")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    range("clients.cpu_us_pool_scan", "clients", "client CPU per queued request scanned", [0.0, 100.0, 0.5], "µs")
        .help("per request waiting in the pool per open connection, on each request and each release (httpcore)")
        .advanced().valid(Num(0.0, 1e4)).is("0.0"),
    range("clients.cpu_us_per_open_conn", "clients", "client CPU per open connection per read", [0.0, 10.0, 0.05], "µs")
        .help("added to each response read for every connection open (selector and transport bookkeeping)")
        .advanced().valid(Num(0.0, 1e3)).is("0.0"),
    range("clients.cpu_us_close", "clients", "client CPU per connection closed", [0.0, 5000.0, 10.0], "µs")
        .help("event-loop time to close a connection during the run (Connection: close, idle expiry)")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    // limiter
    choice("limiter.kind", "limiter", "rate limiter", &["none", "token_bucket", "leaky_bucket", "gcra", "fixed_window", "sliding_window", "sliding_log"])
        .help("a client-side rate limiter in front of everything else").is("\"none\""),
    choice("limiter.mode", "limiter", "when over the rate", &["wait", "reject"]).when("limiter.kind", LIMITERS).is("\"wait\""),
    range("limiter.rate_per_s", "limiter", "rate", [1.0, 10_000.0, 1.0], "req/s").when("limiter.kind", RATE_KINDS).is("100.0"),
    range("limiter.burst", "limiter", "burst", [1.0, 1000.0, 1.0], "").when("limiter.kind", RATE_KINDS).valid(Whole(0, 1_000_000)).is("1"),
    toggle("limiter.nodelay", "limiter", "nodelay (nginx)").when("limiter.kind", &["leaky_bucket"]).is("false"),
    range("limiter.limit", "limiter", "requests per window", [1.0, 10_000.0, 1.0], "").when("limiter.kind", WINDOW_KINDS).valid(Whole(1, 1_000_000)).is("100"),
    range("limiter.window_ms", "limiter", "window", [1.0, 10_000.0, 1.0], "ms").when("limiter.kind", WINDOW_KINDS).is("1000.0"),
    // adaptive
    choice("adaptive.kind", "adaptive", "adaptive limit", &["none", "aimd", "vegas", "gradient2", "ewma_score", "guide_score"])
        .help("a concurrency limit that follows the measured latency (Netflix concurrency-limits)").is("\"none\""),
    range("adaptive.initial_limit", "adaptive", "initial limit", [1.0, 1000.0, 1.0], "")
        .max_of("adaptive.max_limit")
        .when("adaptive.kind", ADAPTIVE).valid(Whole(1, 1_000_000)).is("20"),
    range("adaptive.min_limit", "adaptive", "min limit", [1.0, 1000.0, 1.0], "")
        .max_of("adaptive.max_limit")
        .when("adaptive.kind", ADAPTIVE)
        .advanced().valid(Whole(1, 1_000_000)).is("1"),
    range("adaptive.max_limit", "adaptive", "max limit", [1.0, 5000.0, 1.0], "")
        .when("adaptive.kind", ADAPTIVE)
        .advanced().valid(Whole(1, 1_000_000)).is("1000"),
    // semaphore
    choice("semaphore.kind", "semaphore", "semaphore", &["none", "fifo", "weighted"])
        .help("fifo: asyncio.Semaphore; weighted: Go's semaphore.Weighted").is("\"none\""),
    range("semaphore.permits", "semaphore", "permits", [1.0, 1000.0, 1.0], "").when("semaphore.kind", SEMAPHORES).valid(Whole(1, 1_000_000)).is("50"),
    choice("semaphore.scope", "semaphore", "held around", &["request", "batch"]).when("semaphore.kind", SEMAPHORES).is("\"request\""),
    range("semaphore.max_waiters", "semaphore", "queue capacity (0 = unbounded)", [0.0, 20000.0, 100.0], "").when("semaphore.kind", SEMAPHORES).valid(Whole(0, 100_000_000)).is("0"),
    // pool
    range("pool.limit", "pool", "limit", [0.0, 1000.0, 1.0], "")
        .help("connections across all hosts; 0 = no limit (aiohttp default 100)").valid(Whole(0, 100_000)).is("100"),
    range("pool.limit_per_host", "pool", "limit per host", [0.0, 500.0, 1.0], "").help("0 = no limit").valid(Whole(0, 100_000)).is("0"),
    range("pool.keepalive_timeout_s", "pool", "keep-alive timeout", [0.0, 120.0, 1.0], "s")
        .help("idle connections older than this are closed (aiohttp default 15 s)").valid(Num(0.0, 86_400.0)).is("15.0"),
    toggle("pool.force_close", "pool", "new connection per request").help("force_close: close after each response").is("false"),
    range("pool.connect_ms", "pool", "connect time", [0.0, 500.0, 1.0], "ms").help("TCP handshake, plus TLS if any").valid(Num(0.0, 60_000.0)).is("1.0"),
    choice("pool.limit_counts", "pool", "limit counts", &["acquired", "open"])
        .help("acquired: in use + connecting (aiohttp); open: idle ones too (httpx, Go)")
        .advanced().is("\"acquired\""),
    range("pool.max_idle_per_host", "pool", "idle kept per host", [0.0, 500.0, 1.0], "")
        .help("extra idle connections are closed on return (Go: 2); 0 = no cap")
        .advanced().valid(Whole(0, 100_000)).is("0"),
    range("pool.max_idle", "pool", "idle kept in all", [0.0, 500.0, 1.0], "")
        .help("SetMaxIdleConns: extra idle connections are closed on return; 0 = no cap")
        .advanced().valid(Whole(0, 100_000)).is("0"),
    range("pool.put_back_us", "pool", "put-back delay", [0.0, 5000.0, 10.0], "µs")
        .help("from a response read to its connection being idle again; a request asking meanwhile dials (Go)")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    range("pool.max_lifetime_s", "pool", "connection lifetime", [0.0, 7200.0, 10.0], "s")
        .help("SetConnMaxLifetime: older connections are closed when released; 0 = forever")
        .advanced().valid(Num(0.0, 86_400.0)).is("0.0"),
    choice("pool.on_full", "pool", "when the pool is full", &["wait", "overflow"])
        .help("overflow: open an extra connection anyway (requests/urllib3)")
        .advanced().is("\"wait\""),
    range("pool.time_wait_s", "pool", "TIME_WAIT", [0.0, 120.0, 1.0], "s")
        .help("how long a socket the client closed stays in TIME_WAIT (Linux: 60 s)")
        .advanced().valid(Num(0.0, 3_600.0)).is("60.0"),
    range("pool.leak_probability", "pool", "leaked responses", [0.0, 0.2, 0.001], "")
        .help("share of responses never released: their connection is lost")
        .advanced().valid(Num(0.0, 1.0)).is("0.0"),
    range("pool.peer_idle_close_s", "pool", "server closes idle after", [0.0, 300.0, 1.0], "s")
        .help("the server closes a connection idle on its side this long (nginx: 75 s); a leaked one then sits in CLOSE_WAIT; 0 = never")
        .advanced().valid(Num(0.0, 86_400.0)).is("0.0"),
    // cache (in front of the backend; only used when the scenario enables it; ranges checked by cache::Config::validate)
    range("cache.ttl_s", "cache", "time to live", [0.0, 7200.0, 10.0], "s")
        .help("base TTL of a cached entry (the guide: 30 min)")
        .advanced().is("1800.0"),
    range("cache.ttl_jitter_min_s", "cache", "TTL jitter from", [0.0, 3600.0, 10.0], "s")
        .help("each load adds a random jitter between these two to the TTL")
        .advanced().is("0.0"),
    range("cache.ttl_jitter_max_s", "cache", "TTL jitter up to", [0.0, 3600.0, 10.0], "s")
        .help("at least the lower end; 0 and 0 = no jitter: keys loaded together expire together")
        .advanced().is("0.0"),
    toggle("cache.stampede_protection", "cache", "single flight")
        .help("a request for a key being loaded waits for that load instead of loading it again")
        .advanced().is("false"),
    // server
    range("server.workers", "server", "workers per host", [0.0, 2000.0, 1.0], "").help("0 = unlimited").valid(Whole(0, 1_000_000)).is("0"),
    range("server.queue_limit", "server", "queue limit", [0.0, 10_000.0, 10.0], "")
        .help("0 = unlimited; a full queue answers 503").valid(Whole(0, 10_000_000)).is("0"),
    range("server.latency_ms", "server", "service time (mean)", [1.0, 1000.0, 1.0], "ms").valid(Positive(3.6e6)).is("50.0"),
    choice("server.latency_dist", "server", "distribution", &["constant", "uniform", "exponential", "lognormal", "bimodal", "abs_normal"]).is("\"constant\""),
    range("server.latency_spread_ms", "server", "spread (±)", [0.0, 1000.0, 1.0], "ms")
        .help("at most the mean; unset = the mean")
        .unset(f64::NAN)
        .max_of("server.latency_ms")
        .when("server.latency_dist", &["uniform", "abs_normal"]),
    range("server.latency_sigma", "server", "lognormal sigma", [0.05, 2.0, 0.05], "")
        .unset(0.5)
        .when("server.latency_dist", &["lognormal"]).valid(Num(0.0, 4.0)),
    range("server.slow_probability", "server", "slow share", [0.0, 1.0, 0.01], "").when("server.latency_dist", &["bimodal"]).valid(Num(0.0, 1.0)).is("0.1"),
    range("server.slow_factor", "server", "slow factor", [1.0, 100.0, 1.0], "×").when("server.latency_dist", &["bimodal"]).valid(Num(1.0, 10_000.0)).is("10.0"),
    range("server.error_probability", "server", "errors (500)", [0.0, 1.0, 0.01], "").advanced().valid(Num(0.0, 1.0)).is("0.0"),
    toggle("server.contended", "server", "one contended resource")
        .help("optimistic concurrency: a write fails (conflict) if another committed since its read")
        .advanced().is("false"),
    range("server.knee_concurrency", "server", "slows down past", [0.0, 2000.0, 1.0], "")
        .help("concurrent requests per host before service time grows; 0 = never")
        .advanced().valid(Whole(0, 1_000_000)).is("0"),
    range("server.knee_slope", "server", "slow-down per extra request", [0.0, 0.2, 0.001], "")
        .help("0.02 = +2% service time per request above the knee")
        .advanced().valid(Num(0.0, 100.0)).is("0.0"),
    range("server.cpu_us_per_request", "server", "server CPU per request", [0.0, 5000.0, 10.0], "µs")
        .help("one server core shared by all requests, before the workers")
        .advanced().valid(Num(0.0, 1e6)).is("0.0"),
    // retries
    range("retry.max_attempts", "retries", "attempts", [1.0, 10.0, 1.0], "").help("1 = no retries").valid(Whole(1, 100)).is("1"),
    choice("retry.backoff", "retries", "backoff", &["exponential", "constant", "none"]).is("\"exponential\""),
    range("retry.base_ms", "retries", "backoff base", [0.0, 5000.0, 10.0], "ms").is("100.0"),
    range("retry.cap_ms", "retries", "backoff cap", [0.0, 60_000.0, 100.0], "ms").help("at least the base").is("20000.0"),
    choice("retry.jitter", "retries", "jitter", &["full", "equal", "decorrelated", "grpc", "none"]).is("\"full\""),
    toggle("retry.budget.enabled", "retries", "retry budget").help("a token bucket of retries, like botocore's quota").advanced().is("false"),
    toggle("retry.honor_retry_after", "retries", "honour Retry-After").advanced().is("true"),
    // timeouts
    range("timeouts.pool_acquire_ms", "timeouts", "pool wait", [0.0, 30_000.0, 100.0], "ms").help("0 = none").is("0.0"),
    range("timeouts.connect_ms", "timeouts", "connect", [0.0, 30_000.0, 100.0], "ms").help("0 = none").is("0.0"),
    range("timeouts.attempt_ms", "timeouts", "per attempt", [0.0, 30_000.0, 100.0], "ms").help("0 = none").is("0.0"),
    range("timeouts.total_ms", "timeouts", "total", [0.0, 300_000.0, 1000.0], "ms").help("whole request, retries included; 0 = none").is("0.0"),
    // not on the page
    field("seed", Whole(0, u64::MAX)).is("1"),
    field("limiter.delay", Whole(0, 1_000_000)).is("0"),
    field("adaptive.base_limit", Whole(1, 1_000_000)).is("100"),
    field("semaphore.weights[]", Whole(1, 1_000_000)),
    field("server.capacity_dips[].workers", Whole(1, 1_000_000)),
    field("server.rate_limit.burst", Whole(0, 1_000_000)).is("1"),
    field("server.rate_limit.limit", Whole(1, 1_000_000)).is("100"),
    field("server.rate_limit.delay", Whole(0, 1_000_000)).is("0"),
    field("server.rate_limit_status", OneOf(&[429, 503])).is("429"),
    field("retry.budget.capacity", Whole(1, 1_000_000)).is("500"),
    field("retry.budget.retry_cost", Whole(0, 1_000_000)).is("5"),
    field("retry.budget.timeout_retry_cost", Whole(0, 1_000_000)).is("10"),
    field("retry.budget.success_increment", Whole(0, 1_000_000)).is("1"),
    field("cache.keys", Whole(1, 1_000_000)).is("1000"),
    field("run.max_events", Whole(1, 2_000_000_000)).is("50000000"),
    field("run.max_in_flight", Whole(1, 10_000_000)).is("1000000"),
    field("clients.duration_s", Num(0.0, 1e6)).is("0.0"),
    field("server.retry_after_s", Num(0.0, 86_400.0)).is("0.0"),
    field("run.horizon_s", Positive(1e7)).is("3600.0"),
    field("server.network_ms", Num(0.0, 60_000.0)).unit("ms").is("0.0"),
    field("server.network_spread_ms", Num(0.0, 60_000.0)).unit("ms").is("0.0"),
    field("server.read_write_hops", Whole(0, 100)).is("0"),
    field("retry.first_exponent", Whole(0, 62)).is("0"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_unique_and_well_formed() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(
                FIELDS[..i].iter().all(|o| o.path != f.path),
                "{} twice",
                f.path
            );
            match f.valid {
                Whole(lo, hi) => assert!(lo <= hi, "{}", f.path),
                Num(lo, hi) => assert!(lo < hi, "{}", f.path),
                _ => {}
            }
            if f.on_page() {
                assert!(!f.group.is_empty() && !f.label.is_empty(), "{}", f.path);
            }
            if f.control == Some(Control::Range) {
                if let Whole(lo, hi) = f.valid {
                    assert!(
                        f.min >= lo as f64 && f.max <= hi as f64,
                        "{}: slider outside",
                        f.path
                    );
                }
                if let Num(lo, hi) = f.valid {
                    assert!(f.min >= lo && f.max <= hi, "{}: slider outside", f.path);
                }
            }
        }
    }

    #[test]
    fn checks_name_the_field_and_the_range() {
        let e = check("pool.limit", 100_001u32).unwrap_err();
        assert_eq!(
            e.to_string(),
            "pool.limit: must be between 0 and 100000 (got 100001)"
        );
        assert!(check("pool.leak_probability", 0.5).is_ok());
        let e = check("server.rate_limit_status", 430u16).unwrap_err();
        assert_eq!(
            e.to_string(),
            "server.rate_limit_status: must be 429 or 503 (got 430)"
        );
        assert_eq!(
            find("server.capacity_dips[2].workers").map(|f| f.path),
            Some("server.capacity_dips[].workers")
        );
        assert_eq!(
            check("pool.nonsense", 1u8).unwrap_err().field,
            "pool.nonsense"
        );
        let pool = serde_json::json!({"limit": 5, "connect_ms": -1.0});
        assert_eq!(
            check_section("pool", &pool).unwrap_err().field,
            "pool.connect_ms"
        );
    }

    /// Each row's default is what the part's `Default` writes.
    #[test]
    fn defaults_are_the_configs_defaults() {
        let sc = crate::Scenario::from_json(r#"{"clients": {}}"#).expect("defaults validate");
        let all = serde_json::to_value(sc).expect("json");
        let mut checked = 0;
        for f in FIELDS.iter().filter(|f| !f.default.is_empty()) {
            let pointer = format!("/{}", f.path.replace('.', "/"));
            let want: Value = serde_json::from_str(f.default).expect("default is JSON");
            assert_eq!(all.pointer(&pointer), Some(&want), "{}", f.path);
            checked += 1;
        }
        assert!(checked > 60, "{checked} defaults checked");
    }

    /// Every check of a whole number or a range with a row is the row's:
    /// one past each end of every `Whole` and `Num` row of the pool fails on that field.
    #[test]
    fn the_pool_section_is_checked_from_its_rows() {
        let base = crate::Scenario::from_json(r#"{"clients": {}}"#).expect("valid");
        for f in FIELDS.iter().filter(|f| f.path.starts_with("pool.")) {
            let past = match f.valid {
                Whole(_, hi) => serde_json::json!(hi + 1),
                Num(_, hi) => serde_json::json!(hi * 2.0 + 1.0),
                _ => continue,
            };
            let mut sc = base.clone();
            let mut v = serde_json::to_value(&sc.pool).expect("json");
            v[&f.path["pool.".len()..]] = past;
            sc.pool = serde_json::from_value(v).expect("still the type");
            assert_eq!(sc.validate().expect_err(f.path).field, f.path);
        }
    }
}
