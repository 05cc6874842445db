//! The memory budget of a run: what a request in the system costs, and the
//! check that stops a run (`truncated: memory budget`) before its state would
//! outgrow the budget, so an overloaded scenario ends with a message instead
//! of exhausting the machine or killing the browser tab.
//!
//! Everything else a run holds is fixed (histograms, the time series, the
//! waterfall sample) or follows the requests in the system: their slots,
//! their server jobs (abandoned work included), their pending events, their
//! places in wait queues and their connections. TIME_WAIT entries, which
//! outlive requests, are counted too. The estimate doubles every growing
//! part, since a vector may hold up to twice its length while it grows.

use super::request::{Job, Req};
use super::Sim;
use std::mem::size_of;

/// Budget of a native run (the CLI, benchmarks, tests).
pub const NATIVE_MEMORY_BUDGET_BYTES: usize = 256 << 20;
/// Budget of a run in the page (a browser tab shares its memory with the page).
pub const PAGE_MEMORY_BUDGET_BYTES: usize = 64 << 20;
/// What `Sim::new` uses: the page's budget in wasm, the native one elsewhere.
pub const DEFAULT_MEMORY_BUDGET_BYTES: usize = if cfg!(target_arch = "wasm32") {
    PAGE_MEMORY_BUDGET_BYTES
} else {
    NATIVE_MEMORY_BUDGET_BYTES
};

/// Bytes of one pending event in the queue, rounded up (time and payload take 24).
const EVENT_BYTES: usize = 32;
/// Pending events a request can own at once: its next stage (dial, service,
/// backoff, limiter delay) and its attempt, stage and total timeouts.
const EVENTS_PER_REQUEST: usize = 4;
/// Its place in one wait queue, its free-list entry and its connection
/// (the pool's connection record and idle-list entry).
const QUEUES_AND_CONNECTION_BYTES: usize = 2 * size_of::<u32>() + 40;

/// Upper bound of the bytes one request in the system costs.
pub const REQUEST_BYTES: usize = 2
    * (size_of::<Req>()
        + size_of::<u32>()
        + EVENTS_PER_REQUEST * EVENT_BYTES
        + QUEUES_AND_CONNECTION_BYTES);
/// Upper bound of the bytes one server job costs (its record, free-list entry and completion event).
pub const JOB_BYTES: usize = 2 * (size_of::<Job>() + size_of::<u32>() + EVENT_BYTES);
/// Bytes of one TIME_WAIT entry.
const TIME_WAIT_BYTES: usize = 2 * size_of::<u64>();

impl Sim {
    /// Estimated bytes of the run's growing state with one more request in the system.
    pub(super) fn memory_estimate_bytes(&self) -> usize {
        let jobs = self.jobs.len() - self.free_jobs.len();
        let time_wait = self.pool.counts().time_wait as usize;
        (self.in_system as usize + 1) * REQUEST_BYTES
            + jobs * JOB_BYTES
            + time_wait * TIME_WAIT_BYTES
            + self.cache.as_ref().map_or(0, |c| c.bytes())
    }

    /// Whether issuing one more request stays within the memory budget.
    pub(super) fn fits_memory_budget(&self) -> bool {
        self.memory_estimate_bytes() <= self.memory_budget_bytes
    }
}

// A request costs under a kilobyte, so the page's 64 MB holds tens of
// thousands of requests in the system (checked at compile time).
const _: () = assert!(REQUEST_BYTES < 1024);
const _: () = assert!(PAGE_MEMORY_BUDGET_BYTES / REQUEST_BYTES > 50_000);
