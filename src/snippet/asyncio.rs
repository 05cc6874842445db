//! The asyncio half shared by the Python snippets: the `url(i)` helper, the
//! semaphore, notes on what the snippet leaves to a library (retries, rate
//! limits), and the workload (gather, a worker pool, or paced arrivals)
//! around a `fetch(handle, i)`.

use super::num;
use super::shape::{Shape, Workload};

/// `def url(i)`: one host, or round-robin over `hosts` hosts.
pub fn url_fn(s: &Shape) -> Vec<String> {
    let pattern = s
        .url_pattern()
        .replace("{h}", &format!("{{i % {}}}", s.hosts));
    vec![
        "def url(i: int) -> str:".into(),
        format!("    return f\"{pattern}\""),
        String::new(),
    ]
}

/// `SEM = asyncio.Semaphore(N)` when the scenario has a semaphore, and notes on
/// the retry policy and rate limiter (written as comments: asyncio has neither built in).
pub fn preamble(s: &Shape) -> Vec<String> {
    let mut v = Vec::new();
    if let Some((permits, batch)) = s.semaphore {
        let held = if batch {
            "a task's whole batch"
        } else {
            "each request"
        };
        v.push(format!(
            "SEM = asyncio.Semaphore({permits})  # semaphore.permits, held around {held}"
        ));
    }
    if let Some(r) = &s.retry {
        v.push(format!("# {r}:"));
        v.push(match &s.retry_tenacity {
            Some(d) => format!(
                "#   with tenacity ({}), decorate fetch: {d}",
                super::tenacity::import_line(d)
            ),
            None => {
                "#   tenacity has no wait for this jitter: retry fetch in a loop with that backoff"
                    .into()
            }
        });
    }
    if let Some(words) = &s.limiter_words {
        v.push(format!(
            "# {words}: e.g. aiolimiter.AsyncLimiter around fetch"
        ));
    }
    if !v.is_empty() {
        v.push(String::new());
    }
    v
}

/// `body` (lines of a function body, indented 4) inside `async with SEM:` when
/// a request-scoped semaphore is on.
pub fn guarded(s: &Shape, body: &[&str]) -> Vec<String> {
    match s.semaphore {
        Some((_, false)) => std::iter::once("    async with SEM:".to_string())
            .chain(body.iter().map(|l| format!("    {l}")))
            .collect(),
        _ => body.iter().map(|l| l.to_string()).collect(),
    }
}

/// The imports the workload needs besides the client library.
pub fn imports(s: &Shape) -> Vec<String> {
    let mut v = vec!["import asyncio".to_string()];
    if matches!(s.workload, Workload::Open { poisson: true, .. }) {
        v.push("import random".into());
    }
    v
}

/// The workload, indented to sit inside `async with … as handle:` in `main`.
pub fn workload(s: &Shape, handle: &str) -> Vec<String> {
    let body = match &s.workload {
        Workload::Gather {
            tasks,
            per_task,
            think_s,
        } => gather(
            handle,
            *tasks,
            *per_task,
            *think_s,
            matches!(s.semaphore, Some((_, true))),
        ),
        Workload::Workers {
            workers,
            jobs,
            think_s,
        } => workers_pool(handle, *workers, *jobs, *think_s),
        Workload::Batches { size, jobs } => batches(handle, *size, *jobs),
        Workload::Open {
            rate_per_s,
            requests,
            poisson,
        } => open(handle, *rate_per_s, *requests, *poisson),
    };
    body.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("        {l}")
            }
        })
        .collect()
}

fn think(think_s: f64) -> String {
    if think_s > 0.0 {
        format!(
            "\n        await asyncio.sleep({})  # clients.think_ms",
            num(think_s)
        )
    } else {
        String::new()
    }
}

fn gather(h: &str, tasks: u32, per_task: u32, think_s: f64, batch: bool) -> String {
    if per_task == 1 && think_s == 0.0 {
        return format!(
            "# clients: {tasks} requests gathered at once\nawait asyncio.gather(*(fetch({h}, i) for i in range({tasks})))"
        );
    }
    let (guard, pad) = if batch {
        (
            "\n    async with SEM:  # one permit for the whole batch",
            "    ",
        )
    } else {
        ("", "")
    };
    let think = think(think_s).replace('\n', &format!("\n{pad}"));
    format!(
        "async def task(t: int) -> None:{guard}\n{pad}    for j in range({per_task}):  # clients.requests_per_client\n{pad}        await fetch({h}, t * {per_task} + j){think}\n\n# clients: {tasks} tasks gathered at once\nawait asyncio.gather(*(task(t) for t in range({tasks})))"
    )
}

fn batches(h: &str, size: u32, jobs: u64) -> String {
    format!(
        "# clients: {jobs} requests, {size} at a time; each chunk is awaited before the next starts\nfor start in range(0, {jobs}, {size}):\n    await asyncio.gather(*(fetch({h}, i) for i in range(start, min(start + {size}, {jobs}))))"
    )
}

fn workers_pool(h: &str, workers: u32, jobs: u64, think_s: f64) -> String {
    format!(
        "jobs = iter(range({jobs}))  # clients.jobs\n\nasync def worker() -> None:\n    for i in jobs:\n        await fetch({h}, i){}\n\n# clients: {workers} workers\nawait asyncio.gather(*(worker() for _ in range({workers})))",
        think(think_s)
    )
}

fn open(h: &str, rate_per_s: f64, requests: u64, poisson: bool) -> String {
    let rate = num(rate_per_s);
    let (gap, how) = if poisson {
        (format!("random.expovariate({rate})"), "Poisson arrivals")
    } else {
        (format!("1 / {rate}"), "evenly spaced arrivals")
    };
    format!(
        "# clients: {requests} arrivals at {rate} req/s, whatever the responses do\ntasks = []\nfor i in range({requests}):\n    tasks.append(asyncio.create_task(fetch({h}, i)))\n    await asyncio.sleep({gap})  # {how}\nawait asyncio.gather(*tasks)"
    )
}
