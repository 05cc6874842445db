//! The retry policy as a tenacity decorator for the Python snippets, where
//! tenacity's waits can say it exactly. tenacity (`tenacity/wait.py`, its
//! current releases) waits `multiplier · 2^(n − 1)` seconds after the n-th
//! failed attempt (`wait_exponential`,
//! capped at `max`), a uniform draw below that (`wait_random_exponential`:
//! full jitter), and waits add up (`+`); poolsim's exponential backoff
//! waits `base · 2^(first_exponent + n − 1)`, so the multiplier is
//! `base · 2^first_exponent` in seconds. Decorrelated jitter has no
//! tenacity wait: `None`. (Checked 2026-12-04 against tenacity 9.2.1 from
//! PyPI: `wait_exponential(multiplier=0.2, max=5)` waits 0.2, 0.4, 0.8, 1.6,
//! 3.2, 5 s, as poolsim's 200 ms · 2^(n − 1) capped at 5 s; the equal-jitter
//! sum draws within [half, all] of it.)

use super::num;
use crate::retry::{Backoff, Config, Jitter};

/// `@retry(stop=stop_after_attempt(N), wait=…)` for policy `r`, or `None`
/// when tenacity has no wait for its jitter.
pub fn decorator(r: &Config) -> Option<String> {
    let wait = wait(r)?;
    Some(format!(
        "@retry(stop=stop_after_attempt({}), wait={wait})",
        r.max_attempts
    ))
}

/// The `from tenacity import …` line for decorator `d`.
pub fn import_line(d: &str) -> String {
    let names: Vec<&str> = [
        "retry",
        "stop_after_attempt",
        "wait_none",
        "wait_fixed",
        "wait_random",
        "wait_exponential",
        "wait_random_exponential",
    ]
    .into_iter()
    .filter(|n| d.contains(&format!("{n}(")))
    .collect();
    format!("from tenacity import {}", names.join(", "))
}

/// The wait expression: a deterministic part and a uniform part scaled by
/// the jitter (share of the backoff that is fixed, share drawn).
fn wait(r: &Config) -> Option<String> {
    let (fixed, drawn) = match r.jitter {
        Jitter::None => (1.0, 0.0),
        Jitter::Full => (0.0, 1.0),
        Jitter::Equal => (0.5, 0.5),
        // backoff · U(0.8, 1.2) = 0.8 · backoff + U(0, 0.4 · backoff).
        Jitter::Grpc => (0.8, 0.4),
        Jitter::Decorrelated => return None,
    };
    let parts: Vec<String> = match r.backoff {
        Backoff::None => return Some("wait_none()".into()),
        Backoff::Constant => {
            let base_s = r.base_ms / 1e3;
            [
                (fixed > 0.0).then(|| format!("wait_fixed({})", num(fixed * base_s))),
                (drawn > 0.0).then(|| format!("wait_random(0, {})", num(drawn * base_s))),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
        Backoff::Exponential => {
            let first_s = r.base_ms / 1e3 * 2f64.powi(r.first_exponent as i32);
            let cap_s = r.cap_ms / 1e3;
            let exp = |name: &str, share: f64| {
                format!(
                    "{name}(multiplier={}, max={})",
                    num(share * first_s),
                    num(share * cap_s)
                )
            };
            [
                (fixed > 0.0).then(|| exp("wait_exponential", fixed)),
                (drawn > 0.0).then(|| exp("wait_random_exponential", drawn)),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
    };
    Some(parts.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(backoff: Backoff, jitter: Jitter) -> Config {
        Config {
            max_attempts: 6,
            backoff,
            base_ms: 200.0,
            cap_ms: 5000.0,
            jitter,
            ..Config::default()
        }
    }

    #[test]
    fn each_jitter_is_its_tenacity_wait() {
        let exp = |j| decorator(&policy(Backoff::Exponential, j));
        assert_eq!(
            exp(Jitter::None).as_deref(),
            Some(
                "@retry(stop=stop_after_attempt(6), wait=wait_exponential(multiplier=0.2, max=5))"
            )
        );
        assert_eq!(
            exp(Jitter::Full).as_deref(),
            Some("@retry(stop=stop_after_attempt(6), wait=wait_random_exponential(multiplier=0.2, max=5))")
        );
        // backoff/2 + U(0, backoff/2), each half capped at half the cap.
        assert_eq!(
            exp(Jitter::Equal).as_deref(),
            Some("@retry(stop=stop_after_attempt(6), wait=wait_exponential(multiplier=0.1, max=2.5) + wait_random_exponential(multiplier=0.1, max=2.5))")
        );
        assert_eq!(exp(Jitter::Decorrelated), None);
        let equal = exp(Jitter::Equal).expect("expressible");
        assert_eq!(
            import_line(&equal),
            "from tenacity import retry, stop_after_attempt, wait_exponential, wait_random_exponential"
        );
        let constant = decorator(&policy(Backoff::Constant, Jitter::Full));
        assert_eq!(
            constant.as_deref(),
            Some("@retry(stop=stop_after_attempt(6), wait=wait_random(0, 0.2))")
        );
    }

    /// The AWS post's first backoff is base · 2¹: tenacity's multiplier doubles.
    #[test]
    fn the_first_exponent_scales_the_multiplier() {
        let r = Config {
            first_exponent: 1,
            ..policy(Backoff::Exponential, Jitter::None)
        };
        let d = decorator(&r).expect("expressible");
        assert!(d.contains("wait_exponential(multiplier=0.4, max=5)"), "{d}");
    }
}
