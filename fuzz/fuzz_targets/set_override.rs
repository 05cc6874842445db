//! `--set` lines on a shipped scenario: the input is KEY=VALUE lines; the
//! first byte picks the scenario.
#![no_main]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let scenarios = poolsim::catalog::SCENARIOS;
    let (_, base) = scenarios[pick as usize % scenarios.len()];
    let text = String::from_utf8_lossy(rest);
    let overrides: Vec<(String, String)> = text
        .split('\n')
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    common::check(poolsim::Scenario::from_json_with_overrides(base, &overrides));
});
