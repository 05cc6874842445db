//! Virtual time. The simulator never reads a clock: time is an integer count of
//! nanoseconds since the start of the run, moved forward only by `sim.rs`.
//!
//! Architecture Invariant: all time arithmetic is on `u64` nanoseconds; floats
//! appear only at the edges (scenario input, reports).

/// A point in virtual time, in nanoseconds since the run started.
pub type SimTime = u64;
/// A span of virtual time, in nanoseconds.
pub type SimDuration = u64;

pub const NS_PER_US: u64 = 1_000;
pub const NS_PER_MS: u64 = 1_000_000;
pub const NS_PER_S: u64 = 1_000_000_000;

/// Converts milliseconds (as typed by a user) to nanoseconds, rounding to the
/// nearest nanosecond. Negative or non-finite input maps to 0; callers validate first.
pub fn ms_to_ns(ms: f64) -> SimDuration {
    secs_to_ns(ms / 1e3)
}

/// Converts seconds to nanoseconds, rounding to the nearest nanosecond.
pub fn secs_to_ns(secs: f64) -> SimDuration {
    // Zero for NaN, infinities and non-positive values (NaN fails both comparisons).
    if !(secs > 0.0 && secs < f64::INFINITY) {
        return 0;
    }
    let ns = secs * NS_PER_S as f64;
    if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        round_to_u64(ns)
    }
}

/// Exactly `x.round() as u64` (halves away from zero), without the libm call
/// on the common path: below 2^52 the fraction `x − trunc(x)` is exact.
#[inline]
pub fn round_to_u64(x: f64) -> u64 {
    const EXACT_BELOW: f64 = (1u64 << 52) as f64;
    if (0.0..EXACT_BELOW).contains(&x) {
        // Through i64: below 2^52 both conversions are exact, and the signed
        // ones are single instructions where the unsigned ones are not.
        let whole = x as i64;
        (whole + (x - whole as f64 >= 0.5) as i64) as u64
    } else {
        x.round() as u64
    }
}

/// Nanoseconds to seconds, for reports.
pub fn ns_to_secs(ns: u64) -> f64 {
    ns as f64 / NS_PER_S as f64
}

/// Nanoseconds to milliseconds, for reports.
pub fn ns_to_ms(ns: u64) -> f64 {
    ns as f64 / NS_PER_MS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_to_nearest_ns() {
        assert_eq!(ms_to_ns(50.0), 50 * NS_PER_MS);
        assert_eq!(ms_to_ns(0.0000004), 0);
        assert_eq!(ms_to_ns(0.0000006), 1);
        assert_eq!(secs_to_ns(-1.0), 0);
        assert_eq!(secs_to_ns(f64::NAN), 0);
        assert_eq!(ns_to_secs(501 * NS_PER_MS), 0.501);
    }

    #[test]
    fn fast_rounding_is_exactly_f64_round() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut samples = vec![0.0, 0.5, 1.5, 2.5, 0.49999999999999994, 4503599627370495.5];
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let scale = [1e-3, 1.0, 1e3, 1e9, 1e15][(x % 5) as usize];
            samples.push((x >> 11) as f64 / (1u64 << 53) as f64 * scale);
            samples.push((x % 100_000) as f64 + 0.5);
        }
        for v in samples {
            assert_eq!(round_to_u64(v), v.round() as u64, "{v}");
        }
    }
}
