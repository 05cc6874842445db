//! What a run measures, updated as requests finish: latency and phase
//! histograms, batch means of the server wait, the time integral of requests
//! in flight (for Little's law), and a bounded sample of request timelines for
//! the waterfall chart. Fixed memory whatever the number of requests.

use crate::stats::{BatchMeans, Histogram, Series};
use crate::time::SimTime;
use serde::Serialize;

/// Largest number of request timelines kept for the waterfall.
pub const WATERFALL_MAX: usize = 200;

/// The instants a request passed through on its way, in nanoseconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stamps {
    pub issue: SimTime,
    pub pool: SimTime,
    pub acquired: SimTime,
    pub sent: SimTime,
    pub service: SimTime,
    pub done: SimTime,
}

/// One request's timeline, for the waterfall: start and phase lengths in milliseconds.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Timeline {
    pub index: u64,
    pub host: u32,
    pub start_ms: f64,
    pub client_cpu_ms: f64,
    pub pool_wait_ms: f64,
    pub connect_ms: f64,
    pub server_queue_ms: f64,
    pub service_ms: f64,
    pub ok: bool,
    pub new_connection: bool,
}

pub struct Metrics {
    pub latency: Histogram,
    pub client_cpu: Histogram,
    pub pool_wait: Histogram,
    pub connect: Histogram,
    pub server_wait: Histogram,
    pub service: Histogram,
    /// Connection hold time per request: acquired → released.
    pub hold: Histogram,
    pub server_wait_batches: BatchMeans,
    pub series: Series,
    pub waterfall: Vec<Timeline>,
    waterfall_stride: u64,
    /// ∫ in_system dt, in request·nanoseconds (exact): requests issued and not finished.
    pub in_system_area: u128,
    pub peak_in_system: u32,
    /// ∫ in_flight dt (exact): requests holding a pool slot (connecting or on the wire).
    pub in_flight_area: u128,
    pub peak_in_flight: u32,
    pub started: u64,
    pub completed: u64,
    pub failed: u64,
    pub last_done: SimTime,
}

impl Metrics {
    pub fn new(planned_requests: u64) -> Metrics {
        Metrics {
            latency: Histogram::default(),
            client_cpu: Histogram::default(),
            pool_wait: Histogram::default(),
            connect: Histogram::default(),
            server_wait: Histogram::default(),
            service: Histogram::default(),
            hold: Histogram::default(),
            server_wait_batches: BatchMeans::new(planned_requests),
            series: Series::default(),
            waterfall: Vec::with_capacity(WATERFALL_MAX),
            waterfall_stride: (planned_requests / WATERFALL_MAX as u64).max(1),
            in_system_area: 0,
            peak_in_system: 0,
            in_flight_area: 0,
            peak_in_flight: 0,
            started: 0,
            completed: 0,
            failed: 0,
            last_done: 0,
        }
    }

    /// Records a finished request (completed or failed).
    pub fn record(&mut self, index: u64, host: u32, s: &Stamps, ok: bool, new_connection: bool) {
        if ok { self.completed += 1 } else { self.failed += 1 }
        self.last_done = s.done;
        self.latency.record(s.done - s.issue);
        self.client_cpu.record(s.pool - s.issue);
        self.pool_wait.record(s.acquired - s.pool);
        self.connect.record(s.sent - s.acquired);
        self.server_wait.record(s.service - s.sent);
        self.service.record(s.done - s.service);
        self.hold.record(s.done - s.acquired);
        self.server_wait_batches.record((s.service - s.sent) as f64 / 1e6);
        if index % self.waterfall_stride == 0 && self.waterfall.len() < WATERFALL_MAX {
            self.waterfall.push(timeline(index, host, s, ok, new_connection));
        }
    }
}

fn timeline(index: u64, host: u32, s: &Stamps, ok: bool, new_connection: bool) -> Timeline {
    let ms = |a: SimTime, b: SimTime| (b - a) as f64 / 1e6;
    Timeline {
        index,
        host,
        start_ms: s.issue as f64 / 1e6,
        client_cpu_ms: ms(s.issue, s.pool),
        pool_wait_ms: ms(s.pool, s.acquired),
        connect_ms: ms(s.acquired, s.sent),
        server_queue_ms: ms(s.sent, s.service),
        service_ms: ms(s.service, s.done),
        ok,
        new_connection,
    }
}
