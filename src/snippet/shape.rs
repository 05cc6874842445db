//! The scenario as the snippets need it: the workload's shape, the hosts and
//! the pool settings, with units converted once.

use crate::scenario::{Arrivals, ClientKind, Scenario};

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
        }
    }

    /// Requests sent in all.
    pub fn total(&self) -> u64 {
        match self.workload {
            Workload::Gather {
                tasks, per_task, ..
            } => tasks as u64 * per_task as u64,
            Workload::Workers { jobs, .. } => jobs,
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
