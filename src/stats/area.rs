//! Level × duration products, exact in `u128`, for the time integrals (the
//! simulator's in-system and in-flight areas, the series' bin areas).
//!
//! On wasm32 there is no 64×64→128 multiply: `a as u128 * b as u128` becomes
//! a call to compiler-builtins' `__multi3`, a full 128×128 product. On `mmc`
//! in node that call was 12% of the page's run time (six per event). A level
//! is a `u32`, so two 64-bit multiplies of the duration's halves give the
//! same product; natively the plain product is one instruction already.

/// `level · duration_ns`, exactly.
#[inline(always)]
pub fn level_times_ns(level: u32, duration_ns: u64) -> u128 {
    #[cfg(target_arch = "wasm32")]
    {
        split_product(level, duration_ns)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        level as u128 * duration_ns as u128
    }
}

/// The product from the duration's 32-bit halves: each partial product is
/// below 2^64, and the high one lands 32 bits up.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
#[inline(always)]
fn split_product(level: u32, duration_ns: u64) -> u128 {
    let low = (duration_ns & 0xffff_ffff) * level as u64;
    let high = (duration_ns >> 32) * level as u64;
    low as u128 + ((high as u128) << 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_product_is_the_full_product() {
        let edges = [
            0u64,
            1,
            0xffff_ffff,
            1 << 32,
            (1 << 32) + 1,
            u64::MAX - 1,
            u64::MAX,
        ];
        let levels = [0u32, 1, 2, 0xffff, u32::MAX - 1, u32::MAX];
        for &d in &edges {
            for &l in &levels {
                assert_eq!(split_product(l, d), l as u128 * d as u128, "{l} x {d}");
            }
        }
        // A xorshift64 walk over the rest of the range.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (l, d) = ((x >> 17) as u32, x.rotate_left(29));
            assert_eq!(split_product(l, d), l as u128 * d as u128, "{l} x {d}");
            assert_eq!(level_times_ns(l, d), l as u128 * d as u128);
        }
    }
}
