//! Shared links: the whole scenario, its seed and the engine version in the
//! URL hash, as readable `KEY=VALUE` pairs using the scenario's dotted paths
//! (the same names as the knobs):
//!
//! ```text
//! #engine=3&lesson=stall&name=The%20stall%20at%20100&clients.count=1000&pool.limit=500&seed=7
//! ```
//!
//! Only fields that differ from the engine's defaults are written, so a link
//! is short; with the engine version it still fixes every field. The
//! description is not part of the picture and is left out (a lesson link gets
//! its lesson's description back).
//!
//! A link of a lesson alone (`#lesson=serial`, with or without `engine=`)
//! opens that lesson's starting scenario: the short link a teacher can type.
//! (A link the page writes always carries the scenario's own pairs, at least
//! its name, so the two never mix.)
//!
//! Reading a link never panics: a foreign or corrupted hash is a
//! `ConfigError` naming the bad key (`pool.limit: must be between 0 and
//! 100000 (got 999999)`), and a link from another engine version loads with
//! a warning. A link is bounded (`scenario::limits`: bytes, pairs) and each
//! key goes through `set_path`, which bounds its depth and length.

use super::lessons;
use crate::scenario::{set_path, ConfigError, Scenario};
use crate::schema::limits::{quote, MAX_LINK_BYTES, MAX_LINK_PAIRS};
use crate::ENGINE_VERSION;
use serde_json::{Map, Value};

/// A scenario read from a link.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub scenario: Scenario,
    /// The lesson the link was made in, if it names a known one.
    pub lesson: Option<&'static str>,
    /// Set when the link comes from another engine version.
    pub warning: Option<String>,
}

/// Fields a link leaves out: not part of the picture (`description`), or
/// informational once applied (`pool.preset`: the fields it set are written out).
const LEFT_OUT: [&str; 2] = ["description", "pool.preset"];

/// The engine's defaults: what a link leaves out.
fn defaults() -> Value {
    let base = serde_json::json!({ "clients": {} });
    Scenario::from_value(base.clone())
        .ok()
        .and_then(|s| serde_json::to_value(s).ok())
        .unwrap_or(base)
}

/// The link hash (with its `#`) for `scenario`, made in lesson `lesson`.
pub fn encode(scenario: &Scenario, lesson: Option<&str>) -> String {
    let mut pairs = vec![format!("engine={}", escape(ENGINE_VERSION))];
    if let Some(l) = lesson {
        pairs.push(format!("lesson={}", escape(l)));
    }
    let value = serde_json::to_value(scenario).unwrap_or(Value::Null);
    let mut leaves = Vec::new();
    flatten(&value, "", &mut leaves);
    let defaults = defaults();
    for (path, leaf) in leaves {
        let pointer = format!("/{}", path.replace('.', "/"));
        if LEFT_OUT.contains(&path.as_str()) || defaults.pointer(&pointer) == Some(&leaf) {
            continue;
        }
        pairs.push(format!("{path}={}", escape(&leaf_text(&leaf))));
    }
    format!("#{}", pairs.join("&"))
}

/// Every non-object value under `v`, with its dotted path.
fn flatten(v: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(child, &path, out);
            }
        }
        leaf => out.push((prefix.to_string(), leaf.clone())),
    }
}

/// A leaf as `set_path` reads it back: JSON, except strings that cannot be
/// mistaken for JSON, which go bare (`exponential`, not `"exponential"`).
fn leaf_text(v: &Value) -> String {
    match v {
        Value::String(s) if serde_json::from_str::<Value>(s).is_err() => s.clone(),
        other => other.to_string(),
    }
}

/// Reads a link hash (with or without its `#`). `Ok(None)` for an empty hash.
pub fn decode(hash: &str) -> Result<Option<Decoded>, ConfigError> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.is_empty() {
        return Ok(None);
    }
    if hash.len() > MAX_LINK_BYTES {
        return Err(ConfigError::new(
            "link",
            format!(
                "is too long: at most {MAX_LINK_BYTES} characters (got {})",
                hash.len()
            ),
        ));
    }
    let parts = hash.split('&').filter(|p| !p.is_empty());
    if parts.clone().count() > MAX_LINK_PAIRS {
        return Err(ConfigError::new(
            "link",
            format!("has too many KEY=VALUE pairs: at most {MAX_LINK_PAIRS}"),
        ));
    }
    let (mut engine, mut lesson) = (None, None);
    let mut root = Value::Object(Map::new());
    let mut seen = std::collections::BTreeSet::new();
    for part in parts {
        let (key, raw) = part.split_once('=').ok_or_else(|| {
            ConfigError::new(
                "link",
                format!(
                    "'{}' is not KEY=VALUE: this is not a poolsim link",
                    shorten(part)
                ),
            )
        })?;
        let key = unescape(key).map_err(|m| ConfigError::new("link", m))?;
        let value = unescape(raw).map_err(|m| ConfigError::new(quote(&key), m))?;
        if !seen.insert(key.clone()) {
            return Err(ConfigError::new(
                quote(&key),
                "appears twice in the link: each key may appear once",
            ));
        }
        match key.as_str() {
            "engine" => engine = Some(value),
            "lesson" => lesson = lessons::find(&value).map(|l| l.id),
            _ => set_path(&mut root, &key, &value)?,
        }
    }
    let only_lesson = root.as_object().is_some_and(Map::is_empty);
    if let (true, Some(start)) = (
        only_lesson,
        lesson.and_then(lessons::find).and_then(|l| l.start()),
    ) {
        return Ok(Some(Decoded {
            scenario: start,
            lesson,
            warning: None,
        }));
    }
    let engine = engine.ok_or_else(|| {
        ConfigError::new(
            "link",
            "not a poolsim link: it has no engine=… (expected #engine=3&pool.limit=…)",
        )
    })?;
    if root.get("clients").is_none() {
        set_path(&mut root, "clients", "{}")?;
    }
    let mut scenario = Scenario::from_value(root)?;
    if let Some(start) = lesson.and_then(lessons::find).and_then(|l| l.start()) {
        scenario.description = start.description;
    }
    let warning = (engine != ENGINE_VERSION).then(|| {
        format!("This link was made with engine {engine}; this page runs engine {ENGINE_VERSION}: the numbers may differ.")
    });
    Ok(Some(Decoded {
        scenario,
        lesson,
        warning,
    }))
}

fn shorten(s: &str) -> String {
    quote(s)
}

/// Percent-encodes everything but unreserved characters and `,` `:`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); the error says what is wrong.
pub fn unescape(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let (hi, lo) = match (bytes.get(i + 1), bytes.get(i + 2)) {
                    (Some(&h), Some(&l)) => (hex_digit(h), hex_digit(l)),
                    _ => (None, None),
                };
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    let shown: String = s[i..].chars().take(3).collect();
                    return Err(format!(
                        "'{shown}' in the link is not a valid escape: % must be followed by two hex digits"
                    ));
                };
                out.push(hi << 4 | lo);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "the link's escapes do not spell UTF-8 text".to_string())
}

/// The value of one hex digit (`0-9`, `a-f`, `A-F`); no signs, no spaces.
fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SCENARIOS;

    /// The scenario as JSON without the fields a link leaves out.
    fn comparable(sc: &Scenario) -> Value {
        let mut v = serde_json::to_value(sc).expect("json");
        for path in LEFT_OUT {
            let (section, field) = path.rsplit_once('.').unwrap_or(("", path));
            let obj = if section.is_empty() {
                Some(&mut v)
            } else {
                v.get_mut(section)
            };
            if let Some(Value::Object(map)) = obj {
                map.remove(field);
            }
        }
        v
    }

    #[test]
    fn every_shipped_scenario_round_trips_except_left_out_fields() {
        for (id, text) in SCENARIOS {
            let Ok(mut sc) = Scenario::from_json(text) else {
                continue;
            };
            sc.seed = 123_456_789_012;
            let hash = encode(&sc, Some("stall"));
            let back = decode(&hash).expect("decodes").expect("not empty");
            assert_eq!(comparable(&back.scenario), comparable(&sc), "{id}: {hash}");
            assert_eq!(back.lesson, Some("stall"));
            assert_eq!(back.warning, None);
        }
    }

    #[test]
    fn links_are_short_and_readable() {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let mut sc = Scenario::from_json(text).expect("valid");
        sc.pool.limit = 500;
        let hash = encode(&sc, None);
        assert!(hash.starts_with("#engine=3&"), "{hash}");
        assert!(hash.contains("&pool.limit=500"), "{hash}");
        assert!(hash.contains("name=The%20stall%20at%20100"), "{hash}");
        assert!(!hash.contains("description"), "{hash}");
        assert!(hash.len() < 200, "{hash}");
    }

    #[test]
    fn bad_links_name_the_field() {
        let err = |h: &str| decode(h).expect_err(h);
        assert_eq!(err("#engine=3&pool.limit=999999").field, "pool.limit");
        assert!(err("#engine=3&pool.limit=999999")
            .message
            .contains("between 0 and 100000"));
        assert_eq!(err("#engine=3&pool.nope=1").field, "pool.nope");
        assert_eq!(err("#engine=3&pool.limit=%zz").field, "pool.limit");
        assert_eq!(err("#section-2").field, "link");
        assert_eq!(err("#pool.limit=5").field, "link");
        assert_eq!(err("#engine=3&seed=-1").field, "seed");
        assert_eq!(decode("").expect("empty is fine"), None);
        assert_eq!(decode("#").expect("empty is fine"), None);
    }

    #[test]
    fn a_lesson_alone_opens_its_starting_scenario() {
        for hash in [
            "#lesson=serial",
            "#engine=3&lesson=serial",
            "#engine=0&lesson=serial",
        ] {
            let d = decode(hash).expect(hash).expect("not empty");
            let start = lessons::find("serial")
                .and_then(|l| l.start())
                .expect("shipped");
            assert_eq!(d.scenario, start, "{hash}");
            assert_eq!(d.lesson, Some("serial"));
            assert_eq!(d.warning, None, "{hash}: the lesson is this engine's own");
        }
        // With any scenario pair, the link is the whole scenario, as always.
        let d = decode("#engine=3&lesson=serial&seed=3")
            .expect("loads")
            .expect("not empty");
        assert_eq!(
            d.scenario.clients.count,
            Scenario::from_json(r#"{"clients":{}}"#)
                .expect("defaults")
                .clients
                .count
        );
        assert_eq!(decode("#lesson=nope").expect_err("unknown").field, "link");
    }

    #[test]
    fn another_engine_loads_with_a_warning() {
        let d = decode("#engine=0&pool.limit=5")
            .expect("loads")
            .expect("not empty");
        assert_eq!(d.scenario.pool.limit, 5);
        assert!(d.warning.expect("warns").contains("engine 0"));
    }

    #[test]
    fn strings_that_look_like_json_stay_strings() {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let mut sc = Scenario::from_json(text).expect("valid");
        sc.name = "100".into();
        let back = decode(&encode(&sc, None)).expect("decodes").expect("some");
        assert_eq!(back.scenario.name, "100");
        assert_eq!(unescape("a%20b+c").as_deref(), Ok("a b c"));
        assert!(unescape("%e4%b8").is_err());
    }

    #[test]
    fn escapes_are_exactly_two_hex_digits() {
        assert_eq!(unescape("%41%7a").as_deref(), Ok("Az"));
        for bad in ["%+1", "%-1", "% 1", "%1", "%", "%g0", "%é0"] {
            let e = unescape(bad).expect_err(bad);
            assert!(e.contains("not a valid escape"), "{bad}: {e}");
        }
        let e = decode("#engine=3&name=%+1").expect_err("bad escape");
        assert_eq!(e.field, "name");
    }

    #[test]
    fn hostile_links_are_refused_with_a_plain_error() {
        let huge = format!("#engine=3&{}z=1", "a.".repeat(40_000));
        let e = decode(&huge).expect_err("huge link");
        assert_eq!(e.field, "link", "{e}");
        assert!(e.message.contains("at most 65536"), "{e}");
        // The issue's 40 KB link: one key of 20,000 parts.
        let deep = format!("#engine=3&{}z=1", "a.".repeat(20_000));
        let e = decode(&deep).expect_err("deep key");
        assert!(
            e.message
                .starts_with("is too long a KEY: at most 128 bytes"),
            "{e}"
        );
        assert!(e.to_string().len() < 160, "one short line: {e}");
        let many = format!("#engine=3{}", "&seed=1".repeat(501));
        assert!(decode(&many)
            .expect_err("many")
            .message
            .contains("at most 500"));
        let e = decode("#engine=3&pool.limit=5&pool.limit=6").expect_err("twice");
        assert_eq!(
            e.to_string(),
            "pool.limit: appears twice in the link: each key may appear once"
        );
        let e = decode("#engine=3&a.b.c.d.e=1").expect_err("five parts");
        assert!(e.message.contains("too many parts"), "{e}");
    }
}
