//! English at the edge: the sentence of a ceiling, made from its data
//! (`report/ceiling.rs`), and of why a run stopped early (`Truncation::key`).
//! The core reports data only; the CLI (`format.rs`) and the page's English
//! (`summary_json`, which the playground's views use) read these sentences,
//! and 中文 builds its own from the same `key` and `params` (`www/i18n.js`).

use crate::report::{Ceiling, Summary, Who, Why};
use serde_json::Value;

/// Why a run stopped early, from its `truncated_reason` key.
pub fn truncation(key: &str) -> &'static str {
    match key {
        "event_budget" => "event budget (run.max_events) reached",
        "time_horizon" => "time horizon (run.horizon_s) reached",
        "in_flight_cap" => "in-flight cap (run.max_in_flight) reached: the system is overloaded",
        "memory_budget" => {
            "memory budget (256 MB native, 64 MB in the page) reached: too many requests in the system at once; fewer tasks or workers (clients.count), a lower arrival rate (clients.rate_per_s), more server.workers, or a lower run.max_in_flight"
        }
        "stalled" => {
            "stalled: requests are waiting that nothing will ever free (leaked connections?)"
        }
        _ => "stopped early",
    }
}

/// A summary as JSON with the English sentences added: `text` on the
/// binding ceiling and on every ceiling, `truncated_text` when it stopped early.
pub fn summary_json(s: &Summary) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    if let Some(b) = v.get_mut("binding") {
        b["text"] = Value::from(binding(s));
    }
    if let Some(Value::Array(list)) = v.get_mut("ceilings") {
        for (c, out) in s.ceilings.iter().zip(list.iter_mut()) {
            out["text"] = Value::from(ceiling(c));
        }
    }
    if let Some(key) = s.truncated_reason {
        v["truncated_text"] = Value::from(truncation(key));
    }
    v
}

/// The run's binding constraint in one English sentence, saying how many
/// requests failed when some did: the ceilings bound the requests that
/// completed, so "offered load 203 req/s" next to a throughput of 98 req/s
/// needs the 811 failures to add up.
pub fn binding(s: &Summary) -> String {
    let text = ceiling(&s.binding);
    if s.failed == 0 {
        return text;
    }
    format!(
        "{text}; {} of {} requests failed (the throughput counts the {} that succeeded)",
        s.failed, s.requests, s.completed
    )
}

/// The ceiling's arithmetic in one English sentence.
pub fn ceiling(c: &Ceiling) -> String {
    let rps = fmt_rps(c.ceiling_rps);
    match &c.why {
        Why::PoolLimit {
            limit,
            per_request_ms,
        } => format!(
            "pool limit {limit} ÷ {} per request = {rps} req/s ceiling",
            fmt_ms(*per_request_ms)
        ),
        Why::PoolPerHost {
            limit_per_host,
            hosts,
            per_request_ms,
        } => format!(
            "limit_per_host {limit_per_host} × {} ÷ {} per request = {rps} req/s ceiling",
            hosts_word(*hosts),
            fmt_ms(*per_request_ms)
        ),
        Why::ServerWorkers {
            workers,
            hosts,
            service_ms,
            offered_per_s,
            busy_until_s,
            wasted_share,
        } => server_workers(
            (*workers, *hosts, *service_ms),
            (*offered_per_s, *busy_until_s, *wasted_share),
            &rps,
        ),
        Why::ServerKnee {
            knee,
            slope,
            hosts,
            base_service_ms,
            best_concurrency,
            service_at_best_ms,
        } => {
            let grows = format!(
                "server knee: past {knee} requests in service each one more adds {}% of {} to every service time",
                fmt_num(slope * 100.0),
                fmt_ms(*base_service_ms)
            );
            let best = if *best_concurrency == 0 {
                "no concurrency passes more than 1 ÷ (slope × base)".to_string()
            } else {
                format!(
                    "{best_concurrency} in service ÷ {} passes the most",
                    fmt_ms(*service_at_best_ms)
                )
            };
            format!("{grows}; {best}: {rps} req/s ceiling over {}", hosts_word(*hosts))
        }
        Why::Semaphore {
            permits,
            per_request_ms,
        } => format!(
            "semaphore {} ÷ {} per request = {rps} req/s ceiling",
            count_word(*permits, "permit", "permits"),
            fmt_ms(*per_request_ms)
        ),
        Why::AdaptiveLimit {
            mean_limit,
            mean_capacity,
            min_limit,
            max_limit,
            per_request_ms,
        } => {
            let (limit, slots) = (fmt_num(*mean_limit), fmt_num(*mean_capacity));
            // The gate holds more than its limit while requests admitted
            // before a drop finish; say so only where it shows.
            let held = if slots == limit {
                String::new()
            } else {
                format!(" ({slots} slots on average, as requests admitted before a drop keep theirs)")
            };
            format!(
                "adaptive limit between {min_limit} and {max_limit}, {limit} on average{held} ÷ {} per request = {rps} req/s ceiling",
                fmt_ms(*per_request_ms)
            )
        }
        Why::RateLimiter {
            rate_per_s,
            burst,
            makespan_s,
        } => format!(
            "rate limiter: {} req/s on average, plus {burst} at once over {} s = {rps} req/s ceiling",
            fmt_rps(*rate_per_s),
            fmt_num(*makespan_s)
        ),
        Why::ClientCpu { cpu_us_per_request } => format!(
            "client event loop: 1 s ÷ {} µs CPU per request = {rps} req/s ceiling",
            fmt_num(*cpu_us_per_request)
        ),
        Why::Contention {
            hosts,
            window_ms,
            conflicts,
            attempts,
        } => format!(
            "one contended resource per host: at most one write commits per {} read-to-write window × {} = {rps} writes/s; {conflicts} of {attempts} attempts conflicted",
            fmt_ms(*window_ms),
            hosts_word(*hosts)
        ),
        Why::ClosedLoop {
            clients,
            who,
            requests_per_client,
            per_request_ms,
            connect_ms,
            think_ms,
        } => closed_loop(
            *clients,
            *who,
            (*requests_per_client, *per_request_ms, *connect_ms),
            *think_ms,
            &rps,
            c.binding,
        ),
        Why::OfferedLoad { requests, over_s } => {
            let tail = if c.binding {
                ", below every other ceiling"
            } else {
                ""
            };
            format!(
                "offered load: {requests} requests arrived over {} s = {rps} req/s{tail}",
                fmt_num(*over_s)
            )
        }
        Why::Leak { leaked, limit } => format!(
            "connection leak: {leaked} responses were never released, so all {limit} pool slots are held forever and completions stopped (pool exhausted)"
        ),
        Why::NoRequests => "no requests".into(),
    }
}

/// `(workers, hosts, service_ms)` and what it served: `(attempts per
/// second while busy, busy until (0: not past the end), wasted share)`.
fn server_workers(
    (workers, hosts, service_ms): (u32, u32, f64),
    (offered_per_s, busy_until_s, wasted_share): (f64, f64, f64),
    rps: &str,
) -> String {
    let base = format!(
        "server {} × {} ÷ {} service = {rps} req/s ceiling",
        count_word(workers, "worker", "workers"),
        hosts_word(hosts),
        fmt_ms(service_ms)
    );
    if wasted_share <= 0.0 {
        return base;
    }
    // Busy past the last request, its rate is over that longer time (the
    // key number "served by the server" is over the makespan).
    let busy = if busy_until_s > 0.0 {
        format!("busy until {} s, ", fmt_num(busy_until_s))
    } else {
        String::new()
    };
    format!(
        "{base}; {busy}it served {} attempts/s (retries included) and {}% of its work was for attempts the clients had already abandoned",
        fmt_rps(offered_per_s),
        fmt_num(wasted_share * 100.0)
    )
}

/// `(k, per_request_ms, connect_ms)`: requests per client, and the time of each.
fn closed_loop(
    clients: u32,
    who: Who,
    (k, per_request_ms, connect_ms): (f64, f64, f64),
    think_ms: f64,
    rps: &str,
    binding: bool,
) -> String {
    let who = match who {
        Who::Tasks => count_word(clients, "task", "tasks"),
        Who::Workers => count_word(clients, "worker", "workers"),
    };
    let tail = if binding {
        "; nothing else is tighter"
    } else {
        ""
    };
    // Say how much of each request is the handshake when it is a real part of it.
    let each = if connect_ms >= 0.05 * per_request_ms {
        format!(
            "{} ({} of it connecting)",
            fmt_ms(per_request_ms),
            fmt_ms(connect_ms)
        )
    } else {
        fmt_ms(per_request_ms)
    };
    if think_ms <= 0.0 || k <= 1.0 {
        return format!("the clients themselves: {who} ÷ {each} per request = {rps} req/s{tail}");
    }
    format!(
        "the clients themselves: {who}, each {} requests of {each} with {} between them = {rps} req/s{tail}",
        fmt_num(k),
        fmt_ms(think_ms)
    )
}

fn hosts_word(n: u32) -> String {
    count_word(n, "host", "hosts")
}

/// "1 worker", "2 workers".
fn count_word(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Milliseconds for a sentence: "50 ms", "50.1 ms", "250 µs".
pub fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{} ms", trim(format!("{ms:.2}")))
    } else {
        format!("{:.0} µs", ms * 1e3)
    }
}

/// A rate: whole above 100, one decimal below.
pub fn fmt_rps(rps: f64) -> String {
    if rps >= 100.0 {
        format!("{rps:.0}")
    } else {
        format!("{rps:.1}")
    }
}

/// A plain number with at most three significant decimals: "12", "4.5", "0.05".
pub fn fmt_num(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        trim(format!("{x:.2}"))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One client, one permit, one server worker: singular nouns.
    #[test]
    fn counts_of_one_are_singular() {
        assert_eq!(count_word(1, "worker", "workers"), "1 worker");
        assert_eq!(count_word(0, "permit", "permits"), "0 permits");
        assert_eq!(count_word(2, "host", "hosts"), "2 hosts");
        let text = crate::catalog::scenario_text("keepalive-latency").expect("shipped");
        let s = crate::run(&crate::Scenario::from_json(text).expect("valid")).summary;
        let b = binding(&s);
        assert!(
            b.starts_with("the clients themselves: 1 worker ÷ 80 ms"),
            "{b}"
        );
    }
}
