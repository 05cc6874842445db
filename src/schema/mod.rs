//! The input schema every part's configuration is checked against: the one
//! error type naming a field (`error.rs`), the range checks (`check.rs`) and
//! the structural limits on any input (`limits.rs`). It depends on nothing
//! else in the crate, so every part can use it.

pub mod check;
mod error;
pub mod limits;

pub use error::ConfigError;
