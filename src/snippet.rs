//! "Show the code": the client code that sets up the same concurrency as the
//! scenario, for aiohttp, httpx and Go's net/http, generated from the
//! scenario so it always matches the sliders. Each setting is commented with
//! the scenario field it comes from; settings a library cannot express are
//! said so in a comment rather than silently dropped.
//!
//! `shape.rs` reads the scenario into a library-neutral `Shape`; one file per
//! library writes the code (`asyncio.rs` holds what the Python ones share).

mod aiohttp;
mod asyncio;
mod go;
mod httpx;
mod shape;
mod tenacity;

pub use shape::{Shape, Workload};

use crate::scenario::Scenario;

/// The client libraries a snippet can be written for, as (id, label).
pub const CLIENTS: [(&str, &str); 3] = [
    ("aiohttp", "Python · aiohttp"),
    ("httpx", "Python · httpx"),
    ("go", "Go · net/http"),
];

/// The snippet client that speaks the scenario's library: Go's for the Go
/// net/http preset, httpx's for httpx, aiohttp's otherwise (its defaults are
/// the scenario's when no preset is named).
pub fn client_for(scenario: &Scenario) -> &'static str {
    match scenario.pool.preset.as_str() {
        "go-net-http" => "go",
        "httpx" => "httpx",
        _ => "aiohttp",
    }
}

/// The code for client library `client` (an id of `CLIENTS`); `None` for an unknown id.
pub fn generate(client: &str, scenario: &Scenario) -> Option<String> {
    let shape = Shape::of(scenario);
    match client {
        "aiohttp" => Some(aiohttp::code(&shape)),
        "httpx" => Some(httpx::code(&shape)),
        "go" => Some(go::code(&shape)),
        _ => None,
    }
}

/// A number as code: no trailing zeros ("15", "0.05", "2.5").
pub(crate) fn num(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests;
