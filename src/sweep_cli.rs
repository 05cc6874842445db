//! Arguments of `poolsim sweep`: the file, the `--vary` keys (ranges cut by
//! `--steps` and `--scale`, applied to every range), `--seeds`, `--set`
//! overrides and the output format.

use crate::split_kv;
use poolsim::sweep::{parse_vary, render, Spacing, SweepOutput, SweepSpec};

/// Steps a range is cut into when `--steps` is not given.
const DEFAULT_STEPS: u32 = 10;

#[derive(Clone, Copy)]
pub enum SweepFormat {
    Table,
    Json,
    Csv,
}

pub struct SweepArgs {
    pub file: String,
    pub overrides: Vec<(String, String)>,
    pub spec: SweepSpec,
    pub format: SweepFormat,
}

pub fn parse(args: &[String], usage: &str) -> Result<SweepArgs, String> {
    let mut file = None;
    let mut overrides = Vec::new();
    let mut varies = Vec::new();
    let (mut steps, mut spacing, mut seeds) = (DEFAULT_STEPS, Spacing::Linear, 1u32);
    let mut format = SweepFormat::Table;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or(format!("{flag} needs a value; {usage}"))
        };
        match a.as_str() {
            "--vary" => varies.push(value("--vary")?),
            "--steps" => steps = whole("--steps", &value("--steps")?)?,
            "--seeds" => seeds = whole("--seeds", &value("--seeds")?)?,
            "--scale" => spacing = parse_scale(&value("--scale")?)?,
            "--set" => overrides.push(split_kv(&value("--set")?)?),
            "--seed" => overrides.push(("seed".to_string(), value("--seed")?)),
            "--format" => format = parse_format(&value("--format")?)?,
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'; {usage}")),
            s if file.is_none() => file = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{s}'; {usage}")),
        }
    }
    let file = file.ok_or(format!("missing FILE; {usage}"))?;
    let vary = varies
        .iter()
        .map(|v| parse_vary(v, steps, spacing))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let spec = SweepSpec { vary, seeds };
    spec.check().map_err(|e| e.to_string())?;
    Ok(SweepArgs {
        file,
        overrides,
        spec,
        format,
    })
}

fn whole(flag: &str, v: &str) -> Result<u32, String> {
    v.parse::<u32>().map_err(|_| {
        let shown: String = v.chars().take(40).collect();
        format!("{flag}: must be a whole number (got '{shown}')")
    })
}

fn parse_scale(v: &str) -> Result<Spacing, String> {
    match v {
        "linear" => Ok(Spacing::Linear),
        "log" => Ok(Spacing::Log),
        _ => Err("--scale must be linear or log".to_string()),
    }
}

fn parse_format(f: &str) -> Result<SweepFormat, String> {
    match f {
        "table" => Ok(SweepFormat::Table),
        "json" => Ok(SweepFormat::Json),
        "csv" => Ok(SweepFormat::Csv),
        _ => Err("--format for a sweep must be table, json or csv".to_string()),
    }
}

pub fn render(out: &SweepOutput, format: SweepFormat) -> String {
    match format {
        SweepFormat::Table => render::table(out),
        SweepFormat::Json => render::json(out),
        SweepFormat::Csv => render::csv(out),
    }
}
