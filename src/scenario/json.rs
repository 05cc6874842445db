//! Reading JSON text strictly, for scenario files and `--set` values: a
//! leading UTF-8 byte-order mark is skipped; a key that appears twice in one
//! object, nesting deeper than `MAX_JSON_DEPTH`, a key longer than
//! `MAX_KEY_BYTES` and a list longer than `MAX_LIST_LEN` are errors naming
//! the key (serde_json alone keeps the last duplicate silently).
//!
//! The text is read by serde_json into a `Value` through our own visitor
//! (`Strict`), which tracks the dotted path of what it is reading so the
//! error can name it (`clients.rate_per_s: appears twice…`).

use super::limits::{quote, MAX_JSON_DEPTH, MAX_KEY_BYTES, MAX_LIST_LEN};
use super::ConfigError;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// Why strict JSON reading failed.
#[derive(Debug)]
pub enum JsonError {
    /// Not JSON at all (a syntax error), with serde_json's position.
    Syntax(String),
    /// Valid JSON that breaks a structural rule; names the key.
    Structure(ConfigError),
}

/// Parses `text` strictly. `prefix` is the dotted path the text sits at
/// (empty for a whole file, `server.outages` for a `--set` value).
pub fn parse(text: &str, prefix: &str) -> Result<Value, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let problem = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Strict {
        path: prefix.to_string(),
        depth: 0,
        problem: &problem,
    };
    let read = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match (read, problem.into_inner()) {
        (_, Some(e)) => Err(JsonError::Structure(e)),
        (Ok(v), None) => Ok(v),
        (Err(e), None) => Err(JsonError::Syntax(syntax_message(&e))),
    }
}

/// A whole scenario file's text as a `Value`; every failure is a `ConfigError`.
pub fn parse_file(text: &str) -> Result<Value, ConfigError> {
    parse(text, "").map_err(|e| match e {
        JsonError::Structure(e) => e,
        JsonError::Syntax(m) => ConfigError::new("scenario", format!("not valid JSON: {m}")),
    })
}

/// serde_json's syntax error, with its one unreadable case reworded.
fn syntax_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    match m.strip_prefix("number out of range") {
        Some(at) => format!("a number is too large (beyond ±1.8e308){at}"),
        None => m,
    }
}

/// Reads one JSON value at `path`, `depth` levels down.
struct Strict<'p> {
    path: String,
    depth: usize,
    problem: &'p RefCell<Option<ConfigError>>,
}

impl Strict<'_> {
    fn field(&self) -> &str {
        if self.path.is_empty() {
            "scenario"
        } else {
            &self.path
        }
    }

    /// Records a structural problem and returns the error that stops serde_json.
    fn fail<E: de::Error>(&self, field: &str, message: String) -> E {
        *self.problem.borrow_mut() = Some(ConfigError::new(field, message.clone()));
        E::custom(message)
    }

    fn child(&self, path: String) -> Strict<'_> {
        Strict {
            path,
            depth: self.depth + 1,
            problem: self.problem,
        }
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(self.fail(
                self.field(),
                format!("is nested too deeply: at most {MAX_JSON_DEPTH} levels of {{}} and []"),
            ));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(self.child(format!("{}[{}]", self.path, items.len())))?
        {
            if items.len() == MAX_LIST_LEN {
                return Err(self.fail(
                    self.field(),
                    format!("is too long a list: at most {MAX_LIST_LEN} entries"),
                ));
            }
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if key.len() > MAX_KEY_BYTES {
                let field = format!("{}.{}", self.field(), quote(&key));
                return Err(self.fail(
                    &field,
                    format!(
                        "is too long a key: at most {MAX_KEY_BYTES} bytes (got {})",
                        key.len()
                    ),
                ));
            }
            if out.contains_key(&key) {
                return Err(self.fail(
                    &path,
                    "appears twice: each key may appear once in a section".to_string(),
                ));
            }
            let value = map.next_value_seed(self.child(path))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn structure(text: &str) -> ConfigError {
        match parse(text, "") {
            Err(JsonError::Structure(e)) => e,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn duplicate_keys_are_named_with_their_path() {
        let e = structure(r#"{"clients":{"rate_per_s":-5,"rate_per_s":100}}"#);
        assert_eq!(
            e.to_string(),
            "clients.rate_per_s: appears twice: each key may appear once in a section"
        );
        let e = structure(r#"{"server":{"outages":[{"start_s":1},{"end_s":1,"end_s":2}]}}"#);
        assert_eq!(e.field, "server.outages[1].end_s");
    }

    #[test]
    fn depth_key_length_and_list_length_are_bounded() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(structure(&deep).message.contains("at most 16 levels"));
        let long_key = format!(r#"{{"{}":1}}"#, "k".repeat(65));
        assert!(structure(&long_key)
            .message
            .contains("at most 64 bytes (got 65)"));
        let list = format!("{{\"w\":[{}0]}}", "0,".repeat(1000));
        assert_eq!(structure(&list).field, "w");
    }

    #[test]
    fn a_bom_is_skipped_and_syntax_errors_say_where() {
        assert_eq!(parse("\u{feff}{\"a\":1}", "").unwrap()["a"], 1);
        let Err(JsonError::Syntax(m)) = parse("{\"a\":1e309}", "") else {
            panic!("out of range")
        };
        assert!(
            m.starts_with("a number is too large (beyond ±1.8e308) at line 1"),
            "{m}"
        );
        assert!(matches!(parse("{} x", ""), Err(JsonError::Syntax(_))));
    }
}
