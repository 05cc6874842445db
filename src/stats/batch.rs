//! Batch means: the sample split into consecutive batches of equal size, each
//! summarised by its mean. Batch means are nearly independent, which gives an
//! honest confidence interval for the mean of a correlated sequence (queue
//! waits are strongly correlated).

use serde::Serialize;

/// Number of batches.
pub const BATCHES: usize = 20;

#[derive(Clone, Debug, Default, Serialize)]
pub struct BatchMeans {
    batch_size: u64,
    sums: [f64; BATCHES],
    /// The batch the next value goes to (`BATCHES` once they are all full,
    /// or when batching is disabled), and the values it still takes (a
    /// countdown instead of a division per value). Batches fill in order, so
    /// every batch before `batch` holds exactly `batch_size` values.
    batch: usize,
    left: u64,
}

impl BatchMeans {
    /// Batches for a sample of about `expected` values (0 disables batching).
    pub fn new(expected: u64) -> Self {
        let batch_size = expected / BATCHES as u64;
        BatchMeans {
            batch_size,
            sums: [0.0; BATCHES],
            batch: if batch_size == 0 { BATCHES } else { 0 },
            left: batch_size,
        }
    }

    #[inline]
    pub fn record(&mut self, value: f64) {
        let b = self.batch;
        if b < BATCHES {
            self.sums[b] += value;
            self.left -= 1;
            if self.left == 0 {
                self.batch += 1;
                self.left = self.batch_size;
            }
        }
    }

    /// The same as `record(0.0)` (sums of values that are never −0.0 do
    /// not change by adding 0), without the addition.
    #[inline]
    pub fn record_zero(&mut self) {
        if self.batch < BATCHES {
            self.left -= 1;
            if self.left == 0 {
                self.batch += 1;
                self.left = self.batch_size;
            }
        }
    }

    /// The mean of each complete batch.
    pub fn means(&self) -> Vec<f64> {
        if self.batch_size == 0 {
            return Vec::new();
        }
        self.sums[..self.batch]
            .iter()
            .map(|s| s / self.batch_size as f64)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fill_batches_in_order_and_the_excess_is_ignored() {
        // 45 expected values: batches of 2; values past the 40th find no batch.
        let mut b = BatchMeans::new(45);
        for v in 0..50 {
            b.record(v as f64);
        }
        let means = b.means();
        assert_eq!(means.len(), BATCHES);
        for (i, m) in means.iter().enumerate() {
            assert_eq!(*m, (4 * i + 1) as f64 / 2.0, "batch {i}");
        }
        assert!(BatchMeans::new(0).means().is_empty());
        // Zeros recorded either way give the same batches.
        let (mut a, mut z) = (BatchMeans::new(100), BatchMeans::new(100));
        for v in 0..110u64 {
            let x = if v % 3 == 0 { 0.0 } else { v as f64 / 7.0 };
            a.record(x);
            if x == 0.0 {
                z.record_zero();
            } else {
                z.record(x);
            }
        }
        assert_eq!(a.means().len(), BATCHES);
        assert_eq!(a.means(), z.means());
        let mut none = BatchMeans::new(19);
        none.record(1.0);
        assert!(none.means().is_empty());
        // A partial last batch is left out: 60 expected, 50 values: batches
        // of 3, the 17th holds only 2 of its 3.
        let mut part = BatchMeans::new(60);
        for v in 0..50 {
            part.record(v as f64);
        }
        let means = part.means();
        assert_eq!(means.len(), 16);
        assert_eq!(means[15], (45 + 46 + 47) as f64 / 3.0);
    }
}
