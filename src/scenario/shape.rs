//! The scenario's shape, checked before serde reads the fields: a section
//! (`pool`, `server.rate_limit`, each fault window) must be a JSON object
//! (serde would otherwise read a list as the fields in order), and text
//! fields are bounded (`name`, `description`, choices).
//!
//! The shape is taken from the scenario types themselves (the defaults,
//! serialized, with one entry in every list), so it never drifts from them.

use super::limits::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_WORD_CHARS};
use super::plain::describe;
use super::{ConfigError, Scenario};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What the JSON at one place of a scenario must look like.
enum Shape {
    Section(BTreeMap<String, Shape>),
    List(Box<Shape>),
    Leaf,
}

fn shape() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| {
        let window = serde_json::json!([{}]);
        let full = serde_json::json!({
            "clients": {"host_weights": [1.0]},
            "server": {
                "outages": window, "latency_spikes": window, "capacity_dips": window,
                "latency_spread_ms": 1.0, "latency_p99_ms": 1.0, "latency_sigma": 1.0,
            },
        });
        let value = serde_json::from_value::<Scenario>(full)
            .and_then(serde_json::to_value)
            .unwrap_or(Value::Null);
        shape_of(&value)
    })
}

fn shape_of(v: &Value) -> Shape {
    match v {
        Value::Object(map) => {
            Shape::Section(map.iter().map(|(k, v)| (k.clone(), shape_of(v))).collect())
        }
        Value::Array(items) => Shape::List(Box::new(items.first().map_or(Shape::Leaf, shape_of))),
        _ => Shape::Leaf,
    }
}

/// Checks `value` (a whole scenario) against the scenario's shape.
pub fn check(value: &Value) -> Result<(), ConfigError> {
    check_at(value, shape(), "")
}

fn check_at(value: &Value, shape: &Shape, path: &str) -> Result<(), ConfigError> {
    match (shape, value) {
        (Shape::Section(fields), Value::Object(map)) => {
            for (key, child) in map {
                if let Some(s) = fields.get(key) {
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    check_at(child, s, &p)?;
                }
            }
            Ok(())
        }
        (Shape::Section(_), other) => Err(ConfigError::new(
            if path.is_empty() { "scenario" } else { path },
            format!(
                "must be a section of fields in {{}} (got {})",
                describe(other)
            ),
        )),
        (Shape::List(item), Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                check_at(child, item, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (_, Value::String(s)) => text(path, s),
        _ => Ok(()),
    }
}

/// A text field's length limit.
fn text(path: &str, s: &str) -> Result<(), ConfigError> {
    let max = match path {
        "name" => MAX_NAME_CHARS,
        "description" => MAX_DESCRIPTION_CHARS,
        _ => MAX_WORD_CHARS,
    };
    let n = s.chars().count();
    if n > max {
        return Err(ConfigError::new(
            path,
            format!("is too long: at most {max} characters (got {n})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_where_a_section_belongs_are_refused() {
        let e = check(&json!({"clients": [1, 2, 3]})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "clients: must be a section of fields in {} (got a list)"
        );
        let e = check(&json!({"clients": {}, "server": {"outages": [[0, 1]]}})).unwrap_err();
        assert_eq!(e.field, "server.outages[0]");
        assert_eq!(check(&json!([1])).unwrap_err().field, "scenario");
        let e = check(&json!({"clients": {}, "server": {"rate_limit": 5}})).unwrap_err();
        assert_eq!(e.field, "server.rate_limit");
    }

    #[test]
    fn text_fields_are_bounded() {
        assert!(check(&json!({"name": "x".repeat(200), "clients": {}})).is_ok());
        let e = check(&json!({"name": "x".repeat(201), "clients": {}})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "name: is too long: at most 200 characters (got 201)"
        );
        let e = check(&json!({"clients": {"kind": "g".repeat(65)}})).unwrap_err();
        assert_eq!(e.field, "clients.kind");
        let e = check(&json!({"retry": {"on": ["t".repeat(65)]}})).unwrap_err();
        assert_eq!(e.field, "retry.on[0]");
    }
}
