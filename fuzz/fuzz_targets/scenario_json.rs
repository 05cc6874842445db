//! A scenario file: any bytes.
#![no_main]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    common::check(poolsim::Scenario::from_json(&text));
});
