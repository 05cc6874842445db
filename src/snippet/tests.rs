//! The snippets carry the scenario's settings, for every workload kind.

use super::*;
use crate::catalog::scenario_text;

fn scenario(overrides: &[(&str, &str)]) -> Scenario {
    let o: Vec<(String, String)> = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Scenario::from_json_with_overrides(scenario_text("stall-at-100").expect("shipped"), &o)
        .expect("valid")
}

#[test]
fn aiohttp_sets_the_connector_like_the_sliders() {
    let code = generate("aiohttp", &scenario(&[("pool.limit", "500")])).expect("known client");
    assert!(code.contains("limit=500,"), "{code}");
    assert!(code.contains("limit_per_host=0,"), "{code}");
    assert!(code.contains("keepalive_timeout=15,"), "{code}");
    assert!(code.contains("for i in range(1000)"), "{code}");
    let closed = generate("aiohttp", &scenario(&[("pool.force_close", "true")])).expect("known");
    assert!(
        closed.contains("force_close=True") && !closed.contains("keepalive_timeout="),
        "{closed}"
    );
}

#[test]
fn httpx_says_what_it_cannot_do() {
    let code = generate(
        "httpx",
        &scenario(&[
            ("pool.limit", "0"),
            ("pool.limit_per_host", "10"),
            ("clients.hosts", "3"),
        ]),
    )
    .expect("known client");
    assert!(code.contains("max_connections=None"), "{code}");
    assert!(code.contains("no per-host cap"), "{code}");
    assert!(code.contains("{i % 3}"), "{code}");
}

#[test]
fn go_uses_a_channel_for_a_cap_across_hosts() {
    let one_host = generate("go", &scenario(&[])).expect("known client");
    assert!(one_host.contains("MaxConnsPerHost:     0,"), "{one_host}");
    assert!(
        one_host.contains("slots := make(chan struct{}, 100)"),
        "{one_host}"
    );
    assert!(
        !one_host.contains("j < 1;") && !one_host.contains("t*1+j"),
        "{one_host}"
    );
    assert!(one_host.contains("\t\tsend(i)\n"), "{one_host}");
    let unlimited = generate("go", &scenario(&[("pool.limit", "0")])).expect("known");
    assert!(!unlimited.contains("slots"), "no nil channel: {unlimited}");
    let hosts = generate(
        "go",
        &scenario(&[("clients.hosts", "4"), ("pool.limit_per_host", "10")]),
    )
    .expect("known");
    assert!(
        hosts.contains("MaxConnsPerHost:     10,") && hosts.contains("make(chan struct{}, 100)"),
        "{hosts}"
    );
}

#[test]
fn every_workload_kind_and_client_produces_code() {
    let kinds: [&[(&str, &str)]; 5] = [
        &[
            ("clients.requests_per_client", "3"),
            ("clients.think_ms", "20"),
        ],
        &[
            ("clients.kind", "workers"),
            ("clients.count", "10"),
            ("clients.jobs", "500"),
        ],
        &[
            ("clients.kind", "open"),
            ("clients.requests", "100"),
            ("clients.arrivals", "poisson"),
        ],
        &[
            ("clients.kind", "batches"),
            ("clients.count", "100"),
            ("clients.jobs", "1000"),
        ],
        &[
            ("clients.kind", "open"),
            ("clients.requests", "100"),
            ("clients.arrivals", "constant"),
        ],
    ];
    for o in kinds {
        let sc = scenario(o);
        for (id, _) in CLIENTS {
            let code = generate(id, &sc).expect("known client");
            assert!(code.lines().count() > 15, "{id} {o:?}:\n{code}");
        }
    }
    assert!(generate("curl", &scenario(&[])).is_none());
    let batches = scenario(kinds[3]);
    let py = generate("aiohttp", &batches).expect("known client");
    assert!(py.contains("for start in range(0, 1000, 100):"), "{py}");
    let go = generate("go", &batches).expect("known client");
    assert!(go.contains("chunk.Wait()") && balanced(&go, "//"), "{go}");
}

#[test]
fn the_semaphore_lesson_guards_each_request_in_every_client() {
    let text = scenario_text("semaphore-50").expect("shipped");
    let sc = Scenario::from_json(text).expect("valid");
    let aiohttp = generate("aiohttp", &sc).expect("known");
    assert!(aiohttp.contains("SEM = asyncio.Semaphore(50)"), "{aiohttp}");
    assert!(
        aiohttp.contains("    async with SEM:\n        async with session.get"),
        "{aiohttp}"
    );
    let httpx = generate("httpx", &sc).expect("known");
    assert!(
        httpx.contains("    async with SEM:\n        resp = await client.get"),
        "{httpx}"
    );
    let go = generate("go", &sc).expect("known");
    assert!(
        go.contains("sem := make(chan struct{}, 50)") && go.contains("sem <- struct{}{}"),
        "{go}"
    );
}

#[test]
fn a_batch_semaphore_is_held_around_the_task() {
    let sc = scenario(&[
        ("clients.requests_per_client", "5"),
        ("semaphore.kind", "fifo"),
        ("semaphore.permits", "8"),
        ("semaphore.scope", "batch"),
    ]);
    let code = generate("aiohttp", &sc).expect("known");
    assert!(
        code.contains("async def task(t: int) -> None:\n            async with SEM:"),
        "{code}"
    );
    assert!(
        !code.contains("    async with SEM:\n        async with session"),
        "{code}"
    );
}

#[test]
fn timeouts_retries_and_limiters_are_carried_over() {
    let sc = scenario(&[
        ("timeouts.total_ms", "30000"),
        ("timeouts.connect_ms", "2000"),
        ("timeouts.attempt_ms", "500"),
        ("retry.max_attempts", "3"),
        ("limiter.kind", "token_bucket"),
        ("limiter.rate_per_s", "200"),
        ("limiter.burst", "20"),
    ]);
    let aiohttp = generate("aiohttp", &sc).expect("known");
    assert!(
        aiohttp.contains("total=30,")
            && aiohttp.contains("sock_connect=2,")
            && aiohttp.contains("sock_read=0.5,"),
        "{aiohttp}"
    );
    assert!(aiohttp.contains("timeout=timeout"), "{aiohttp}");
    assert!(aiohttp.contains("retry.max_attempts=3"), "{aiohttp}");
    // The default policy (exponential from 100 ms up to 20 s, full jitter) in tenacity's words.
    assert!(
        aiohttp.contains("@retry(stop=stop_after_attempt(3), wait=wait_random_exponential(multiplier=0.1, max=20))"),
        "{aiohttp}"
    );
    let httpx = generate("httpx", &sc).expect("known");
    assert!(
        httpx.contains("httpx.Timeout(None, pool=None, connect=2, read=0.5)"),
        "{httpx}"
    );
    let go = generate("go", &sc).expect("known");
    assert!(go.contains("Timeout: 30000 * time.Millisecond"), "{go}");
    assert!(
        go.contains("rate.NewLimiter(200, 20)") && go.contains("\"golang.org/x/time/rate\""),
        "{go}"
    );
    assert!(
        go.contains("lim.Wait(context.Background())") && go.contains("\"context\""),
        "{go}"
    );
}

/// `code` without comments (`#` or `//` after whitespace) and with brackets counted: all balanced.
fn balanced(code: &str, comment: &str) -> bool {
    let mut depth = [0i64; 3];
    for line in code.lines() {
        let cut = line
            .find(&format!(" {comment}"))
            .or(line.find(&format!("\t{comment}")));
        let cut = if line.trim_start().starts_with(comment) {
            Some(0)
        } else {
            cut
        };
        for c in line[..cut.unwrap_or(line.len())].chars() {
            match c {
                '(' => depth[0] += 1,
                ')' => depth[0] -= 1,
                '[' => depth[1] += 1,
                ']' => depth[1] -= 1,
                '{' => depth[2] += 1,
                '}' => depth[2] -= 1,
                _ => {}
            }
            if depth.iter().any(|d| *d < 0) {
                return false;
            }
        }
    }
    depth == [0, 0, 0]
}

#[test]
fn every_snippet_of_every_shipped_scenario_has_balanced_brackets() {
    for (id, text) in crate::catalog::SCENARIOS {
        let Ok(sc) = Scenario::from_json(text) else {
            continue;
        };
        for (client, _) in CLIENTS {
            let code = generate(client, &sc).expect("known client");
            let comment = if client == "go" { "//" } else { "#" };
            assert!(balanced(&code, comment), "{id} / {client}:\n{code}");
        }
    }
}

/// With `POOLSIM_DUMP_GO=DIR`, writes every shipped scenario's Go snippet to DIR (for `go vet`).
#[test]
fn dump_go_snippets_when_asked() {
    let Ok(dir) = std::env::var("POOLSIM_DUMP_GO") else {
        return;
    };
    for (id, text) in crate::catalog::SCENARIOS {
        let Ok(sc) = Scenario::from_json(text) else {
            continue;
        };
        let code = generate("go", &sc).expect("known client");
        let path = format!("{dir}/{id}/main.go");
        std::fs::create_dir_all(format!("{dir}/{id}")).expect("dir");
        std::fs::write(path, code).expect("write");
    }
}
