//! A 95% confidence interval for a mean over independent runs (one per seed),
//! by Student's t: mean ± t(0.975, n−1) · s / √n.

use serde::Serialize;

/// Mean and 95% half-width of a sample; `half_width_95` is 0 for one value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub half_width_95: f64,
}

/// t(0.975, df) for df = 1..=30 (standard tables); above 30 the normal 1.96 is used.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

fn t_975(df: usize) -> f64 {
    match df {
        0 => 0.0,
        d if d <= T_975.len() => T_975[d - 1],
        _ => 1.96,
    }
}

impl Interval {
    /// The interval of `values`' mean; empty input gives zeros.
    pub fn of(values: &[f64]) -> Interval {
        let n = values.len();
        if n == 0 {
            return Interval {
                mean: 0.0,
                half_width_95: 0.0,
            };
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Interval {
                mean,
                half_width_95: 0.0,
            };
        }
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
        Interval {
            mean,
            half_width_95: t_975(n - 1) * (var / n as f64).sqrt(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_has_no_width() {
        assert_eq!(
            Interval::of(&[3.0]),
            Interval {
                mean: 3.0,
                half_width_95: 0.0
            }
        );
    }

    #[test]
    fn the_half_width_follows_students_t() {
        // mean 2, sample sd 1, n 3: 4.303 · 1 / √3.
        let i = Interval::of(&[1.0, 2.0, 3.0]);
        assert_eq!(i.mean, 2.0);
        assert!((i.half_width_95 - 4.303 / 3f64.sqrt()).abs() < 1e-12);
        let many: Vec<f64> = (0..40).map(|i| (i % 2) as f64).collect();
        let sd = (10.0f64 / 39.0).sqrt();
        let w = Interval::of(&many).half_width_95;
        assert!((w - 1.96 * sd / 40f64.sqrt()).abs() < 1e-12, "{w}");
    }
}
