//! The `poolsim` command line: runs the same scenario files the page uses.
//!
//! ```text
//! poolsim run FILE|NAME [--set KEY=VALUE]... [--seed N] [--format table|json|csv|series]
//! poolsim sweep FILE|NAME --vary KEY=V1,V2,...|KEY=A..B [--vary ...] [--steps N] [--scale linear|log]
//!               [--seeds N] [--set KEY=VALUE]... [--seed N] [--format table|json|csv]
//! ```
//! On any error it prints one line to stderr and exits with code 2.

mod sweep_cli;

use poolsim::schema::limits::{quote, MAX_FILE_BYTES};
use poolsim::{format, run, run_summary, Scenario};
use std::process::ExitCode;

const USAGE: &str = "usage: poolsim run FILE|NAME [--set KEY=VALUE]... [--seed N] [--format table|json|csv|series] | poolsim sweep FILE|NAME --vary KEY=V1,V2,...|KEY=A..B [--steps N] [--scale linear|log] [--seeds N] [--set KEY=VALUE]... [--format table|json|csv] | poolsim presets | poolsim scenarios";

enum Format {
    Table,
    Json,
    Csv,
    Series,
}

struct RunArgs {
    file: String,
    overrides: Vec<(String, String)>,
    format: Format,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("poolsim: {msg}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("run") => run_command(parse_run(&args[1..])?),
        Some("sweep") => sweep_command(&args[1..]),
        Some("presets") => Ok(poolsim::presets::listing()),
        Some("scenarios") => Ok(poolsim::catalog::SCENARIOS
            .iter()
            .map(|(id, _)| format!("{id}\n"))
            .collect()),
        Some("-h") | Some("--help") | Some("help") => Ok(format!("{USAGE}\n")),
        Some(other) => Err(format!("unknown command '{}'; {USAGE}", quote(other))),
        None => Err(USAGE.to_string()),
    }
}

fn parse_run(args: &[String]) -> Result<RunArgs, String> {
    let mut file = None;
    let mut overrides = Vec::new();
    let mut format = Format::Table;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or(format!("{flag} needs a value; {USAGE}"))
        };
        match a.as_str() {
            "--set" => overrides.push(split_kv(&value("--set")?)?),
            "--seed" => overrides.push(("seed".to_string(), value("--seed")?)),
            "--format" => format = parse_format(&value("--format")?)?,
            s if s.starts_with("--") => {
                return Err(format!("unknown option '{}'; {USAGE}", quote(s)))
            }
            s if file.is_none() => file = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{}'; {USAGE}", quote(s))),
        }
    }
    let file = file.ok_or(format!("missing FILE; {USAGE}"))?;
    Ok(RunArgs {
        file,
        overrides,
        format,
    })
}

pub(crate) fn split_kv(kv: &str) -> Result<(String, String), String> {
    match kv.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("--set takes KEY=VALUE (got '{}')", quote(kv))),
    }
}

fn parse_format(f: &str) -> Result<Format, String> {
    match f {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        "series" => Ok(Format::Series),
        other => Err(format!(
            "--format must be table, json, csv or series (got '{}')",
            quote(other)
        )),
    }
}

/// A scenario file's text; a bare name such as `stall-at-100` means the shipped scenario.
/// A file larger than `MAX_FILE_BYTES` is refused before it is read.
pub(crate) fn read_scenario(file: &str) -> Result<String, String> {
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES as u64 {
        return Err(format!(
            "scenario: the file is too large: at most {MAX_FILE_BYTES} bytes (got {size})"
        ));
    }
    match std::fs::read_to_string(file) {
        Ok(text) => Ok(text),
        Err(e) => poolsim::catalog::scenario_text(file)
            .map(str::to_string)
            .ok_or(format!("cannot read {file}: {e}")),
    }
}

fn run_command(a: RunArgs) -> Result<String, String> {
    let text = read_scenario(&a.file)?;
    let scenario =
        Scenario::from_json_with_overrides(&text, &a.overrides).map_err(|e| e.to_string())?;
    // Only the series format charts the gauges over time.
    let out = match a.format {
        Format::Series => run(&scenario),
        _ => run_summary(&scenario),
    };
    Ok(match a.format {
        Format::Table => format::table(&out),
        Format::Json => format::json(&out) + "\n",
        Format::Csv => format::csv(&out),
        Format::Series => format::series_csv(&out),
    })
}

fn sweep_command(args: &[String]) -> Result<String, String> {
    let a = sweep_cli::parse(args, USAGE)?;
    let text = read_scenario(&a.file)?;
    let out = poolsim::sweep::sweep(&text, &a.overrides, &a.spec, |_, _| {})
        .map_err(|e| e.to_string())?;
    Ok(sweep_cli::render(&out, a.format))
}
