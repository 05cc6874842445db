//! Shared by the fuzz targets: the properties every answer must have.

use poolsim::{run, ConfigError, Scenario};

/// Events a fuzzed run may take (keeps each input fast).
const EVENTS: u64 = 5_000;

/// A valid scenario runs and stops within its budget; an error is one line naming a field.
pub fn check(result: Result<Scenario, ConfigError>) {
    match result {
        Ok(mut sc) => {
            sc.run.max_events = sc.run.max_events.min(EVENTS);
            let out = run(&sc);
            assert!(out.summary.events <= sc.run.max_events);
        }
        Err(e) => {
            let line = e.to_string();
            assert!(!e.field.is_empty(), "{line}");
            assert!(!line.contains('\n'), "{line:?}");
            assert!(line.chars().count() <= 400, "{line}");
            assert!(!line.contains("expected u") && !line.contains("invalid type"), "{line}");
        }
    }
}
