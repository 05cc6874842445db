//! Fuzzing without a fuzzer: seeded, deterministic generators of structured
//! input (mutated shipped scenarios, `--set` paths and values, share links,
//! page sessions) and unstructured input (random bytes) for every input path.
//!
//! Properties, for every input: no panic; a valid scenario runs and stops
//! within its event budget; an error is one plain line that names a field
//! and says what is allowed, without serde's type names.
//!
//! `cargo test --test it fuzz` runs a bounded pass (`POOLSIM_FUZZ_ITERS`
//! inputs per target, default 2000, about 20 s in all). The long run, each target for
//! `POOLSIM_FUZZ_SECS` seconds instead:
//!
//! ```text
//! POOLSIM_FUZZ_SECS=600 cargo test --release --test it fuzz -- --nocapture --test-threads 1
//! ```
//!
//! Each input has its own seed, printed with the input when a property
//! fails; `POOLSIM_FUZZ_CASE=<seed>` replays just that input.
//! `POOLSIM_FUZZ_TRACE=1` prints each input's seed before it runs, so an
//! abort that cannot be caught (a stack overflow) still names its input.
//! `POOLSIM_FUZZ_SEED` changes the whole sequence.

use poolsim::catalog::SCENARIOS;
use poolsim::playground::knobs::{knobs, Control};
use poolsim::playground::{share, Session};
use poolsim::{run, ConfigError, Scenario};
use serde_json::{json, Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// Event budget every fuzzed run is capped at.
const FUZZ_EVENTS: u64 = 20_000;

thread_local! {
    /// (inputs that ran, inputs refused with an error), for the report line.
    static TALLY: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

fn tally(ran: bool) {
    TALLY.with(|t| {
        let (r, e) = t.get();
        t.set(if ran { (r + 1, e) } else { (r, e + 1) });
    });
}

/// SplitMix64: small, seeded, and the same everywhere.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Edge-case numbers and words a hostile user would type.
const NUMBERS: [&str; 24] = [
    "0",
    "-0",
    "1",
    "-1",
    "-5",
    "1.5",
    "0.000001",
    "100000",
    "100001",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1e308",
    "-1e308",
    "1e309",
    "1e-320",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "2e9",
    "429",
];
const WORDS: [&str; 14] = [
    "",
    " ",
    "none",
    "fifo",
    "open",
    "gather",
    "exponential",
    "true",
    "false",
    "null",
    "{}",
    "[]",
    "5xx",
    "\u{feff}",
];

fn number(g: &mut Gen) -> &'static str {
    NUMBERS[g.below(NUMBERS.len())]
}

fn random_text(g: &mut Gen, max: usize) -> String {
    let n = g.below(max + 1);
    (0..n)
        .map(|_| match g.below(6) {
            0 => char::from_u32(g.below(0x11_0000) as u32).unwrap_or('?'),
            1 => *g.pick(&['.', '=', '&', '%', '+', '"', '{', '[', ']', '}', ',', ':']),
            _ => char::from(b'a' + g.below(26) as u8),
        })
        .collect()
}

fn random_bytes(g: &mut Gen, max: usize) -> String {
    let bytes: Vec<u8> = (0..g.below(max + 1)).map(|_| g.next() as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A random JSON value, nested at most `depth` levels.
fn random_value(g: &mut Gen, depth: usize) -> Value {
    match g.below(if depth == 0 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(g.chance(2)),
        2 => serde_json::from_str(number(g)).unwrap_or(json!(1)),
        3 => Value::String(g.pick(&WORDS).to_string()),
        4 => {
            let max = if g.chance(20) { 5_000 } else { 20 };
            Value::String(random_text(g, max))
        }
        5 => Value::Array(
            (0..g.below(4))
                .map(|_| random_value(g, depth - 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..g.below(4) {
                m.insert(random_text(g, 8), random_value(g, depth - 1));
            }
            Value::Object(m)
        }
    }
}

/// Every dotted path of `v`'s leaves and sections.
fn paths(v: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(m) = v {
        for (k, child) in m {
            let p = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            out.push(p.clone());
            paths(child, &p, out);
        }
    }
}

fn shipped(g: &mut Gen) -> Value {
    let (_, text) = g.pick(SCENARIOS);
    serde_json::from_str(text).expect("shipped scenarios are JSON")
}

/// A path a user might type: a real knob, a real field, or garbage.
fn random_path(g: &mut Gen, base: &Value) -> String {
    let mut real = Vec::new();
    paths(base, "", &mut real);
    match g.below(8) {
        0..=2 => g.pick(knobs()).path.to_string(),
        3 | 4 if !real.is_empty() => g.pick(&real).clone(),
        5 => {
            let max = if g.chance(10) { 30_000 } else { 6 };
            let parts = 1 + g.below(max);
            vec!["a"; parts].join(".")
        }
        6 => format!("{}.{}", g.pick(knobs()).path, random_text(g, 6)),
        _ => random_text(g, 30),
    }
}

/// A value a user might type for `--set`.
fn random_raw(g: &mut Gen) -> String {
    match g.below(7) {
        0 | 1 => g.pick(&NUMBERS).to_string(),
        2 => g.pick(&WORDS).to_string(),
        3 => random_value(g, 4).to_string(),
        4 => {
            let n = g.below(200);
            format!("{}{}", "[".repeat(n), "]".repeat(n))
        }
        5 => r#"[{"start_s":0,"end_s":1,"workers":3,"workers":4}]"#.to_string(),
        _ => random_bytes(g, 40),
    }
}

/// Mutates a scenario JSON value in place: replace, delete or add a field.
fn mutate(g: &mut Gen, v: &mut Value) {
    let mut all = Vec::new();
    paths(v, "", &mut all);
    if all.is_empty() || g.chance(10) {
        *v = random_value(g, 3);
        return;
    }
    let path = g.pick(&all).clone();
    let pointer = format!("/{}", path.replace('.', "/"));
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
    match (g.below(4), v.pointer_mut(parent)) {
        (0, Some(Value::Object(m))) => {
            m.remove(key);
        }
        (1, Some(Value::Object(m))) => {
            m.insert(random_text(g, 10), random_value(g, 2));
        }
        (_, _) => {
            if let Some(slot) = v.pointer_mut(&pointer) {
                *slot = if g.chance(2) {
                    serde_json::from_str(number(g)).unwrap_or(Value::Null)
                } else {
                    random_value(g, 3)
                };
            }
        }
    }
}

/// Byte-level damage to a text: cut, splice, duplicate a key, add a BOM.
fn damage(g: &mut Gen, text: &mut String) {
    let at = |g: &mut Gen, s: &str| {
        let mut i = g.below(s.len() + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match g.below(5) {
        0 => {
            let i = at(g, text);
            text.truncate(i);
        }
        1 => {
            let i = at(g, text);
            text.insert_str(i, &random_text(g, 8));
        }
        2 => {
            if let Some(i) = text.find("\"clients\"") {
                text.insert_str(i, "\"clients\":{},");
            }
        }
        3 => text.insert(0, '\u{feff}'),
        _ => *text = random_bytes(g, 200),
    }
}

/// The property every error must have: one plain line naming a field.
fn check_error(e: &ConfigError, input: &dyn std::fmt::Debug) {
    tally(false);
    let line = e.to_string();
    assert!(!e.field.is_empty(), "no field: {line} <- {input:?}");
    assert!(e.field.chars().count() <= 90, "field too long: {line}");
    assert!(!line.contains('\n'), "not one line: {line:?} <- {input:?}");
    assert!(line.chars().count() <= 400, "too long: {line}");
    // What the user wrote is quoted; the rest must not be serde's words.
    let unquoted: String = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    let unquoted: String = unquoted.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let unquoted: String = unquoted
        .split('\'')
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    for internal in [
        "u8",
        "u16",
        "u32",
        "u64",
        "i64",
        "f64",
        "usize",
        "struct ",
        "string or map",
        "invalid type",
        "invalid value",
        "invalid length",
        "Value::",
        "Error(",
    ] {
        let hit = unquoted.match_indices(internal).any(|(i, _)| {
            let before = unquoted[..i].chars().last();
            let after = unquoted[i + internal.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        assert!(!hit, "serde's words '{internal}' in: {line} <- {input:?}");
    }
    let plain = [
        "must",
        "is ",
        "not ",
        "appears",
        "unknown",
        "needs",
        "at most",
        "has too many",
        "cannot",
    ];
    assert!(
        plain.iter().any(|w| e.message.contains(w)),
        "does not say what is allowed: {line}"
    );
}

/// Runs a valid scenario with a small event budget; it must stop within it.
fn check_runs(mut sc: Scenario) {
    tally(true);
    sc.run.max_events = sc.run.max_events.min(FUZZ_EVENTS);
    let out = run(&sc);
    assert!(
        out.summary.events <= sc.run.max_events,
        "{} events",
        out.summary.events
    );
}

fn check_result(r: Result<Scenario, ConfigError>, input: &dyn std::fmt::Debug) {
    match r {
        Ok(sc) => check_runs(sc),
        Err(e) => check_error(&e, input),
    }
}

/// One input per target: builds it from `g` and checks the properties.
type Target = fn(&mut Gen);

fn scenario_json(g: &mut Gen) {
    let text = if g.chance(8) {
        random_bytes(g, 300)
    } else {
        let mut v = shipped(g);
        for _ in 0..1 + g.below(3) {
            mutate(g, &mut v);
        }
        let mut text = if g.chance(2) {
            v.to_string()
        } else {
            serde_json::to_string_pretty(&v).unwrap()
        };
        if g.chance(4) {
            damage(g, &mut text);
        }
        text
    };
    check_result(Scenario::from_json(&text), &text);
}

/// A knob set to a value its control offers (mostly valid, so runs get fuzzed too).
fn knob_value(g: &mut Gen) -> (String, String) {
    let k = g.pick(knobs());
    let raw = match k.control {
        Control::Range => {
            let steps = ((k.max - k.min) / k.step).max(0.0) as usize;
            format!("{}", k.min + k.step * g.below(steps + 1) as f64)
        }
        Control::Toggle => g.chance(2).to_string(),
        Control::Choice => g.pick(k.options).to_string(),
    };
    (k.path.to_string(), raw)
}

fn set_overrides(g: &mut Gen) {
    let base = shipped(g);
    let overrides: Vec<(String, String)> = (0..1 + g.below(4))
        .map(|_| {
            if g.chance(2) {
                knob_value(g)
            } else {
                (random_path(g, &base), random_raw(g))
            }
        })
        .collect();
    let r = Scenario::from_json_with_overrides(&base.to_string(), &overrides);
    check_result(r, &overrides);
}

fn share_link(g: &mut Gen) {
    let mut link = if g.chance(8) {
        random_bytes(g, 200)
    } else {
        let sc = Scenario::from_value(shipped(g)).expect("shipped scenarios are valid");
        share::encode(&sc, None)
    };
    for _ in 0..g.below(4) {
        let pair = match g.below(6) {
            0 => format!(
                "{}={}",
                random_path(g, &json!({})),
                share::escape(&random_raw(g))
            ),
            1 => format!(
                "{}={}",
                g.pick(knobs()).path,
                g.pick(&["%+1", "%", "%zz", "%e4%b8", "%00", "+"])
            ),
            2 => link.split('&').nth(1).unwrap_or("seed=1").to_string(),
            3 => "engine=3".into(),
            4 => random_text(g, 30),
            _ => format!("{}={}", g.pick(knobs()).path, share::escape(number(g))),
        };
        link.push('&');
        link.push_str(&pair);
    }
    if g.chance(6) {
        damage(g, &mut link);
    }
    match share::decode(&link) {
        Ok(Some(d)) => check_runs(d.scenario),
        Ok(None) => {}
        Err(e) => check_error(&e, &link),
    }
}

/// The page: one session through a random sequence of actions; it must keep working.
fn page_session(g: &mut Gen) {
    let mut s = Session::new();
    let base = serde_json::to_value(s.scenario()).expect("serializes");
    for _ in 0..1 + g.below(6) {
        let r = match g.below(5) {
            0 => s.set(&random_path(g, &base), &random_raw(g)),
            1 => {
                let (path, raw) = knob_value(g);
                s.set(&path, &raw)
            }
            2 => s
                .load_link(&format!(
                    "#engine=3&{}={}",
                    g.pick(knobs()).path,
                    share::escape(&random_raw(g))
                ))
                .map(|_| ()),
            3 => s.apply_preset(&random_text(g, 8)),
            _ => s.load_lesson(&random_text(g, 8)),
        };
        if let Err(e) = r {
            check_error(&e, &"session action");
        }
        let view: Value = serde_json::from_str(&s.view_json()).expect("the view is JSON");
        assert!(view.get("knobs").is_some());
    }
    let mut sc = s.scenario().clone();
    sc.run.max_events = sc.run.max_events.min(FUZZ_EVENTS);
    s.load_link(&share::encode(&sc, None))
        .expect("its own link loads");
    s.start();
    let mut calls = 0;
    tally(true);
    while !s.step(1_000) {
        calls += 1;
        assert!(
            calls <= FUZZ_EVENTS / 1_000 + 1,
            "the run passes its event budget"
        );
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Runs `target` on inputs seeded from (POOLSIM_FUZZ_SEED, name, i); returns inputs tried.
fn fuzz(name: &str, target: Target) -> u64 {
    if let Some(case) = env_u64("POOLSIM_FUZZ_CASE") {
        target(&mut Gen(case));
        return 1;
    }
    let seed = env_u64("POOLSIM_FUZZ_SEED").unwrap_or(1);
    let secs = env_u64("POOLSIM_FUZZ_SECS");
    let iters = env_u64("POOLSIM_FUZZ_ITERS").unwrap_or(2_000);
    TALLY.with(|t| t.set((0, 0)));
    let deadline = secs.map(|s| Instant::now() + Duration::from_secs(s));
    let salt = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let trace = std::env::var_os("POOLSIM_FUZZ_TRACE").is_some();
    let t0 = Instant::now();
    let mut i = 0u64;
    loop {
        let done = match deadline {
            Some(d) => Instant::now() >= d,
            None => i >= iters,
        };
        if done {
            break;
        }
        let case = Gen(seed ^ salt ^ i.wrapping_mul(0xD6E8_FEB8_6659_FD93)).next();
        if trace {
            // An abort (stack overflow, out of memory) cannot be caught: the last line names the input.
            eprintln!("fuzz {name}: input {i} POOLSIM_FUZZ_CASE={case:#x}");
        }
        let r = catch_unwind(AssertUnwindSafe(|| target(&mut Gen(case))));
        if r.is_err() {
            panic!("fuzz {name}: input {i} failed; replay with POOLSIM_FUZZ_CASE={case:#x}");
        }
        i += 1;
    }
    let (ran, refused) = TALLY.with(|t| t.get());
    println!(
        "fuzz {name}: {i} inputs in {:.1} s, 0 panics (seed {seed}; {ran} runs, {refused} errors checked)",
        t0.elapsed().as_secs_f64()
    );
    i
}

#[test]
fn fuzz_scenario_json() {
    assert!(fuzz("scenario_json", scenario_json) > 0);
}

#[test]
fn fuzz_set_overrides() {
    assert!(fuzz("set_overrides", set_overrides) > 0);
}

#[test]
fn fuzz_share_link() {
    assert!(fuzz("share_link", share_link) > 0);
}

#[test]
fn fuzz_page_session() {
    assert!(fuzz("page_session", page_session) > 0);
}
