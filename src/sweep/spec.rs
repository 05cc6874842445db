//! What a sweep varies: `KEY=V1,V2,...` lists and `KEY=A..B` ranges (with a
//! number of steps, linear or log spaced), expanded into the grid of points
//! (the cartesian product, first key outermost). Bounded: at most
//! `MAX_POINTS` points and `MAX_RUNS` runs (points × seeds).

use crate::scenario::ConfigError;

/// The most points one sweep may have.
pub const MAX_POINTS: usize = 1_000;
/// The most runs (points × seeds) one sweep may make.
pub const MAX_RUNS: usize = 5_000;
/// The most seeds per point.
pub const MAX_SEEDS: u32 = 100;
/// The most steps one range may be cut into.
pub const MAX_STEPS: u32 = 1_000;
/// The most keys varied at once.
pub const MAX_KEYS: usize = 4;

/// How a range `A..B` is cut into steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spacing {
    Linear,
    Log,
}

/// One varied key and the values it takes, as the strings `--set` would get.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    pub key: String,
    pub values: Vec<String>,
}

/// A whole sweep: the varied keys and the number of seeds per point.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    pub vary: Vec<Vary>,
    pub seeds: u32,
}

/// Parses one `--vary` argument. A range takes `steps` values (ends included);
/// when both ends are whole numbers the values are rounded to whole numbers
/// and repeats dropped.
pub fn parse_vary(arg: &str, steps: u32, spacing: Spacing) -> Result<Vary, ConfigError> {
    let (key, rhs) = arg
        .split_once('=')
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .ok_or_else(|| {
            ConfigError::new(
                "--vary",
                format!("takes KEY=V1,V2,... or KEY=A..B (got '{}')", clip(arg)),
            )
        })?;
    let values = match rhs.split_once("..") {
        Some((a, b)) => range_values(key, a, b, steps, spacing)?,
        None => list_values(key, rhs)?,
    };
    Ok(Vary {
        key: key.to_string(),
        values,
    })
}

fn list_values(key: &str, rhs: &str) -> Result<Vec<String>, ConfigError> {
    let values: Vec<String> = rhs.split(',').map(|v| v.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(ConfigError::new(
            key,
            format!("--vary has an empty value in '{}'", clip(rhs)),
        ));
    }
    if values.len() > MAX_POINTS {
        return Err(too_many(key, values.len()));
    }
    Ok(values)
}

fn range_values(
    key: &str,
    a: &str,
    b: &str,
    steps: u32,
    spacing: Spacing,
) -> Result<Vec<String>, ConfigError> {
    let lo = parse_end(key, a)?;
    let hi = parse_end(key, b)?;
    if !(2..=MAX_STEPS).contains(&steps) {
        return Err(ConfigError::new(
            "--steps",
            format!("must be a whole number between 2 and {MAX_STEPS} (got {steps})"),
        ));
    }
    if spacing == Spacing::Log && (lo <= 0.0 || hi <= 0.0) {
        return Err(ConfigError::new(
            key,
            format!("a log range needs both ends above 0 (got {a}..{b})"),
        ));
    }
    let whole = is_whole(a) && is_whole(b);
    let mut out: Vec<String> = Vec::with_capacity(steps as usize);
    for i in 0..steps {
        let f = i as f64 / (steps - 1) as f64;
        let v = match spacing {
            Spacing::Linear => lo + (hi - lo) * f,
            Spacing::Log => libm::exp(libm::log(lo) + (libm::log(hi) - libm::log(lo)) * f),
        };
        let text = if whole {
            format!("{}", v.round() as i64)
        } else {
            compact(v)
        };
        if out.last() != Some(&text) {
            out.push(text);
        }
    }
    Ok(out)
}

fn parse_end(key: &str, s: &str) -> Result<f64, ConfigError> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ConfigError::new(
            key,
            format!("--vary range ends must be numbers (got '{}')", clip(s)),
        )),
    }
}

fn is_whole(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
}

/// A number in at most 6 significant digits, without trailing zeros.
fn compact(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

fn too_many(key: &str, n: usize) -> ConfigError {
    ConfigError::new(
        key,
        format!("--vary gives {n} values; a sweep may have at most {MAX_POINTS} points"),
    )
}

impl SweepSpec {
    /// Checks the bounds: 1 to `MAX_KEYS` distinct keys, points and runs within limits.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.vary.is_empty() {
            return Err(ConfigError::new(
                "--vary",
                "a sweep needs at least one --vary KEY=...",
            ));
        }
        if self.vary.len() > MAX_KEYS {
            return Err(ConfigError::new(
                "--vary",
                format!("at most {MAX_KEYS} keys at once (got {})", self.vary.len()),
            ));
        }
        for (i, v) in self.vary.iter().enumerate() {
            if self.vary[..i].iter().any(|w| w.key == v.key) {
                return Err(ConfigError::new(&v.key, "--vary names this key twice"));
            }
        }
        if !(1..=MAX_SEEDS).contains(&self.seeds) {
            return Err(ConfigError::new(
                "--seeds",
                format!(
                    "must be a whole number between 1 and {MAX_SEEDS} (got {})",
                    self.seeds
                ),
            ));
        }
        let points = self
            .vary
            .iter()
            .try_fold(1usize, |n, v| n.checked_mul(v.values.len()))
            .unwrap_or(usize::MAX);
        if points > MAX_POINTS {
            return Err(ConfigError::new(
                "--vary",
                format!("the grid has {points} points; at most {MAX_POINTS}"),
            ));
        }
        let runs = points.saturating_mul(self.seeds as usize);
        if runs > MAX_RUNS {
            return Err(ConfigError::new(
                "--seeds",
                format!(
                    "{points} points × {} seeds = {runs} runs; at most {MAX_RUNS}",
                    self.seeds
                ),
            ));
        }
        Ok(())
    }

    /// Every point of the grid as its `(key, value)` settings, first key outermost.
    pub fn points(&self) -> Vec<Vec<(String, String)>> {
        let mut grid: Vec<Vec<(String, String)>> = vec![Vec::new()];
        for v in &self.vary {
            let mut next = Vec::with_capacity(grid.len() * v.values.len());
            for p in &grid {
                for value in &v.values {
                    let mut q = p.clone();
                    q.push((v.key.clone(), value.clone()));
                    next.push(q);
                }
            }
            grid = next;
        }
        grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_keeps_its_values_in_order() {
        let v = parse_vary("pool.limit=25,50,100", 10, Spacing::Linear).unwrap();
        assert_eq!(v.key, "pool.limit");
        assert_eq!(v.values, ["25", "50", "100"]);
    }

    #[test]
    fn a_linear_range_includes_both_ends() {
        let v = parse_vary("pool.limit=0..100", 5, Spacing::Linear).unwrap();
        assert_eq!(v.values, ["0", "25", "50", "75", "100"]);
    }

    #[test]
    fn a_log_range_of_whole_numbers_is_rounded_and_deduplicated() {
        let v = parse_vary("pool.limit=1..1000", 4, Spacing::Log).unwrap();
        assert_eq!(v.values, ["1", "10", "100", "1000"]);
        let v = parse_vary("pool.limit=1..3", 10, Spacing::Log).unwrap();
        assert_eq!(v.values, ["1", "2", "3"]);
    }

    #[test]
    fn a_fractional_range_stays_fractional() {
        let v = parse_vary("server.error_rate=0..0.5", 3, Spacing::Linear).unwrap();
        assert_eq!(v.values, ["0", "0.25", "0.5"]);
    }

    #[test]
    fn bad_arguments_name_what_is_wrong() {
        let e = parse_vary("pool.limit", 5, Spacing::Linear).unwrap_err();
        assert_eq!(e.field, "--vary");
        let e = parse_vary("pool.limit=a..5", 5, Spacing::Linear).unwrap_err();
        assert_eq!(
            e.to_string(),
            "pool.limit: --vary range ends must be numbers (got 'a')"
        );
        let e = parse_vary("pool.limit=0..10", 5, Spacing::Log).unwrap_err();
        assert!(e.message.contains("above 0"), "{e}");
        let e = parse_vary("pool.limit=1..10", 1, Spacing::Linear).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--steps: must be a whole number between 2 and 1000 (got 1)"
        );
        let e = parse_vary("pool.limit=1,,2", 5, Spacing::Linear).unwrap_err();
        assert!(e.message.contains("empty value"), "{e}");
    }

    #[test]
    fn the_grid_is_the_cartesian_product_within_bounds() {
        let spec = SweepSpec {
            vary: vec![
                parse_vary("a=1,2", 2, Spacing::Linear).unwrap(),
                parse_vary("b=x,y,z", 2, Spacing::Linear).unwrap(),
            ],
            seeds: 1,
        };
        spec.check().unwrap();
        let pts = spec.points();
        assert_eq!(pts.len(), 6);
        assert_eq!(pts[0], [("a".into(), "1".into()), ("b".into(), "x".into())]);
        assert_eq!(pts[5], [("a".into(), "2".into()), ("b".into(), "z".into())]);
        let big = SweepSpec {
            vary: vec![
                parse_vary("a=1..100", 100, Spacing::Linear).unwrap(),
                parse_vary("b=1..100", 100, Spacing::Linear).unwrap(),
            ],
            seeds: 1,
        };
        assert!(big.check().unwrap_err().message.contains("10000 points"));
        let dup = SweepSpec {
            vary: vec![
                parse_vary("a=1", 2, Spacing::Linear).unwrap(),
                parse_vary("a=2", 2, Spacing::Linear).unwrap(),
            ],
            seeds: 1,
        };
        assert_eq!(dup.check().unwrap_err().field, "a");
    }
}
