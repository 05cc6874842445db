//! Range checks shared by every validator (scenario sections, limiters,
//! adaptive limits, retries). Each failure names the field and the allowed
//! range; nothing is clamped silently.

use super::ConfigError;

/// Checks `lo <= value <= hi` for an integer field.
pub fn int_in<T: Into<u64>>(field: &str, value: T, lo: T, hi: T) -> Result<(), ConfigError> {
    let (value, lo, hi) = (value.into(), lo.into(), hi.into());
    if value < lo || value > hi {
        return Err(ConfigError::new(
            field,
            format!("must be between {lo} and {hi} (got {value})"),
        ));
    }
    Ok(())
}

/// Checks that a float field is finite and in `[lo, hi]`.
pub fn float_in(field: &str, value: f64, lo: f64, hi: f64) -> Result<(), ConfigError> {
    if !value.is_finite() || value < lo || value > hi {
        return Err(ConfigError::new(
            field,
            format!("must be a number between {lo} and {hi} (got {value})"),
        ));
    }
    Ok(())
}

/// Checks that a float field is finite and in `(0, hi]`.
pub fn positive(field: &str, value: f64, hi: f64) -> Result<(), ConfigError> {
    if !value.is_finite() || value <= 0.0 || value > hi {
        return Err(ConfigError::new(
            field,
            format!("must be greater than 0 and at most {hi} (got {value})"),
        ));
    }
    Ok(())
}
