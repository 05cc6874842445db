//! The aiohttp snippet: a `TCPConnector` with the scenario's pool settings
//! and the workload as asyncio code.

use super::asyncio::{guarded, imports, preamble, url_fn, workload};
use super::num;
use super::shape::Shape;

pub fn code(s: &Shape) -> String {
    let mut lines = vec![format!("# {}", s.title())];
    lines.extend(imports(s));
    lines.push("import aiohttp".into());
    lines.push(String::new());
    lines.extend(url_fn(s));
    lines.extend(preamble(s));
    lines.push("async def fetch(session: aiohttp.ClientSession, i: int) -> bytes:".into());
    lines.extend(guarded(s, &FETCH));
    lines.push(String::new());
    lines.push("async def main() -> None:".into());
    lines.extend(connector(s));
    lines.extend(timeout(s));
    lines.push(format!(
        "    async with aiohttp.ClientSession({}) as session:",
        session_args(s)
    ));
    lines.extend(workload(s, "session"));
    lines.push(String::new());
    lines.push("asyncio.run(main())".into());
    lines.join("\n") + "\n"
}

const FETCH: [&str; 2] = [
    "    async with session.get(url(i)) as resp:",
    "        return await resp.read()  # the pool slot is freed once the body is read",
];

fn session_args(s: &Shape) -> &'static str {
    if s.has_timeouts() {
        "connector=connector, timeout=timeout"
    } else {
        "connector=connector"
    }
}

/// `aiohttp.ClientTimeout` from the scenario's timeouts (seconds; `None` for 0).
fn timeout(s: &Shape) -> Vec<String> {
    if !s.has_timeouts() {
        return Vec::new();
    }
    let t = &s.timeouts;
    let sec = |ms: f64| {
        if ms > 0.0 {
            num(ms / 1e3)
        } else {
            "None".into()
        }
    };
    let mut v = vec!["    timeout = aiohttp.ClientTimeout(".to_string()];
    v.push(format!(
        "        total={},  # timeouts.total_ms",
        sec(t.total_ms)
    ));
    v.push(format!(
        "        sock_connect={},  # timeouts.connect_ms",
        sec(t.connect_ms)
    ));
    v.push(format!(
        "        sock_read={},  # timeouts.attempt_ms",
        sec(t.attempt_ms)
    ));
    v.push("    )".into());
    if t.pool_acquire_ms > 0.0 {
        v.push(format!(
            "    # timeouts.pool_acquire_ms={}: aiohttp has no pool-only timeout; ClientTimeout(connect=…) bounds pool wait + dial",
            num(t.pool_acquire_ms)
        ));
    }
    v
}

fn connector(s: &Shape) -> Vec<String> {
    let mut c = vec!["    connector = aiohttp.TCPConnector(".to_string()];
    c.push(format!(
        "        limit={},  # pool.limit: connections in use or connecting, all hosts (0 = none)",
        s.limit
    ));
    c.push(format!(
        "        limit_per_host={},  # pool.limit_per_host (0 = none)",
        s.limit_per_host
    ));
    if s.force_close {
        c.push(
            "        force_close=True,  # pool.force_close: a new connection per request".into(),
        );
    } else {
        c.push(format!(
            "        keepalive_timeout={},  # pool.keepalive_timeout_s",
            num(s.keepalive_s)
        ));
    }
    c.push("    )".into());
    c
}
