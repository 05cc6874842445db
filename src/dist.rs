//! Service-time distributions, prepared once from the scenario and sampled per
//! request from that request's own keyed stream (see `rng.rs`), so the same
//! request gets the same service time whatever the pool does.

use crate::rng::{exponential, standard_normal, unit};
use crate::scenario::{LatencyDist, Server, Z99};
use crate::time::{round_to_u64, SimDuration, NS_PER_MS};

/// A ready-to-sample distribution; parameters in milliseconds.
#[derive(Clone, Copy, Debug)]
pub enum ServiceDist {
    Constant {
        ms: f64,
    },
    Uniform {
        lo_ms: f64,
        hi_ms: f64,
    },
    Exponential {
        mean_ms: f64,
    },
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Bimodal {
        fast_ms: f64,
        slow_ms: f64,
        slow_probability: f64,
    },
    /// |N(mu, sd)|: a normal folded at 0 (the AWS backoff simulator's network hop).
    AbsNormal {
        mu_ms: f64,
        sd_ms: f64,
    },
}

impl ServiceDist {
    /// Builds the distribution from a validated server section. `latency_ms` is the mean in every case.
    pub fn from_server(s: &Server) -> ServiceDist {
        let mean = s.latency_ms;
        match s.latency_dist {
            LatencyDist::Constant => ServiceDist::Constant { ms: mean },
            LatencyDist::Uniform => {
                let spread = s.latency_spread_ms.unwrap_or(mean);
                ServiceDist::Uniform {
                    lo_ms: mean - spread,
                    hi_ms: mean + spread,
                }
            }
            LatencyDist::Exponential => ServiceDist::Exponential { mean_ms: mean },
            LatencyDist::Lognormal => {
                let sigma = lognormal_sigma(mean, s.latency_p99_ms, s.latency_sigma);
                ServiceDist::Lognormal {
                    mu: libm::log(mean) - sigma * sigma / 2.0,
                    sigma,
                }
            }
            LatencyDist::Bimodal => {
                let p = s.slow_probability;
                let fast = mean / (1.0 - p + p * s.slow_factor);
                ServiceDist::Bimodal {
                    fast_ms: fast,
                    slow_ms: fast * s.slow_factor,
                    slow_probability: p,
                }
            }
            LatencyDist::AbsNormal => ServiceDist::AbsNormal {
                mu_ms: mean,
                sd_ms: s.latency_spread_ms.unwrap_or(mean),
            },
        }
    }

    /// Draws one service time, in nanoseconds (at least 1 ns).
    #[inline]
    pub fn sample_ns<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> SimDuration {
        if let ServiceDist::Exponential { mean_ms } = *self {
            // The common case first: one compare instead of the jump table.
            return round_to_u64(exponential(rng, mean_ms) * NS_PER_MS as f64).max(1);
        }
        let ms = match *self {
            ServiceDist::Constant { ms } => ms,
            ServiceDist::Uniform { lo_ms, hi_ms } => lo_ms + (hi_ms - lo_ms) * unit(rng),
            ServiceDist::Exponential { mean_ms } => exponential(rng, mean_ms),
            ServiceDist::Lognormal { mu, sigma } => libm::exp(mu + sigma * standard_normal(rng)),
            ServiceDist::Bimodal {
                fast_ms,
                slow_ms,
                slow_probability,
            } => {
                if unit(rng) < slow_probability {
                    slow_ms
                } else {
                    fast_ms
                }
            }
            ServiceDist::AbsNormal { mu_ms, sd_ms } => abs_normal_ms(rng, mu_ms, sd_ms),
        };
        round_to_u64(ms * NS_PER_MS as f64).max(1)
    }

    /// The distribution's mean, in milliseconds.
    pub fn mean_ms(&self) -> f64 {
        match *self {
            ServiceDist::Constant { ms } => ms,
            ServiceDist::Uniform { lo_ms, hi_ms } => (lo_ms + hi_ms) / 2.0,
            ServiceDist::Exponential { mean_ms } => mean_ms,
            ServiceDist::Lognormal { mu, sigma } => libm::exp(mu + sigma * sigma / 2.0),
            ServiceDist::Bimodal {
                fast_ms,
                slow_ms,
                slow_probability: p,
            } => (1.0 - p) * fast_ms + p * slow_ms,
            ServiceDist::AbsNormal { mu_ms, sd_ms } => abs_normal_mean_ms(mu_ms, sd_ms),
        }
    }
}

/// One draw of |N(mu, sd)|, in milliseconds (one standard normal: two unit draws).
#[inline]
pub fn abs_normal_ms<R: rand::Rng + ?Sized>(rng: &mut R, mu_ms: f64, sd_ms: f64) -> f64 {
    if sd_ms == 0.0 {
        return mu_ms.abs();
    }
    (mu_ms + sd_ms * standard_normal(rng)).abs()
}

/// The mean of |N(mu, sd)| (the folded normal):
/// sd·√(2/π)·e^(−mu²/2sd²) + mu·erf(mu/(sd·√2)). Within 10⁻⁹ of mu once mu ≥ 6·sd.
pub fn abs_normal_mean_ms(mu_ms: f64, sd_ms: f64) -> f64 {
    if sd_ms == 0.0 {
        return mu_ms.abs();
    }
    let z = mu_ms / sd_ms;
    sd_ms * libm::sqrt(2.0 / core::f64::consts::PI) * libm::exp(-z * z / 2.0)
        + mu_ms * libm::erf(z / core::f64::consts::SQRT_2)
}

/// Sigma of a lognormal with the given mean and p99 (or the explicit sigma, or 0.5).
/// From p99 = exp(mu + z·σ) and mean = exp(mu + σ²/2): σ²/2 − zσ + ln(p99/mean) = 0,
/// taking the smaller root.
fn lognormal_sigma(mean: f64, p99: Option<f64>, sigma: Option<f64>) -> f64 {
    match (p99, sigma) {
        (Some(p99), _) => {
            let d = Z99 * Z99 - 2.0 * libm::log(p99 / mean);
            Z99 - libm::sqrt(d.max(0.0))
        }
        (None, Some(s)) => s,
        (None, None) => 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Seeds, Stream};

    fn sample_mean(d: ServiceDist, n: usize) -> (f64, Vec<f64>) {
        let mut r = Seeds::new(9).stream(Stream::Service);
        let mut xs: Vec<f64> = (0..n).map(|_| d.sample_ns(&mut r) as f64 / 1e6).collect();
        xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (xs.iter().sum::<f64>() / n as f64, xs)
    }

    #[test]
    fn every_distribution_keeps_its_mean() {
        let base = Server {
            latency_ms: 50.0,
            ..Server::default()
        };
        for dist in [
            LatencyDist::Constant,
            LatencyDist::Uniform,
            LatencyDist::Exponential,
            LatencyDist::Lognormal,
            LatencyDist::Bimodal,
        ] {
            let d = ServiceDist::from_server(&Server {
                latency_dist: dist,
                ..base.clone()
            });
            assert!((d.mean_ms() - 50.0).abs() < 1e-9, "{dist:?}");
            let (m, _) = sample_mean(d, 200_000);
            assert!((m - 50.0).abs() < 1.0, "{dist:?} sample mean {m}");
        }
    }

    #[test]
    fn abs_normal_folds_at_zero_and_keeps_the_folded_mean() {
        // |N(10, 2)|: the fold is invisible (P(N < 0) ≈ 3·10⁻⁷), mean 10, sd 2.
        let d = ServiceDist::from_server(&Server {
            latency_ms: 10.0,
            latency_dist: LatencyDist::AbsNormal,
            latency_spread_ms: Some(2.0),
            ..Server::default()
        });
        assert!((d.mean_ms() - 10.0).abs() < 1e-6, "{}", d.mean_ms());
        let (m, xs) = sample_mean(d, 200_000);
        assert!((m - 10.0).abs() < 0.02, "mean {m}");
        let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64;
        assert!((var.sqrt() - 2.0).abs() < 0.02, "sd {}", var.sqrt());
        // |N(0, 1)| (half-normal): mean √(2/π), no draw below 0.
        let half = ServiceDist::AbsNormal {
            mu_ms: 0.0,
            sd_ms: 1.0,
        };
        let want = (2.0 / core::f64::consts::PI).sqrt();
        assert!((half.mean_ms() - want).abs() < 1e-12);
        let (m, xs) = sample_mean(half, 200_000);
        assert!((m - want).abs() < 0.01, "half-normal mean {m}");
        assert!(xs[0] > 0.0);
        // sd 0: exactly the mean.
        let point = ServiceDist::AbsNormal {
            mu_ms: 10.0,
            sd_ms: 0.0,
        };
        let (m, xs) = sample_mean(point, 10);
        assert_eq!((m, xs[0], xs[9]), (10.0, 10.0, 10.0));
    }

    #[test]
    fn lognormal_hits_its_p99() {
        let s = Server {
            latency_ms: 50.0,
            latency_dist: LatencyDist::Lognormal,
            latency_p99_ms: Some(400.0),
            ..Server::default()
        };
        let (m, xs) = sample_mean(ServiceDist::from_server(&s), 400_000);
        let p99 = xs[(xs.len() as f64 * 0.99) as usize];
        assert!((m - 50.0).abs() < 1.5, "mean {m}");
        assert!((p99 - 400.0).abs() < 20.0, "p99 {p99}");
    }
}
