//! The input schema every part's configuration is checked against: the one
//! error type naming a field (`error.rs`), the range checks (`check.rs`),
//! the field table (`fields.rs`: path, range, default, page control, label)
//! and the structural limits on any input (`limits.rs`). It depends on nothing
//! else in the crate, so every part can use it.

pub mod check;
mod error;
pub mod fields;
pub mod limits;

pub use error::ConfigError;
