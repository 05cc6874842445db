#[test]
fn dump() {
    for (id, text) in poolsim::catalog::SCENARIOS {
        let Ok(sc) = poolsim::Scenario::from_json(text) else {
            continue;
        };
        for c in ["aiohttp", "httpx", "go"] {
            let code = poolsim::snippet::generate(c, &sc).unwrap();
            let ext = if c == "go" { "go" } else { "py" };
            std::fs::write(format!("/tmp/snip/{id}-{c}.{ext}"), code).unwrap();
        }
    }
}
