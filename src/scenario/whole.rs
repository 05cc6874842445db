//! What a whole-number field allows, read from the field table
//! (`schema/fields.rs`), for the message a user sees when such a field gets
//! a negative, fractional or non-number value (serde would say `expected
//! u32`). The validators (the parts' `validate`, `limiter`, `adaptive`,
//! `retry`) check the same ranges; a test holds the two together.

/// What a whole-number field allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowed {
    Between(u64, u64),
    OneOf(&'static [u64]),
}

use crate::schema::fields::{self, Valid};
use Allowed::{Between, OneOf};

/// What the whole-number field at `path` allows, from its row in the field
/// table (`server.outages[3].workers` is looked up as
/// `server.outages[].workers`). Where the upper end follows another field
/// (`semaphore.weights[]` ≤ `semaphore.permits`), the row gives the widest range.
pub fn allowed(path: &str) -> Option<Allowed> {
    match fields::find(path)?.valid {
        Valid::Whole(lo, hi) => Some(Between(lo, hi)),
        Valid::OneOf(values) => Some(OneOf(values)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::fields::strip_indices;

    /// Every whole-number field with a fixed range, as (path, allowed).
    fn whole_fields() -> impl Iterator<Item = (&'static str, Allowed)> {
        fields::FIELDS
            .iter()
            .filter_map(|f| allowed(f.path).map(|a| (f.path, a)))
    }
    use crate::scenario::Scenario;
    use serde_json::{json, Value};

    /// Overrides under which the validators check `path`.
    fn enabling(path: &str) -> Value {
        let kind = |section: &str, kind: &str| json!({ section: { "kind": kind } });
        match path.split('.').next().unwrap_or("") {
            "limiter" if path.ends_with("limit") => kind("limiter", "fixed_window"),
            "limiter" if path.ends_with("delay") => kind("limiter", "leaky_bucket"),
            "limiter" => kind("limiter", "leaky_bucket"),
            "adaptive" if path.ends_with("base_limit") => kind("adaptive", "ewma_score"),
            "adaptive" if path.ends_with("min_limit") => json!({"adaptive": {
                "kind": "vegas", "initial_limit": 1_000_000, "max_limit": 1_000_000}}),
            "adaptive" => json!({"adaptive": {"kind": "vegas", "max_limit": 1_000_000}}),
            "semaphore" => json!({"semaphore": {"kind": "weighted", "permits": 1_000_000}}),
            "cache" => json!({"cache": {"enabled": true}}),
            "clients" if path.ends_with("jobs") => kind("clients", "workers"),
            "clients" if path.ends_with("requests") => kind("clients", "open"),
            "server" if path.starts_with("server.rate_limit.") => {
                let k = if path.ends_with("limit") {
                    "fixed_window"
                } else {
                    "leaky_bucket"
                };
                json!({"server": {"rate_limit": {"kind": k}}})
            }
            "server" if path.contains("capacity_dips") => json!({"server": {"workers": 1_000_000}}),
            _ => json!({}),
        }
    }

    /// The enabling overrides with the whole number at `path` (`a.b[]`
    /// means the first entry of a.b) set to `n`.
    fn with(path: &str, n: u64) -> Value {
        let mut v = enabling(path);
        v.as_object_mut()
            .unwrap()
            .entry("clients")
            .or_insert(json!({}));
        let parts: Vec<&str> = path.split('.').collect();
        put(&mut v, &parts, n);
        v
    }

    fn put(node: &mut Value, parts: &[&str], n: u64) {
        let (part, rest) = parts.split_first().unwrap();
        let obj = node.as_object_mut().unwrap();
        match (part.strip_suffix("[]"), rest.is_empty()) {
            (Some(name), true) => {
                obj.insert(name.into(), json!([n]));
            }
            (Some(name), false) => {
                let list = obj
                    .entry(name)
                    .or_insert(json!([{"start_s": 0, "end_s": 1}]));
                put(&mut list[0], rest, n);
            }
            (None, true) => {
                obj.insert(part.to_string(), json!(n));
            }
            (None, false) => put(obj.entry(*part).or_insert(json!({})), rest, n),
        }
    }

    /// `text` appears in `message`, not followed by another digit.
    fn mentions(message: &str, text: &str) -> bool {
        message
            .match_indices(text)
            .any(|(i, _)| !message[i + text.len()..].starts_with(|c: char| c.is_ascii_digit()))
    }

    #[test]
    fn the_table_matches_the_validators() {
        for (path, allowed) in whole_fields() {
            let reading = |p: &str| p.replace("[]", "[0]");
            match allowed {
                Between(lo, hi) => {
                    if hi < u32::MAX as u64 {
                        let e = Scenario::from_value(with(path, hi + 1)).expect_err(path);
                        assert_eq!(e.field, reading(path), "{path}: {e}");
                        assert!(mentions(&e.message, &format!("and {hi}")), "{path}: {e}");
                        Scenario::from_value(with(path, hi))
                            .unwrap_or_else(|e| panic!("{path} = {hi}: {e}"));
                    }
                    if lo > 0 {
                        let e = Scenario::from_value(with(path, lo - 1)).expect_err(path);
                        assert_eq!(e.field, reading(path), "{path}: {e}");
                        assert!(
                            mentions(&e.message, &format!("between {lo} and")),
                            "{path}: {e}"
                        );
                    }
                }
                OneOf(values) => {
                    for v in values {
                        Scenario::from_value(with(path, *v))
                            .unwrap_or_else(|e| panic!("{path}: {e}"));
                    }
                    let e = Scenario::from_value(with(path, 430)).expect_err(path);
                    assert_eq!(
                        e.to_string(),
                        format!("{path}: must be 429 or 503 (got 430)")
                    );
                }
            }
        }
    }

    #[test]
    fn every_whole_number_field_is_listed_or_unranged() {
        // Whole numbers that any value of their type may take.
        const FREE: [&str; 3] = [
            "server.outages[].workers",
            "server.latency_spikes[].workers",
            "seed",
        ];
        let v = serde_json::to_value(
            Scenario::from_value(with("server.capacity_dips[].workers", 1)).unwrap(),
        )
        .unwrap();
        let mut v = v;
        for list in ["outages", "latency_spikes"] {
            v["server"][list] =
                json!([{"start_s": 0.0, "end_s": 1.0, "factor": 1.0, "workers": 0}]);
        }
        let mut missing = Vec::new();
        walk(&v, "", &mut |path, leaf| {
            if leaf.is_u64()
                && allowed(path).is_none()
                && !FREE.contains(&strip_indices(path).as_str())
            {
                missing.push(path.to_string());
            }
        });
        assert!(missing.is_empty(), "not in WHOLE: {missing:?}");
    }

    fn walk(v: &Value, path: &str, f: &mut dyn FnMut(&str, &Value)) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(c, &p, f);
                }
            }
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate() {
                    walk(c, &format!("{path}[{i}]"), f);
                }
            }
            leaf => f(path, leaf),
        }
    }

    #[test]
    fn indices_are_ignored_when_looking_up() {
        assert_eq!(
            allowed("server.capacity_dips[17].workers"),
            Some(Between(1, 1_000_000))
        );
        assert_eq!(allowed("pool.nope"), None);
    }
}
