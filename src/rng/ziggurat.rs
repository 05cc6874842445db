//! Exponential variates by the ziggurat method (Marsaglia & Tsang, "The
//! Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8),
//! 2000; 256 layers, r = 7.697117470131050, v = 0.003949659822581557).
//! About 99% of draws need one 64-bit random number and one multiply, no
//! logarithm. The layer table is computed once with `libm`, so native and
//! wasm builds draw identical values.

use crate::rng::unit;
use rand::Rng;
use std::sync::OnceLock;

const LAYERS: usize = 256;
const R: f64 = 7.697_117_470_131_05;
const V: f64 = 0.003_949_659_822_581_557;

/// Layer edges x[0..=256] (x[0] is the base layer's virtual width, x[256] = 0)
/// and the density at each edge, f[i] = exp(−x[i]).
struct Table {
    x: [f64; LAYERS + 1],
    f: [f64; LAYERS + 1],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut x = [0.0; LAYERS + 1];
        x[0] = V * libm::exp(R);
        x[1] = R;
        for i in 1..LAYERS - 1 {
            x[i + 1] = -libm::log(V / x[i] + libm::exp(-x[i]));
        }
        x[LAYERS] = 0.0;
        let mut f = [0.0; LAYERS + 1];
        for i in 0..=LAYERS {
            f[i] = libm::exp(-x[i]);
        }
        Table { x, f }
    })
}

/// One draw from the exponential distribution with mean 1.
#[inline]
pub fn standard_exponential<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let t = table();
    loop {
        let bits = rng.next_u64();
        let i = (bits & 0xff) as usize;
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let x = u * t.x[i];
        if x < t.x[i + 1] {
            return x;
        }
        if i == 0 {
            // The tail beyond r is itself exponential, shifted by r.
            return R - libm::log(1.0 - unit(rng));
        }
        if t.f[i + 1] + (t.f[i] - t.f[i + 1]) * unit(rng) < libm::exp(-x) {
            return x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Seeds, Stream};

    #[test]
    fn table_closes_at_zero() {
        let t = table();
        // Every layer has area v; the recurrence must leave the top layer
        // (0..x[255] wide, f[255]..1 high) with area v too, or the constants are wrong.
        let top = t.x[LAYERS - 1] * (1.0 - t.f[LAYERS - 1]);
        assert!((top - V).abs() < 0.01 * V, "top layer area {top}");
    }

    #[test]
    fn moments_and_tails_match_the_exponential() {
        let mut r = Seeds::new(11).stream(Stream::Arrivals);
        let n = 1_000_000;
        let xs: Vec<f64> = (0..n).map(|_| standard_exponential(&mut r)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.005, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
        for (a, tol) in [(0.5, 0.002), (1.0, 0.002), (3.0, 0.001), (8.0, 0.0001)] {
            let p = xs.iter().filter(|x| **x > a).count() as f64 / n as f64;
            assert!((p - libm::exp(-a)).abs() < tol, "P(X > {a}) = {p}");
        }
    }
}
