//! `--set KEY=VALUE` overrides: KEY is a dotted path into the scenario JSON
//! (`pool.limit`, `server.latency_dist`). VALUE is read as JSON when it parses
//! (numbers, `true`, `[1,2]`), otherwise as a plain string (`exponential`).
//! Missing sections are created; whether the field exists is checked when the
//! scenario is deserialized, so a typo gets the usual "unknown field" error.

use super::ConfigError;
use serde_json::{Map, Value};

/// Sets `path` (dotted) in `root` to the value read from `raw`.
pub fn set_path(root: &mut Value, path: &str, raw: &str) -> Result<(), ConfigError> {
    let parts: Vec<&str> = path.split('.').collect();
    if path.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return Err(ConfigError::new(
            path,
            "not a valid KEY: use a dotted path such as pool.limit",
        ));
    }
    let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_numbers_strings_and_creates_sections() {
        let mut v: Value = serde_json::json!({"pool": {"limit": 100}});
        set_path(&mut v, "pool.limit", "500").unwrap();
        set_path(&mut v, "server.latency_dist", "exponential").unwrap();
        set_path(&mut v, "pool.force_close", "true").unwrap();
        assert_eq!(v["pool"]["limit"], 500);
        assert_eq!(v["server"]["latency_dist"], "exponential");
        assert_eq!(v["pool"]["force_close"], true);
    }

    #[test]
    fn rejects_paths_through_scalars_and_empty_parts() {
        let mut v: Value = serde_json::json!({"seed": 1});
        assert_eq!(set_path(&mut v, "seed.x", "1").unwrap_err().field, "seed");
        assert!(set_path(&mut v, "pool..limit", "1").is_err());
    }
}
