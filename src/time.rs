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
#[inline]
pub fn secs_to_ns(secs: f64) -> SimDuration {
    let ns = secs * NS_PER_S as f64;
    // 0 ≤ ns < 2^52 (a NaN, a negative value or −0 has larger bits): a
    // positive `secs` would round the same below, and ns = +0 only comes
    // from secs = +0 (or a tiny positive secs), 0 either way.
    match round_below_2_52(ns) {
        Some(n) => n,
        None => secs_to_ns_slow(secs, ns),
    }
}

#[cold]
fn secs_to_ns_slow(secs: f64, ns: f64) -> SimDuration {
    // Zero for NaN, infinities and non-positive values (NaN fails both comparisons).
    if !(secs > 0.0 && secs < f64::INFINITY) {
        return 0;
    }
    if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        round_to_u64(ns)
    }
}

/// 2^52, as `f64` bits: a non-negative `f64` is below 2^52 exactly when its
/// bits are below these (the sign bit of a negative one, and the exponent of
/// infinities and NaNs, make theirs larger).
const EXACT_BELOW_BITS: u64 = ((1u64 << 52) as f64).to_bits();

/// 0.5 − 2^−54, the largest `f64` below one half.
const JUST_BELOW_HALF: f64 = 0.499_999_999_999_999_94;

/// `x.round()` if 0 ≤ x < 2^52 (else None): ⌊x + (0.5 − 2^−54)⌋. Adding
/// just less than a half cannot carry x < n + ½ to n + 1 (the sum rounds to
/// n + 1 only within half an ulp of it, and the ulp of a sum ≥ 1 is at least
/// 2^−52; below 1 the sum stays ≤ 1 − 2^−53), and x ≥ n + ½ gets there
/// (n + ½ + 0.5 − 2^−54 is within 2^−54 of n + 1 and rounds to it).
#[inline]
fn round_below_2_52(x: f64) -> Option<u64> {
    if x.to_bits() < EXACT_BELOW_BITS {
        // SAFETY: 0 ≤ x < 2^52, so the sum is finite and its integer part
        // (at most 2^52) fits an i64: the unchecked conversion is defined,
        // and skips the clamps of the saturating `as`.
        Some(unsafe { (x + JUST_BELOW_HALF).to_int_unchecked::<i64>() } as u64)
    } else {
        None
    }
}

/// Exactly `x.round() as u64` (halves away from zero), without the libm call
/// on the common path (see `round_below_2_52`).
#[inline]
pub fn round_to_u64(x: f64) -> u64 {
    match round_below_2_52(x) {
        Some(n) => n,
        None => x.round() as u64,
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
        // Every half and its neighbours, at every scale, and the edges.
        for e in -60..=60 {
            let p = 2f64.powi(e);
            for k in [0.0, 1.0, 2.0, 3.0, 7.0, 1e3] {
                let h = k * p + 0.5;
                let mut v = h;
                for _ in 0..4 {
                    v = v.next_down();
                    samples.push(v);
                }
                let mut v = h;
                for _ in 0..4 {
                    samples.push(v);
                    v = v.next_up();
                }
                samples.push(p);
                samples.push(p.next_down());
                samples.push(p.next_up());
            }
        }
        let big = (1u64 << 52) as f64;
        samples.extend([
            -0.0,
            -0.4,
            -0.5,
            -1.5,
            -1e300,
            big,
            big.next_down(),
            big.next_up(),
            big - 0.5,
            (1u64 << 53) as f64,
            1e19,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
        ]);
        for v in samples {
            assert_eq!(round_to_u64(v), v.round() as u64, "{v}");
            // secs_to_ns as first written: the checks before the rounding.
            let secs = v / 1e9;
            let want = if !(secs > 0.0 && secs < f64::INFINITY) {
                0
            } else if secs * 1e9 >= u64::MAX as f64 {
                u64::MAX
            } else {
                (secs * 1e9).round() as u64
            };
            assert_eq!(secs_to_ns(secs), want, "{secs} s");
        }
    }
}
