//! The httpx snippet: `httpx.Limits` with the scenario's pool settings, an
//! `AsyncClient`, and the workload as asyncio code. httpx caps the whole pool
//! only, and counts idle connections too: the differences are commented.

use super::asyncio::{imports, url_fn, workload};
use super::num;
use super::shape::Shape;

pub fn code(s: &Shape) -> String {
    let mut lines = vec![format!("# {}", s.title())];
    lines.extend(imports(s));
    lines.push("import httpx".into());
    lines.push(String::new());
    lines.extend(url_fn(s));
    lines.extend(FETCH.lines().map(String::from));
    lines.push("async def main() -> None:".into());
    lines.extend(limits(s));
    lines.push(
        "    # poolsim's pool wait is unbounded: lift httpx's 5 s PoolTimeout to match".into(),
    );
    lines.push("    timeout = httpx.Timeout(5.0, pool=None)".into());
    lines
        .push("    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:".into());
    lines.extend(workload(s, "client"));
    lines.push(String::new());
    lines.push("asyncio.run(main())".into());
    lines.join("\n") + "\n"
}

const FETCH: &str = "\
async def fetch(client: httpx.AsyncClient, i: int) -> bytes:
    resp = await client.get(url(i))
    return resp.content  # the connection goes back to the pool once the body is read

";

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
