//! The scenario as the snippets need it: the workload's shape, the hosts and
//! the pool settings, with units converted once.

use crate::scenario::{
    Arrivals, Backoff, ClientKind, Jitter, Limiter, LimiterKind, Scenario, SemaphoreKind,
    SemaphoreScope, Timeouts,
};

/// Who sends the requests.
#[derive(Clone, Debug, PartialEq)]
pub enum Workload {
    /// `tasks` coroutines started together, each sending `per_task` requests in turn.
    Gather {
        tasks: u32,
        per_task: u32,
        think_s: f64,
    },
    /// `workers` workers draining `jobs` jobs.
    Workers {
        workers: u32,
        jobs: u64,
        think_s: f64,
    },
    /// `jobs` requests in chunks of `size`, each chunk awaited before the next.
    Batches { size: u32, jobs: u64 },
    /// `requests` arrivals at `rate_per_s`, Poisson or evenly spaced.
    Open {
        rate_per_s: f64,
        requests: u64,
        poisson: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub name: String,
    pub workload: Workload,
    pub hosts: u32,
    /// `pool.limit`; 0 = none.
    pub limit: u32,
    /// `pool.limit_per_host`; 0 = none.
    pub limit_per_host: u32,
    pub keepalive_s: f64,
    pub force_close: bool,
    /// `semaphore.permits` when a semaphore is on, and whether it is held around a whole batch.
    pub semaphore: Option<(u32, bool)>,
    /// Client timeouts in milliseconds (0 = none).
    pub timeouts: Timeouts,
    /// The retry policy in words, when requests are retried.
    pub retry: Option<String>,
    /// The same policy as a tenacity decorator, where tenacity can say it.
    pub retry_tenacity: Option<String>,
    /// The client-side rate limiter, when one is on.
    pub limiter: Option<Limiter>,
    /// The limiter in words ("token_bucket at 100 req/s, burst 10"), when one is on.
    pub limiter_words: Option<String>,
}

impl Shape {
    pub fn of(sc: &Scenario) -> Shape {
        let c = &sc.clients;
        let workload = match c.kind {
            ClientKind::Gather => Workload::Gather {
                tasks: c.count,
                per_task: c.requests_per_client,
                think_s: c.think_ms / 1e3,
            },
            ClientKind::Workers => Workload::Workers {
                workers: c.count,
                jobs: c.jobs,
                think_s: c.think_ms / 1e3,
            },
            ClientKind::Batches => Workload::Batches {
                size: c.count,
                jobs: c.jobs,
            },
            ClientKind::Open => Workload::Open {
                rate_per_s: c.rate_per_s,
                requests: sc.planned_requests(),
                poisson: c.arrivals == Arrivals::Poisson,
            },
        };
        Shape {
            name: sc.name.clone(),
            workload,
            hosts: c.hosts,
            limit: sc.pool.limit,
            limit_per_host: sc.pool.limit_per_host,
            keepalive_s: sc.pool.keepalive_timeout_s,
            force_close: sc.pool.force_close,
            semaphore: (sc.semaphore.kind != SemaphoreKind::None)
                .then_some((sc.semaphore.permits, batch(sc))),
            timeouts: sc.timeouts.clone(),
            retry: retry_words(sc),
            retry_tenacity: (sc.retry.max_attempts > 1)
                .then(|| super::tenacity::decorator(&sc.retry))
                .flatten(),
            limiter: (sc.limiter.kind != LimiterKind::None).then(|| sc.limiter.clone()),
            limiter_words: limiter_words(&sc.limiter),
        }
    }

    /// Whether any client timeout is set.
    pub fn has_timeouts(&self) -> bool {
        let t = &self.timeouts;
        [t.pool_acquire_ms, t.connect_ms, t.attempt_ms, t.total_ms]
            .iter()
            .any(|ms| *ms > 0.0)
    }

    /// Requests sent in all.
    pub fn total(&self) -> u64 {
        match self.workload {
            Workload::Gather {
                tasks, per_task, ..
            } => tasks as u64 * per_task as u64,
            Workload::Workers { jobs, .. } | Workload::Batches { jobs, .. } => jobs,
            Workload::Open { requests, .. } => requests,
        }
    }

    /// The URL of request `i`, as an expression in the target language's
    /// string formatting: `{i}` for the index, `{h}` for the host number.
    pub fn url_pattern(&self) -> &'static str {
        if self.hosts > 1 {
            "https://host{h}.example/items/{i}"
        } else {
            "https://api.example.com/items/{i}"
        }
    }

    /// A one-line title for the code's first comment.
    pub fn title(&self) -> String {
        if self.name.is_empty() {
            "poolsim scenario".to_string()
        } else {
            format!("poolsim: {}", self.name)
        }
    }
}

/// Whether the semaphore is held around a batch of several requests (gather
/// with more than one request per task); otherwise it guards each request.
fn batch(sc: &Scenario) -> bool {
    sc.semaphore.scope == SemaphoreScope::Batch
        && sc.clients.kind == ClientKind::Gather
        && sc.clients.requests_per_client > 1
}

/// "retry.max_attempts=3, exponential backoff from 100 ms up to 20000 ms, full jitter".
fn retry_words(sc: &Scenario) -> Option<String> {
    let r = &sc.retry;
    let backoff = match r.backoff {
        Backoff::None => "no backoff".to_string(),
        b => format!(
            "{b:?} backoff from {} ms up to {} ms",
            super::num(r.base_ms),
            super::num(r.cap_ms)
        ),
    };
    let jitter = match r.jitter {
        Jitter::None => "no jitter".to_string(),
        j => format!("{j:?} jitter"),
    };
    (r.max_attempts > 1).then(|| {
        format!("retry.max_attempts={}, {backoff}, {jitter}", r.max_attempts).to_lowercase()
    })
}

/// The client-side limiter in words, with the settings its kind uses.
fn limiter_words(l: &Limiter) -> Option<String> {
    let kind = serde_json::to_value(l.kind).ok()?.as_str()?.to_string();
    match l.kind {
        LimiterKind::None => None,
        LimiterKind::FixedWindow | LimiterKind::SlidingLog | LimiterKind::SlidingWindow => {
            Some(format!(
                "limiter.kind={kind}: {} requests per {} ms",
                l.limit,
                super::num(l.window_ms)
            ))
        }
        _ => Some(format!(
            "limiter.kind={kind}: {} req/s, burst {}",
            super::num(l.rate_per_s),
            l.burst
        )),
    }
}
