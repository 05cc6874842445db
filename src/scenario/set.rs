//! `--set KEY=VALUE` overrides: KEY is a dotted path into the scenario JSON
//! (`pool.limit`, `server.latency_dist`). VALUE is read as JSON when it parses
//! (numbers, `true`, `[1,2]`), otherwise as a plain string (`exponential`).
//! Missing sections are created; whether the field exists is checked when the
//! scenario is deserialized, so a typo gets the usual "unknown field" error.
//!
//! KEY and VALUE are bounded (`limits.rs`: parts, bytes) before anything is
//! built, and VALUE is read strictly (`json.rs`: no duplicate keys, bounded
//! nesting), so no input builds a structure deeper than the scenario's own.

use super::json::{self, JsonError};
use super::limits::{quote, MAX_PATH_BYTES, MAX_PATH_PARTS, MAX_VALUE_BYTES};
use super::ConfigError;
use serde_json::{Map, Value};

/// Sets `path` (dotted) in `root` to the value read from `raw`.
pub fn set_path(root: &mut Value, path: &str, raw: &str) -> Result<(), ConfigError> {
    let parts = check_key(path)?;
    if raw.len() > MAX_VALUE_BYTES {
        return Err(ConfigError::new(
            path,
            format!(
                "the value is too long: at most {MAX_VALUE_BYTES} bytes (got {})",
                raw.len()
            ),
        ));
    }
    let value = match json::parse(raw, path) {
        Ok(v) => v,
        Err(JsonError::Syntax(_)) => Value::String(raw.to_string()),
        Err(JsonError::Structure(e)) => return Err(e),
    };
    let mut node = root;
    for (i, part) in parts.iter().enumerate() {
        let obj = node.as_object_mut().ok_or_else(|| {
            ConfigError::new(
                parts[..i].join("."),
                "is not a section, so it has no fields",
            )
        })?;
        if i + 1 == parts.len() {
            obj.insert(part.to_string(), value);
            return Ok(());
        }
        node = obj
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(())
}

/// Splits a KEY into its parts, or says what is wrong with it.
fn check_key(path: &str) -> Result<Vec<&str>, ConfigError> {
    let bad = |why: String| ConfigError::new(quote(path), why);
    if path.len() > MAX_PATH_BYTES {
        return Err(bad(format!(
            "is too long a KEY: at most {MAX_PATH_BYTES} bytes (got {})",
            path.len()
        )));
    }
    let parts: Vec<&str> = path.split('.').collect();
    if parts.len() > MAX_PATH_PARTS {
        return Err(bad(format!(
            "has too many parts: a KEY has at most {MAX_PATH_PARTS}, such as retry.budget.capacity (got {})",
            parts.len()
        )));
    }
    if path.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return Err(bad(
            "not a valid KEY: use a dotted path such as pool.limit".into()
        ));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_numbers_strings_and_creates_sections() {
        let mut v: Value = serde_json::json!({"pool": {"limit": 100}});
        set_path(&mut v, "pool.limit", "500").unwrap();
        set_path(&mut v, "server.latency_dist", "exponential").unwrap();
        set_path(&mut v, "pool.force_close", "true").unwrap();
        set_path(&mut v, "name", "[draft] {x").unwrap();
        assert_eq!(v["pool"]["limit"], 500);
        assert_eq!(v["server"]["latency_dist"], "exponential");
        assert_eq!(v["pool"]["force_close"], true);
        assert_eq!(v["name"], "[draft] {x");
    }

    #[test]
    fn rejects_paths_through_scalars_and_empty_parts() {
        let mut v: Value = serde_json::json!({"seed": 1});
        assert_eq!(set_path(&mut v, "seed.x", "1").unwrap_err().field, "seed");
        assert!(set_path(&mut v, "pool..limit", "1").is_err());
    }

    #[test]
    fn deep_and_long_keys_are_refused_before_anything_is_built() {
        let mut v = serde_json::json!({});
        let deep = format!("{}z", "a.".repeat(60_000));
        let e = set_path(&mut v, &deep, "1").unwrap_err();
        assert!(
            e.message
                .starts_with("is too long a KEY: at most 128 bytes"),
            "{e}"
        );
        assert_eq!(e.field.chars().count(), 41, "the key is quoted, cut: {e}");
        let e = set_path(&mut v, "a.b.c.d.e", "1").unwrap_err();
        assert!(e.message.contains("at most 4"), "{e}");
        assert_eq!(v, serde_json::json!({}));
    }

    #[test]
    fn values_are_read_strictly() {
        let mut v = serde_json::json!({});
        let e = set_path(&mut v, "server.outages", r#"[{"start_s":1,"start_s":2}]"#).unwrap_err();
        assert_eq!(e.field, "server.outages[0].start_s");
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(set_path(&mut v, "server.outages", &deep).is_err());
        let big = "1".repeat(MAX_VALUE_BYTES + 1);
        assert!(set_path(&mut v, "name", &big)
            .unwrap_err()
            .message
            .contains("too long"));
    }
}
