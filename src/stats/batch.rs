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
    sums: Vec<f64>,
    counts: Vec<u64>,
    /// The batch the next value goes to, and the values it still takes
    /// (a countdown instead of a division per value).
    batch: usize,
    left: u64,
}

impl BatchMeans {
    /// Batches for a sample of about `expected` values (0 disables batching).
    pub fn new(expected: u64) -> Self {
        let batch_size = expected / BATCHES as u64;
        BatchMeans {
            batch_size,
            sums: vec![0.0; BATCHES],
            counts: vec![0; BATCHES],
            batch: 0,
            left: batch_size,
        }
    }

    pub fn record(&mut self, value: f64) {
        if self.batch_size == 0 {
            return;
        }
        let b = self.batch;
        if b < BATCHES {
            self.sums[b] += value;
            self.counts[b] += 1;
            self.left -= 1;
            if self.left == 0 {
                self.batch += 1;
                self.left = self.batch_size;
            }
        }
    }

    /// The mean of each complete batch.
    pub fn means(&self) -> Vec<f64> {
        self.sums
            .iter()
            .zip(&self.counts)
            .filter(|(_, c)| **c == self.batch_size && self.batch_size > 0)
            .map(|(s, c)| s / *c as f64)
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
    }
}
