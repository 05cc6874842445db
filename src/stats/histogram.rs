//! A log-linear histogram of nanosecond values (HDR-style): exact below 128 ns,
//! then 128 sub-buckets per power of two, so any quantile is within 0.4% of the
//! truth. The mean, min and max are exact. Memory is fixed (7,424 counters)
//! whatever the number of samples.

use serde::Serialize;

const SUB_BITS: u32 = 7;
const SUB: u64 = 1 << SUB_BITS;
/// Buckets: 128 exact ones, then 128 per power of two from 2^7 to 2^63.
const BUCKETS: usize = (SUB + (64 - SUB_BITS as u64) * SUB) as usize;

#[derive(Clone)]
pub struct Histogram {
    counts: Box<[u64; BUCKETS]>,
    count: u64,
    sum_ns: u128,
    min_ns: u64,
    max_ns: u64,
}

/// The numbers every latency-like metric reports, in milliseconds.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Percentiles {
    pub count: u64,
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
}

/// The bucket of `v`, without a branch: with `s` = max(0, ⌊log2 v⌋ − 7), the
/// bucket is `128·s + (v >> s)` (for v < 256, s = 0 and the bucket is `v`;
/// above, `v >> s` is in [128, 256): the 128 + sub-bucket of the power of two).
#[inline]
fn bucket_of(v: u64) -> usize {
    let s = 63 - SUB_BITS - (v | SUB).leading_zeros(); // (v | SUB) >= SUB: no underflow
                                                       // The mask changes nothing (v >> s < 256) but bounds the index for the compiler.
    ((s as u64) * SUB + ((v >> s) & (2 * SUB - 1))) as usize
}

/// Lowest value and width of a bucket.
fn bucket_range(i: usize) -> (u64, u64) {
    let i = i as u64;
    if i < SUB {
        return (i, 1);
    }
    let e = (i - SUB) / SUB + SUB_BITS as u64;
    let sub = (i - SUB) % SUB;
    let shift = e - SUB_BITS as u64;
    ((SUB + sub) << shift, 1 << shift)
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: Box::new([0; BUCKETS]),
            count: 0,
            sum_ns: 0,
            min_ns: u64::MAX,
            max_ns: 0,
        }
    }
}

impl Histogram {
    #[inline]
    pub fn record(&mut self, v_ns: u64) {
        // Zero needs no path of its own: bucket 0, nothing added to the sum.
        self.counts[bucket_of(v_ns)] += 1;
        self.count += 1;
        self.sum_ns += v_ns as u128;
        // Branches rather than selects: a new minimum or maximum is rare, and
        // the common case then stores nothing.
        if v_ns < self.min_ns {
            self.min_ns = v_ns;
        }
        if v_ns > self.max_ns {
            self.max_ns = v_ns;
        }
    }

    /// Records `n` zeros at once (the same as `record(0)` `n` times).
    pub fn record_zeros(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        self.counts[0] += n;
        self.count += n;
        self.min_ns = 0;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean, in nanoseconds (0 when empty).
    pub fn mean_ns(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_ns as f64 / self.count as f64
        }
    }

    /// Exact sum of all samples, in nanoseconds.
    pub fn sum_ns(&self) -> u128 {
        self.sum_ns
    }

    pub fn max_ns(&self) -> u64 {
        if self.count == 0 {
            0
        } else {
            self.max_ns
        }
    }

    /// The q-quantile (0 < q ≤ 1) in nanoseconds: the middle of the bucket
    /// holding the ⌈q·n⌉-th smallest sample, clamped to the exact min and max.
    pub fn quantile_ns(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let rank = ((q * self.count as f64).ceil() as u64).clamp(1, self.count);
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, width) = bucket_range(i);
                let mid = lo as f64 + (width as f64 - 1.0) / 2.0;
                return mid.clamp(self.min_ns as f64, self.max_ns as f64);
            }
        }
        self.max_ns as f64
    }

    /// Mean, percentiles and max, in milliseconds.
    pub fn percentiles_ms(&self) -> Percentiles {
        let ms = |ns: f64| ns / 1e6;
        Percentiles {
            count: self.count,
            mean: ms(self.mean_ns()),
            p50: ms(self.quantile_ns(0.50)),
            p90: ms(self.quantile_ns(0.90)),
            p95: ms(self.quantile_ns(0.95)),
            p99: ms(self.quantile_ns(0.99)),
            p999: ms(self.quantile_ns(0.999)),
            max: ms(self.max_ns() as f64),
        }
    }

    /// Non-empty buckets as (lowest value ns, width ns, count), ascending: for CDF charts.
    pub fn buckets(&self) -> impl Iterator<Item = (u64, u64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| {
                let (lo, w) = bucket_range(i);
                (lo, w, *c)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_tile_the_range() {
        for v in [
            0u64,
            1,
            127,
            128,
            129,
            255,
            256,
            1_000_000,
            50_000_000,
            u64::MAX,
        ] {
            let (lo, w) = bucket_range(bucket_of(v));
            assert!(lo <= v && v - lo < w, "v={v} lo={lo} w={w}");
        }
        assert_eq!(bucket_of(u64::MAX), BUCKETS - 1);
    }

    /// The bucket as first defined: exact below 128, then the power of two
    /// and the 7 bits below its leading one.
    fn bucket_of_reference(v: u64) -> usize {
        if v < SUB {
            return v as usize;
        }
        let e = 63 - v.leading_zeros();
        let shift = e - SUB_BITS;
        let sub = (v >> shift) & (SUB - 1);
        (SUB + (e - SUB_BITS) as u64 * SUB + sub) as usize
    }

    #[test]
    fn branchless_bucket_is_the_reference_bucket() {
        let mut vs: Vec<u64> = (0..4096).collect();
        for e in 7..64 {
            let p = 1u64 << e;
            for d in 0..300 {
                vs.extend([
                    p + d,
                    p - 1 - d.min(p - 1),
                    p.wrapping_mul(2).wrapping_sub(1 + d),
                ]);
            }
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            vs.extend([x, x >> (x % 64)]);
        }
        vs.push(u64::MAX);
        for v in vs {
            assert_eq!(bucket_of(v), bucket_of_reference(v), "v={v}");
        }
    }

    #[test]
    fn zeros_and_extremes_keep_count_sum_min_max() {
        let mut h = Histogram::default();
        h.record(0);
        assert_eq!(
            (h.count(), h.sum_ns(), h.max_ns(), h.quantile_ns(1.0)),
            (1, 0, 0, 0.0)
        );
        h.record(5);
        h.record(0);
        h.record(u64::MAX);
        assert_eq!(h.count(), 4);
        assert_eq!(h.sum_ns(), u64::MAX as u128 + 5);
        assert_eq!(h.max_ns(), u64::MAX);
        assert_eq!(h.quantile_ns(0.5), 0.0);
        let mut z = Histogram::default();
        z.record_zeros(3);
        z.record(7);
        assert_eq!(
            (z.count(), z.sum_ns(), z.max_ns(), z.quantile_ns(0.75)),
            (4, 7, 7, 0.0)
        );
    }

    #[test]
    fn quantiles_within_resolution() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v * 1000);
        }
        assert_eq!(h.count(), 100_000);
        assert_eq!(h.mean_ns(), 50_000_500.0);
        for q in [0.5, 0.9, 0.99] {
            let truth = q * 100_000_000.0;
            let got = h.quantile_ns(q);
            assert!((got - truth).abs() / truth < 0.004, "q={q} got {got}");
        }
        assert_eq!(h.max_ns(), 100_000_000);
    }
}
