//! serde's errors in plain words. serde speaks of `u32`, `string or map` and
//! `struct Pool with 17 elements`; a user needs the field, what is allowed
//! and what they wrote: `pool.limit: must be a whole number between 0 and
//! 100000 (got -5)`, `server.rate_limit_status: must be 429 or 503 (got
//! 42.5)`, `server.latency_dist: must be one of constant, uniform, …`.

use super::check::num;
use super::limits::quote;
use super::whole::{self, Allowed};
use super::{ConfigError, Scenario};
use serde_json::Value;
use serde_path_to_error::{Path, Segment};

/// What the user wrote, as an error message quotes it: `-5`, `1e308`, `"abc"`, `a list`.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.to_string(),
            (None, Some(i)) => i.to_string(),
            _ => num(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => format!("\"{}\"", quote(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a section {…}".into(),
    }
}

/// Turns serde's error on reading `root` into a `ConfigError` naming the field.
pub fn explain(e: serde_path_to_error::Error<serde_json::Error>, root: &Value) -> ConfigError {
    let path = e.path().clone();
    let message = e.into_inner().to_string();
    let field = field_name(&path);
    let got = lookup(root, &path);
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        let f = if field == "scenario" {
            name.to_string()
        } else {
            format!("{field}.{name}")
        };
        return ConfigError::new(f, "is missing: write it, or {} for the section's defaults");
    }
    if message.starts_with("unknown field `") {
        return ConfigError::new(&field, unknown_field(&field, &message));
    }
    if message.starts_with("unknown variant `") {
        let got = got.map_or_else(|| "?".into(), describe);
        return ConfigError::new(
            &field,
            format!("must be one of {} (got {got})", listed(&message)),
        );
    }
    let expected = message.rsplit(", expected ").next().unwrap_or("");
    let got_text = got.map_or_else(|| "?".into(), got_text);
    let what = match expected {
        "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "usize" => whole_message(&field, expected),
        "f64" | "f32" if got.is_some_and(reads_as_non_finite) => {
            "must be a finite number".to_string()
        }
        "f64" | "f32" => "must be a number".to_string(),
        "a boolean" => "must be true or false".to_string(),
        "a string" => "must be text".to_string(),
        "string or map" => match variants(root, &path) {
            Some(list) => format!("must be one of {list}"),
            None => "must be one of the listed choices".to_string(),
        },
        "a sequence" => "must be a list such as [1, 2]".to_string(),
        s if s.starts_with("struct ") => "must be a section of fields in {}".to_string(),
        // A menu given a section ({"gather": 1}) or anything else unforeseen.
        _ => match variants(root, &path) {
            Some(list) => format!("must be one of {list}"),
            None => "is not valid here".to_string(),
        },
    };
    ConfigError::new(field, format!("{what} (got {got_text})"))
}

/// The dotted path serde stopped at (`scenario` for the whole file).
fn field_name(path: &Path) -> String {
    let s = path.to_string();
    if s == "." {
        "scenario".into()
    } else {
        s
    }
}

/// The value at `path` in `root`.
fn lookup<'v>(root: &'v Value, path: &Path) -> Option<&'v Value> {
    path.iter().try_fold(root, |v, seg| match seg {
        Segment::Map { key } => v.get(key),
        Segment::Seq { index } => v.get(*index),
        _ => None,
    })
}

/// Text such as `NaN`, `inf` or `1e309`: a number no JSON number can be.
fn reads_as_non_finite(v: &Value) -> bool {
    v.as_str()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .is_some_and(|x| !x.is_finite())
}

/// What was written, noting text that reads as a number beyond what a number can be.
fn got_text(v: &Value) -> String {
    if let Value::String(s) = v {
        if let Ok(x) = s.trim().parse::<f64>() {
            if x.is_nan() {
                return format!("{}: not a number", describe(v));
            }
            if x.is_infinite() {
                return format!("{}: beyond the largest number, about 1.8e308", describe(v));
            }
        }
    }
    describe(v)
}

fn whole_message(field: &str, ty: &str) -> String {
    match whole::allowed(field) {
        Some(Allowed::OneOf(values)) => {
            let v: Vec<String> = values.iter().map(u64::to_string).collect();
            format!("must be {}", v.join(" or "))
        }
        Some(Allowed::Between(lo, hi)) => format!("must be a whole number between {lo} and {hi}"),
        None => {
            let hi = match ty {
                "u8" => u8::MAX as u64,
                "u16" => u16::MAX as u64,
                "u32" => u32::MAX as u64,
                _ => u64::MAX,
            };
            format!("must be a whole number between 0 and {hi}")
        }
    }
}

/// The backtick-quoted names after "expected" in serde's message, as `a, b, c`.
fn listed(message: &str) -> String {
    let tail = message.split_once("expected").map_or("", |(_, t)| t);
    let names: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    if names.is_empty() {
        "nothing here".into()
    } else {
        names.join(", ")
    }
}

fn unknown_field(field: &str, message: &str) -> String {
    let parent = match field.rsplit_once('.') {
        Some((p, _)) => p.to_string(),
        None => "a scenario".to_string(),
    };
    format!("unknown field; {parent} has: {}", listed(message))
}

/// The choices of the menu field at `path`: asks serde again with a name no
/// menu has, and reads the list from its "unknown variant" answer.
fn variants(root: &Value, path: &Path) -> Option<String> {
    let mut probe = root.clone();
    let slot = path.iter().try_fold(&mut probe, |v, seg| match seg {
        Segment::Map { key } => v.get_mut(key),
        Segment::Seq { index } => v.get_mut(*index),
        _ => None,
    })?;
    *slot = Value::String(String::new());
    let e = serde_path_to_error::deserialize::<_, Scenario>(&probe).err()?;
    let m = e.into_inner().to_string();
    m.starts_with("unknown variant").then(|| listed(&m))
}
