//! A share link's hash: any bytes.
#![no_main]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let hash = String::from_utf8_lossy(data);
    match poolsim::playground::share::decode(&hash) {
        Ok(Some(d)) => common::check(Ok(d.scenario)),
        Ok(None) => {}
        Err(e) => common::check(Err(e)),
    }
});
