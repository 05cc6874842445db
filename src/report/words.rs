//! The English sentence of a ceiling, made from its data (`ceiling.rs`).
//! The CLI prints it and the page shows it; a translation can build its own
//! sentence from the same `key` and `params`.

use super::ceiling::{Ceiling, Who, Why};

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
            wasted_share,
        } => server_workers(*workers, *hosts, *service_ms, *offered_per_s, *wasted_share, &rps),
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
            "semaphore {permits} permits ÷ {} per request = {rps} req/s ceiling",
            fmt_ms(*per_request_ms)
        ),
        Why::AdaptiveLimit {
            mean_capacity,
            min_limit,
            max_limit,
            per_request_ms,
        } => format!(
            "adaptive limit between {min_limit} and {max_limit}, {} slots on average (a lowered limit lets admitted requests finish) ÷ {} per request = {rps} req/s ceiling",
            fmt_num(*mean_capacity),
            fmt_ms(*per_request_ms)
        ),
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

fn server_workers(
    workers: u32,
    hosts: u32,
    service_ms: f64,
    offered_per_s: f64,
    wasted_share: f64,
    rps: &str,
) -> String {
    let base = format!(
        "server {workers} workers × {} ÷ {} service = {rps} req/s ceiling",
        hosts_word(hosts),
        fmt_ms(service_ms)
    );
    if wasted_share <= 0.0 {
        return base;
    }
    format!(
        "{base}; it served {} attempts/s (retries included) and {}% of its work was for attempts the clients had already abandoned",
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
        Who::Tasks => "tasks",
        Who::Workers => "workers",
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
        return format!(
            "the clients themselves: {clients} {who} ÷ {each} per request = {rps} req/s{tail}"
        );
    }
    format!(
        "the clients themselves: {clients} {who}, each {} requests of {each} with {} between them = {rps} req/s{tail}",
        fmt_num(k),
        fmt_ms(think_ms)
    )
}

fn hosts_word(n: u32) -> String {
    if n == 1 {
        "1 host".into()
    } else {
        format!("{n} hosts")
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
