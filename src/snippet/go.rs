//! The Go snippet: an `http.Transport` with the scenario's pool settings and
//! the workload as goroutines. Go caps connections per host only
//! (`MaxConnsPerHost`, which counts dialing, active and idle ones), so
//! `pool.limit` (connections in use, across every host) becomes a buffered
//! channel used as a semaphore, as does the scenario's semaphore;
//! `pool.limit_per_host` maps to `MaxConnsPerHost`.
//! A token-bucket limiter is `golang.org/x/time/rate`; timeouts map to the
//! client, dialer and transport; a retry policy is written as a comment.

use super::num;
use super::shape::{Shape, Workload};
use crate::scenario::LimiterKind;

pub fn code(s: &Shape) -> String {
    let mut lines = vec![
        format!("// {}", s.title()),
        "package main".into(),
        String::new(),
    ];
    lines.extend(imports(s));
    lines.push(String::new());
    lines.push("func main() {".into());
    lines.extend(transport(s));
    lines.push(client(s));
    lines.extend(slots(s));
    lines.extend(send(s));
    lines.push("\tvar wg sync.WaitGroup".into());
    lines.extend(workload(s));
    lines.push("\twg.Wait()".into());
    lines.push("}".into());
    lines.push(String::new());
    lines.extend(url_fn(s));
    lines.extend(GET.lines().map(String::from));
    lines.join("\n") + "\n"
}

const GET: &str = "\
// get sends one request and reads the body, so the connection can be reused.
func get(client *http.Client, i int) {
	resp, err := client.Get(url(i))
	if err != nil {
		return
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}";

/// Whether the limiter is a token bucket, which `x/time/rate` implements.
fn token_bucket(s: &Shape) -> bool {
    s.limiter
        .as_ref()
        .is_some_and(|l| l.kind == LimiterKind::TokenBucket)
}

fn imports(s: &Shape) -> Vec<String> {
    let mut pkgs = vec![];
    if token_bucket(s) {
        pkgs.push("context");
    }
    pkgs.extend(["fmt", "io"]);
    if matches!(s.workload, Workload::Open { poisson: true, .. }) {
        pkgs.push("math/rand");
    }
    if s.timeouts.connect_ms > 0.0 {
        pkgs.push("net");
    }
    pkgs.extend(["net/http", "sync", "time"]);
    if token_bucket(s) {
        pkgs.push("golang.org/x/time/rate");
    }
    let mut v = vec!["import (".to_string()];
    v.extend(pkgs.iter().map(|p| format!("\t\"{p}\"")));
    v.push(")".into());
    v
}

fn transport(s: &Shape) -> Vec<String> {
    let per_host = s.limit_per_host;
    let idle = [per_host, s.limit]
        .into_iter()
        .find(|n| *n > 0)
        .unwrap_or(1000);
    vec![
        "\ttr := &http.Transport{".into(),
        format!("\t\tMaxConnsPerHost:     {per_host}, // pool.limit_per_host (0 = no cap); Go counts idle connections too"),
        format!("\t\tMaxIdleConnsPerHost: {idle}, // keep idle connections for reuse (Go's default keeps only 2)"),
        format!("\t\tIdleConnTimeout:     {} * time.Second, // pool.keepalive_timeout_s", num(s.keepalive_s)),
        format!("\t\tDisableKeepAlives:   {}, // pool.force_close", s.force_close),
    ]
    .into_iter()
    .chain(transport_timeouts(s))
    .chain(std::iter::once("\t}".to_string()))
    .collect()
}

/// Go duration of `ms` milliseconds.
fn duration(ms: f64) -> String {
    format!("{} * time.Millisecond", num(ms))
}

fn client(s: &Shape) -> String {
    match s.timeouts.total_ms {
        ms if ms > 0.0 => format!(
            "\tclient := &http.Client{{Transport: tr, Timeout: {}}} // timeouts.total_ms",
            duration(ms)
        ),
        _ => "\tclient := &http.Client{Transport: tr}".into(),
    }
}

/// Extra transport fields for the connect and per-attempt timeouts.
fn transport_timeouts(s: &Shape) -> Vec<String> {
    let t = &s.timeouts;
    let mut v = Vec::new();
    if t.connect_ms > 0.0 {
        v.push(format!(
            "\t\tDialContext:         (&net.Dialer{{Timeout: {}}}).DialContext, // timeouts.connect_ms",
            duration(t.connect_ms)
        ));
    }
    if t.attempt_ms > 0.0 {
        v.push(format!(
            "\t\tResponseHeaderTimeout: {}, // timeouts.attempt_ms",
            duration(t.attempt_ms)
        ));
    }
    if t.pool_acquire_ms > 0.0 {
        v.push(format!("\t\t// timeouts.pool_acquire_ms={}: Go has no pool-wait timeout (use a context deadline)", num(t.pool_acquire_ms)));
    }
    v
}

/// `send(i)`: the semaphore, the rate limiter and the request, as the simulated client does them.
fn send(s: &Shape) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(r) = &s.retry {
        v.push(format!("\t// {r}: retry get() in a loop with that backoff"));
    }
    if let Some((permits, _)) = s.semaphore {
        v.push(format!(
            "\tsem := make(chan struct{{}}, {permits}) // semaphore.permits"
        ));
    }
    if let (Some(l), Some(words)) = (&s.limiter, &s.limiter_words) {
        if token_bucket(s) {
            v.push(format!(
                "\tlim := rate.NewLimiter({}, {}) // {words}",
                num(l.rate_per_s),
                l.burst
            ));
        } else {
            v.push(format!(
                "\t// {words}: no standard Go type; gate send() with your own"
            ));
        }
    }
    v.push("\tsend := func(i int) {".into());
    if token_bucket(s) {
        v.push("\t\tlim.Wait(context.Background())".into());
    }
    if s.semaphore.is_some() {
        v.push("\t\tsem <- struct{}{}".into());
        v.push("\t\tdefer func() { <-sem }()".into());
    }
    if s.limit > 0 {
        v.push("\t\tslots <- struct{}{} // wait for one of the pool's slots".into());
        v.push("\t\tdefer func() { <-slots }()".into());
    }
    v.push("\t\tget(client, i)".into());
    v.push("\t}".into());
    v
}

/// `pool.limit` as a buffered channel (nothing when there is no limit).
fn slots(s: &Shape) -> Vec<String> {
    if s.limit == 0 {
        return Vec::new();
    }
    vec![
        format!(
            "\t// pool.limit = {}: connections in use across all hosts. Go's Transport has no such cap",
            s.limit
        ),
        "\t// (MaxConnsPerHost is per host and counts idle ones), so a buffered channel plays its part.".into(),
        format!("\tslots := make(chan struct{{}}, {})", s.limit),
    ]
}

fn workload(s: &Shape) -> Vec<String> {
    let body = match &s.workload {
        Workload::Gather {
            tasks,
            per_task,
            think_s,
        } => gather(*tasks, *per_task, *think_s),
        Workload::Workers {
            workers,
            jobs,
            think_s,
        } => workers_pool(*workers, *jobs, *think_s),
        Workload::Batches { size, jobs } => batches(*size, *jobs),
        Workload::Open {
            rate_per_s,
            requests,
            poisson,
        } => open(*rate_per_s, *requests, *poisson),
    };
    body.lines().map(|l| format!("\t{l}")).collect()
}

fn think(think_s: f64) -> String {
    if think_s > 0.0 {
        format!(
            "\n\t\t\ttime.Sleep({} * time.Millisecond) // clients.think_ms",
            num(think_s * 1e3)
        )
    } else {
        String::new()
    }
}

fn gather(tasks: u32, per_task: u32, think_s: f64) -> String {
    if per_task == 1 && think_s == 0.0 {
        return format!(
            "for i := 0; i < {tasks}; i++ {{ // clients: {tasks} goroutines at once, one request each\n\twg.Add(1)\n\tgo func(i int) {{\n\t\tdefer wg.Done()\n\t\tsend(i)\n\t}}(i)\n}}"
        );
    }
    format!(
        "for t := 0; t < {tasks}; t++ {{ // clients: {tasks} goroutines at once\n\twg.Add(1)\n\tgo func(t int) {{\n\t\tdefer wg.Done()\n\t\tfor j := 0; j < {per_task}; j++ {{ // clients.requests_per_client\n\t\t\tsend(t*{per_task}+j){}\n\t\t}}\n\t}}(t)\n}}",
        think(think_s)
    )
}

fn batches(size: u32, jobs: u64) -> String {
    format!(
        "for start := 0; start < {jobs}; start += {size} {{ // clients: {jobs} requests, {size} at a time, each chunk awaited\n\tvar chunk sync.WaitGroup\n\tfor i := start; i < start+{size} && i < {jobs}; i++ {{\n\t\tchunk.Add(1)\n\t\tgo func(i int) {{\n\t\t\tdefer chunk.Done()\n\t\t\tsend(i)\n\t\t}}(i)\n\t}}\n\tchunk.Wait()\n}}"
    )
}

fn workers_pool(workers: u32, jobs: u64, think_s: f64) -> String {
    format!(
        "jobs := make(chan int, {jobs}) // clients.jobs\nfor i := 0; i < {jobs}; i++ {{\n\tjobs <- i\n}}\nclose(jobs)\nfor w := 0; w < {workers}; w++ {{ // clients: {workers} workers\n\twg.Add(1)\n\tgo func() {{\n\t\tdefer wg.Done()\n\t\tfor i := range jobs {{\n\t\t\tsend(i){}\n\t\t}}\n\t}}()\n}}",
        think(think_s)
    )
}

fn open(rate_per_s: f64, requests: u64, poisson: bool) -> String {
    let rate = num(rate_per_s);
    let (gap, how) = if poisson {
        (
            format!("time.Duration(rand.ExpFloat64() / {rate} * float64(time.Second))"),
            "Poisson arrivals",
        )
    } else {
        (
            format!("time.Duration(float64(time.Second) / {rate})"),
            "evenly spaced arrivals",
        )
    };
    format!(
        "// clients: {requests} arrivals at {rate} req/s, whatever the responses do\nfor i := 0; i < {requests}; i++ {{\n\twg.Add(1)\n\tgo func(i int) {{\n\t\tdefer wg.Done()\n\t\tsend(i)\n\t}}(i)\n\ttime.Sleep({gap}) // {how}\n}}"
    )
}

fn url_fn(s: &Shape) -> Vec<String> {
    let body = if s.hosts > 1 {
        format!(
            "\treturn fmt.Sprintf(\"https://host%d.example/items/%d\", i%{}, i)",
            s.hosts
        )
    } else {
        "\treturn fmt.Sprintf(\"https://api.example.com/items/%d\", i)".to_string()
    };
    vec![
        "func url(i int) string {".into(),
        body,
        "}".into(),
        String::new(),
    ]
}
