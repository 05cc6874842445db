//! Cross-target determinism: the digests of every shipped scenario (mmc cut
//! to 20,000 requests, plus lognormal and bimodal variants) are kept in
//! `tests/golden/digests.txt`. This native test and the wasm test
//! (`tests/wasm_node.rs`, under node and in Chromium) both compare against
//! that file, so native and wasm builds must agree bit for bit.
//! After a deliberate engine change, bump `ENGINE_VERSION` and regenerate
//! with `POOLSIM_BLESS=1 cargo test --test it golden`.

use poolsim::golden::{golden_cases, parse_golden};

const GOLDEN: &str = include_str!("../golden/digests.txt");
const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/digests.txt");

#[test]
fn digests_match_the_golden_file() {
    let now: Vec<(String, String)> = golden_cases()
        .into_iter()
        .map(|(id, sc)| (id, poolsim::run(&sc).summary.digest))
        .collect();
    if std::env::var("POOLSIM_BLESS").is_ok() {
        let text: String = now.iter().map(|(id, d)| format!("{id} {d}\n")).collect();
        std::fs::write(PATH, text).expect("write golden file");
        return;
    }
    assert_eq!(
        parse_golden(GOLDEN),
        now,
        "digests changed: engine behaviour differs (see module doc)"
    );
}
