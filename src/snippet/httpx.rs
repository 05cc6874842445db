//! The httpx snippet: `httpx.Limits` with the scenario's pool settings, an
//! `AsyncClient`, and the workload as asyncio code. httpx caps the whole pool
//! only, and counts idle connections too: the differences are commented.

use super::asyncio::{guarded, imports, preamble, url_fn, workload};
use super::num;
use super::shape::Shape;

pub fn code(s: &Shape) -> String {
    let mut lines = vec![format!("# {}", s.title())];
    lines.extend(imports(s));
    lines.push("import httpx".into());
    lines.push(String::new());
    lines.extend(url_fn(s));
    lines.extend(preamble(s));
    lines.push("async def fetch(client: httpx.AsyncClient, i: int) -> bytes:".into());
    lines.extend(guarded(s, &FETCH));
    lines.push(String::new());
    lines.push("async def main() -> None:".into());
    lines.extend(limits(s));
    lines.extend(timeout(s));
    lines
        .push("    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:".into());
    lines.extend(workload(s, "client"));
    lines.push(String::new());
    lines.push("asyncio.run(main())".into());
    lines.join("\n") + "\n"
}

const FETCH: [&str; 2] = [
    "    resp = await client.get(url(i))",
    "    return resp.content  # the connection goes back to the pool once the body is read",
];

/// `httpx.Timeout` from the scenario's timeouts; httpx's 5 s defaults are
/// lifted where the scenario has none, so the code waits as the simulation does.
fn timeout(s: &Shape) -> Vec<String> {
    let t = &s.timeouts;
    let sec = |ms: f64| {
        if ms > 0.0 {
            num(ms / 1e3)
        } else {
            "None".into()
        }
    };
    let mut v = vec![format!(
        "    timeout = httpx.Timeout(None, pool={}, connect={}, read={})  # timeouts.pool_acquire_ms, connect_ms, attempt_ms (None = none)",
        sec(t.pool_acquire_ms),
        sec(t.connect_ms),
        sec(t.attempt_ms)
    )];
    if t.total_ms > 0.0 {
        v.push(format!(
            "    # timeouts.total_ms={}: httpx has no total timeout; wrap each fetch in asyncio.timeout({})",
            num(t.total_ms),
            num(t.total_ms / 1e3)
        ));
    }
    v
}

fn limits(s: &Shape) -> Vec<String> {
    let max = if s.limit == 0 {
        "None".to_string()
    } else {
        s.limit.to_string()
    };
    let keep = if s.force_close {
        "0".to_string()
    } else {
        max.clone()
    };
    let mut c = vec!["    limits = httpx.Limits(".to_string()];
    c.push(format!(
        "        max_connections={max},  # pool.limit (httpx counts idle connections too)"
    ));
    let why = if s.force_close {
        "pool.force_close: keep none"
    } else {
        "keep them all (httpx's default is 20)"
    };
    c.push(format!(
        "        max_keepalive_connections={keep},  # {why}"
    ));
    c.push(format!(
        "        keepalive_expiry={},  # pool.keepalive_timeout_s",
        num(s.keepalive_s)
    ));
    c.push("    )".into());
    if s.limit_per_host > 0 {
        c.push(format!(
            "    # pool.limit_per_host={}: httpx has no per-host cap (one client per host, or a semaphore per host)",
            s.limit_per_host
        ));
    }
    c
}
