//! A request in flight and where it is (the simulator's request slot, as
//! data; `metrics.rs` reads a finished one). Slots are reused, so memory follows
//! the in-flight peak, not the number of requests.
//!
//! Time spent is charged to the request's current `Phase`; moving to the next
//! phase (`Sim::enter`) closes the previous one, so a request's latency is
//! exactly the sum of its phases, retries included.

use crate::pool::ConnId;
use crate::time::SimTime;

/// Where a request's time goes (the "where the time goes" chart and waterfall).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Cpu,
    Limiter,
    Semaphore,
    Pool,
    Connect,
    ServerQueue,
    Service,
    Backoff,
}
pub const PHASES: usize = 8;
pub const PHASE_NAMES: [&str; PHASES] = [
    "client_cpu",
    "limiter_wait",
    "semaphore_wait",
    "pool_wait",
    "connect",
    "server_queue",
    "service",
    "backoff",
];

/// Which queue or state holds the request now (what a timeout must undo).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    Starting,
    Limiter,
    LimiterDelay,
    Adaptive,
    Semaphore,
    Cpu,
    Pool,
    Connecting,
    /// Holding a connection, waiting for the event loop to send or read.
    CpuOnConn,
    Server,
    /// Holding a connection, the request or the response on the network (`sim/network.rs`).
    Network,
    Backoff,
    /// Finished; the slot is free.
    Done,
}

/// (Exported as `RequestView` for metrics.)
#[derive(Clone, Copy, Debug, Default)]
pub struct Req {
    /// Workload index: keys every per-request random draw.
    pub index: u64,
    pub task: u32,
    pub host: u32,
    /// Unique per request (slots are reused): tags the total-timeout event.
    pub life: u32,
    /// Unique per attempt: tags events of the current attempt.
    pub serial: u32,
    /// 1-based number of the current attempt.
    pub attempt: u32,
    pub stage: Stage,
    pub phase: Phase,
    pub phase_since: SimTime,
    /// Nanoseconds spent in each phase so far.
    pub spent: [u64; PHASES],
    pub issue: SimTime,
    pub conn: ConnId,
    pub conn_gen: u32,
    pub new_connection: bool,
    /// The server job of the current attempt.
    pub job: u32,
    /// Semaphore permits held for this attempt (0 = none).
    pub permits: u32,
    pub adaptive_held: bool,
    /// In flight at the adaptive gate when this attempt passed it.
    pub inflight_at_start: u32,
    /// When the current attempt passed the adaptive gate (its RTT starts there).
    pub adaptive_since: SimTime,
    pub prev_delay_ns: u64,
    /// Cost of the last retry taken from the retry quota (refunded on success).
    pub last_retry_cost: Option<u32>,
    /// Retry-After carried by the last response, in nanoseconds.
    pub retry_after_ns: Option<u64>,
    /// Time spent holding a connection while waiting for the event loop (part of the time in flight).
    pub cpu_on_conn_ns: u64,
    pub cpu_on_conn_since: SimTime,
}

/// A piece of server work. It outlives its request's attempt when the client
/// gives up (timeout): the server still finishes it, and that work is wasted.
#[derive(Clone, Copy, Debug, Default)]
pub struct Job {
    pub slot: u32,
    pub host: u32,
    pub service_ns: u64,
    pub started: SimTime,
    pub abandoned: bool,
    /// Contended mode: the resource version when service started.
    pub version: u64,
}
