//! Range checks shared by every validator (scenario sections, limiters,
//! adaptive limits, retries). Each failure names the field and the allowed
//! range; nothing is clamped silently. Numbers in messages are written
//! compactly (`1e308`, not 309 digits).

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
            format!(
                "must be a number between {} and {} (got {})",
                num(lo),
                num(hi),
                num(value)
            ),
        ));
    }
    Ok(())
}

/// Checks that a float field is finite and in `(0, hi]`.
pub fn positive(field: &str, value: f64, hi: f64) -> Result<(), ConfigError> {
    if !value.is_finite() || value <= 0.0 || value > hi {
        return Err(ConfigError::new(
            field,
            format!(
                "must be greater than 0 and at most {} (got {})",
                num(hi),
                num(value)
            ),
        ));
    }
    Ok(())
}

/// A number as a message shows it: plain up to 15 digits (`100000`, `0.25`),
/// in exponent form beyond (`1e308`, `1.5e-9`); `NaN` and `infinity` named.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "infinity" } else { "-infinity" }.into();
    }
    let a = x.abs();
    if a != 0.0 && !(1e-6..1e15).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(1e308), "1e308");
        assert_eq!(num(-2.5e20), "-2.5e20");
        assert_eq!(num(1.5e-9), "1.5e-9");
        assert_eq!(num(100_000.0), "100000");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(f64::NEG_INFINITY), "-infinity");
        let e = float_in("pool.connect_ms", 1e308, 0.0, 60_000.0).unwrap_err();
        assert_eq!(
            e.message,
            "must be a number between 0 and 60000 (got 1e308)"
        );
    }
}
