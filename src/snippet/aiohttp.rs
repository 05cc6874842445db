//! The aiohttp snippet: a `TCPConnector` with the scenario's pool settings
//! and the workload as asyncio code.

use super::asyncio::{imports, url_fn, workload};
use super::num;
use super::shape::Shape;

pub fn code(s: &Shape) -> String {
    let mut lines = vec![format!("# {}", s.title())];
    lines.extend(imports(s));
    lines.push("import aiohttp".into());
    lines.push(String::new());
    lines.extend(url_fn(s));
    lines.extend(FETCH.lines().map(String::from));
    lines.push("async def main() -> None:".into());
    lines.extend(connector(s));
    lines.push("    async with aiohttp.ClientSession(connector=connector) as session:".into());
    lines.extend(workload(s, "session"));
    lines.push(String::new());
    lines.push("asyncio.run(main())".into());
    lines.join("\n") + "\n"
}

const FETCH: &str = "\
async def fetch(session: aiohttp.ClientSession, i: int) -> bytes:
    async with session.get(url(i)) as resp:
        return await resp.read()  # the pool slot is freed once the body is read

";

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
