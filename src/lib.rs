//! poolsim: a deterministic discrete-event simulator of client-side concurrency.
//!
//! A request's path, and the module that owns each stage:
//!
//! ```text
//!   client (client.rs) ──► client CPU ──► pool (pool.rs) ──► server (server.rs)
//!      ▲                                     │ dial: connect_ms          │ queue, workers,
//!      └──── next request ◄── release ◄──────┴───────── response ◄──────┘ service time (dist.rs)
//! ```
//!
//! `sim.rs` moves virtual time (`time.rs`) through an event queue (`queue.rs`)
//! ordered by (time, sequence); randomness comes only from named seeded
//! streams (`rng.rs`). Measurements stream into fixed-size statistics
//! (`stats/`, `metrics.rs`) and become a `RunOutput` (`report.rs`), which the
//! CLI formats (`format.rs`) and the page draws (`chart/`, through `web.rs`,
//! the only module that knows about wasm-bindgen).
//!
//! Architecture Invariant: the core (everything but `web.rs`) never touches a
//! clock, OS randomness, or a browser API.

pub mod adaptive;
pub mod cache;
pub mod catalog;
pub mod chart;
pub mod client;
pub mod dist;
pub mod format;
pub mod golden;
pub mod limiter;
pub mod metrics;
pub mod playground;
pub mod pool;
pub mod queue;
pub mod report;
pub mod request;
pub mod retry;
pub mod rng;
pub mod scenario;
pub mod schema;
pub mod semaphore;
pub mod server;
pub mod sim;
pub mod snippet;
pub mod stats;
pub mod sweep;
pub mod time;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod words;

/// Stamped into every digest and shared link; bump it when a change alters any run's numbers.
pub const ENGINE_VERSION: &str = "3";

pub use report::{RunOutput, Summary};
pub use scenario::{presets, ConfigError, Scenario};
pub use sim::{run, run_summary};
