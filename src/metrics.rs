//! What a run measures, updated as requests finish: latency and per-phase
//! histograms, outcome counts, batch means of the server wait, the time
//! integrals of requests in the system and in flight (for Little's law), and a
//! bounded sample of request timelines for the waterfall chart. Fixed memory
//! whatever the number of requests.

use crate::request::{PHASES, PHASE_NAMES};
use crate::retry::Outcome;
use crate::stats::{level_times_ns, BatchMeans, Histogram, Series};
use crate::time::SimTime;
use serde::Serialize;

/// Largest number of request timelines kept for the waterfall.
pub const WATERFALL_MAX: usize = 200;

/// Outcome kinds, in the order of `OUTCOME_NAMES`.
pub const OUTCOMES: usize = 8;
pub const OUTCOME_NAMES: [&str; OUTCOMES] = [
    "ok",
    "server_error",
    "throttled",
    "unavailable",
    "timeout",
    "connect_error",
    "conflict",
    "client_rejected",
];

fn outcome_index(o: Outcome) -> usize {
    match o {
        Outcome::Ok => 0,
        Outcome::ServerError => 1,
        Outcome::Throttled => 2,
        Outcome::Unavailable => 3,
        Outcome::Timeout => 4,
        Outcome::ConnectError => 5,
        Outcome::Conflict => 6,
        Outcome::ClientRejected => 7,
    }
}

/// One request's timeline, for the waterfall: its start, and the time it
/// spent in each phase (over all its attempts), in milliseconds.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Timeline {
    pub index: u64,
    pub host: u32,
    pub start_ms: f64,
    pub client_cpu_ms: f64,
    pub limiter_wait_ms: f64,
    pub semaphore_wait_ms: f64,
    pub pool_wait_ms: f64,
    pub connect_ms: f64,
    pub server_queue_ms: f64,
    pub service_ms: f64,
    pub backoff_ms: f64,
    pub attempts: u32,
    pub ok: bool,
    pub new_connection: bool,
}

pub struct Metrics {
    pub latency: Histogram,
    /// Time per phase, summed over a request's attempts (order of `PHASE_NAMES`).
    /// Requests record only their phases that took time; `settle` adds the
    /// zeros of the others (most phases of most requests take no time).
    pub phases: [Histogram; PHASES],
    /// Time in flight per request: holding a pool slot (connect + server queue + service).
    pub hold: Histogram,
    pub server_wait_batches: BatchMeans,
    pub series: Series,
    pub waterfall: Vec<Timeline>,
    /// Requests whose index is a multiple of this stride go to the waterfall.
    waterfall_stride: MultipleOf,
    /// ∫ in_system dt, in request·nanoseconds (exact): requests issued and not finished.
    pub in_system_area: u128,
    pub peak_in_system: u32,
    /// ∫ in_flight dt (exact): requests holding a pool slot (connecting or on the wire).
    pub in_flight_area: u128,
    pub peak_in_flight: u32,
    /// Peak requests the server holds (queued or in service), as a server counts its in-flight requests.
    pub peak_at_server: u32,
    pub started: u64,
    pub completed: u64,
    pub failed: u64,
    pub attempts: u64,
    pub retries: u64,
    /// Retries refused because the retry quota was empty.
    pub retries_refused: u64,
    /// Attempts abandoned by a client timeout.
    pub timeouts: u64,
    /// Attempt outcomes, by `OUTCOME_NAMES`.
    pub outcomes: [u64; OUTCOMES],
    /// Server work finished (useful or not).
    pub server_completions: u64,
    /// `server_completions` when the last request finished (the server may
    /// go on with abandoned attempts after that).
    pub server_completions_at_last_done: u64,
    /// Service time spent on attempts the client had abandoned.
    pub wasted_ns: u128,
    /// What cache lookups found (all zero without a cache).
    pub cache: crate::cache::CacheCounts,
    pub peak_time_wait: u32,
    pub adaptive_limit_min: u32,
    pub adaptive_limit_max: u32,
    /// The adaptive limit in force since `adaptive_limit_since` (0 = no adaptive limit).
    pub adaptive_limit_last: u32,
    /// ∫ adaptive limit dt (·ns), up to `adaptive_limit_since`, for its time-average.
    pub adaptive_limit_area: u128,
    /// ∫ max(adaptive limit, slots held) dt (·ns), up to `adaptive_limit_since`.
    pub adaptive_capacity_area: u128,
    pub adaptive_limit_since: SimTime,
    /// What the adaptive gate can hold since `adaptive_limit_since`: its
    /// limit, or more while requests admitted under a higher one still hold
    /// their slots (0 = no adaptive limit).
    pub adaptive_capacity_now: u32,
    pub last_done: SimTime,
    /// When the last request was issued.
    pub last_issue: SimTime,
    /// Service time of every job the server finished, useful or not.
    pub server_busy_ns: u128,
    /// When the server finished its last job: abandoned work can run past the last request.
    pub server_last_ns: SimTime,
    /// CPU time the client's event loop spent, over every stage.
    pub cpu_busy_ns: u128,
    /// Contended mode: writes committed, and the service time of the attempts that committed.
    pub commits: u64,
    pub committed_service_ns: u128,
}

impl Metrics {
    pub fn new(planned_requests: u64) -> Metrics {
        Metrics {
            latency: Histogram::default(),
            phases: std::array::from_fn(|_| Histogram::default()),
            hold: Histogram::default(),
            server_wait_batches: BatchMeans::new(planned_requests),
            series: Series::default(),
            waterfall: Vec::with_capacity(WATERFALL_MAX),
            waterfall_stride: MultipleOf::new((planned_requests / WATERFALL_MAX as u64).max(1)),
            in_system_area: 0,
            peak_in_system: 0,
            in_flight_area: 0,
            peak_in_flight: 0,
            peak_at_server: 0,
            started: 0,
            completed: 0,
            failed: 0,
            attempts: 0,
            retries: 0,
            retries_refused: 0,
            timeouts: 0,
            outcomes: [0; OUTCOMES],
            server_completions: 0,
            server_completions_at_last_done: 0,
            wasted_ns: 0,
            cache: Default::default(),
            peak_time_wait: 0,
            adaptive_limit_min: u32::MAX,
            adaptive_limit_max: 0,
            adaptive_limit_last: 0,
            adaptive_limit_area: 0,
            adaptive_capacity_area: 0,
            adaptive_limit_since: 0,
            adaptive_capacity_now: 0,
            last_done: 0,
            last_issue: 0,
            server_busy_ns: 0,
            server_last_ns: 0,
            cpu_busy_ns: 0,
            commits: 0,
            committed_service_ns: 0,
        }
    }

    pub fn count_outcome(&mut self, o: Outcome) {
        self.outcomes[outcome_index(o)] += 1;
    }

    /// The adaptive limit is now `limit`, and the gate holds at most
    /// `capacity` = max(limit, requests still holding a slot) until the next change.
    pub fn record_adaptive_limit(&mut self, limit: u32, capacity: u32, now: SimTime) {
        self.adaptive_limit_min = self.adaptive_limit_min.min(limit);
        self.adaptive_limit_max = self.adaptive_limit_max.max(limit);
        let dt = now.saturating_sub(self.adaptive_limit_since);
        self.adaptive_limit_area += level_times_ns(self.adaptive_limit_last, dt);
        self.adaptive_capacity_area += level_times_ns(self.adaptive_capacity_now, dt);
        self.adaptive_limit_since = now;
        self.adaptive_limit_last = limit;
        self.adaptive_capacity_now = capacity;
    }

    /// Time-average over [0, end] of the adaptive limit (0 when there is none).
    pub fn adaptive_limit_mean(&self, end: SimTime) -> f64 {
        self.time_average(self.adaptive_limit_area, self.adaptive_limit_last, end)
    }

    /// Time-average over [0, end] of what the adaptive gate can hold: its limit,
    /// or more while requests admitted under a higher limit still hold their
    /// slots (0 when there is no adaptive limit).
    pub fn adaptive_capacity_mean(&self, end: SimTime) -> f64 {
        self.time_average(self.adaptive_capacity_area, self.adaptive_capacity_now, end)
    }

    /// (`area` up to `adaptive_limit_since`, then `level` until `end`) ÷ `end`.
    fn time_average(&self, area: u128, level: u32, end: SimTime) -> f64 {
        if end == 0 {
            return level as f64;
        }
        let tail = end.saturating_sub(self.adaptive_limit_since);
        (area + level_times_ns(level, tail)) as f64 / end as f64
    }

    /// Jobs the server finished by `end` (the run's end: the last request
    /// done, or the time it stopped early, when every job so far counts).
    pub fn served_by(&self, end: SimTime) -> u64 {
        if self.server_last_ns <= end {
            self.server_completions
        } else {
            self.server_completions_at_last_done
        }
    }

    /// A job of `service_ns` finished on the server at `now` (useful or abandoned).
    pub fn record_service(&mut self, service_ns: SimTime, now: SimTime) {
        self.server_completions += 1;
        self.server_busy_ns += service_ns as u128;
        self.server_last_ns = self.server_last_ns.max(now);
    }

    /// Records a finished request (completed or failed) at `done`.
    pub fn record(&mut self, r: &crate::request::Req, done: SimTime, ok: bool) {
        if ok {
            self.completed += 1
        } else {
            self.failed += 1
        }
        self.last_done = done;
        self.server_completions_at_last_done = self.server_completions;
        self.latency.record(done - r.issue);
        let s = &r.spent;
        if s[6] != 0 {
            self.phases[6].record(s[6]);
        }
        self.hold.record(s[4] + s[5] + s[6] + r.cpu_on_conn_ns);
        if s[5] != 0 {
            self.phases[5].record(s[5]);
            self.server_wait_batches.record(s[5] as f64 / 1e6);
        } else {
            // No wait at the server (the common case below saturation).
            self.server_wait_batches.record_zero();
        }
        // Most requests spend time only on the server (queue and service),
        // and few go to the waterfall: one test for the rest, out of line.
        let other_phases = s[0] | s[1] | s[2] | s[3] | s[4] | s[7];
        if other_phases != 0 || self.waterfall_stride.divides(r.index) {
            self.record_rare(r, ok);
        }
    }

    /// The phases other than server queue and service, and the waterfall.
    #[cold]
    #[inline(never)]
    fn record_rare(&mut self, r: &crate::request::Req, ok: bool) {
        let s = &r.spent;
        for i in [0, 1, 2, 3, 4, 7] {
            if s[i] != 0 {
                self.phases[i].record(s[i]);
            }
        }
        if self.waterfall_stride.divides(r.index) && self.waterfall.len() < WATERFALL_MAX {
            self.waterfall.push(timeline(r, ok));
        }
    }

    /// Completes the phase histograms with the zeros of every finished
    /// request that did not record a phase. Call before reading them.
    pub fn settle(&mut self) {
        let finished = self.completed + self.failed;
        for h in &mut self.phases {
            h.record_zeros(finished - h.count());
        }
    }

    /// The phase histogram named `name` (one of `PHASE_NAMES`).
    pub fn phase(&self, name: &str) -> &Histogram {
        let i = PHASE_NAMES
            .iter()
            .position(|n| *n == name)
            .expect("known phase");
        &self.phases[i]
    }
}

/// A test of `n % d == 0` by one multiply, without a division (Hacker's
/// Delight §10-17): with d = 2^k·m, m odd, and m⁻¹ its inverse mod 2^64,
/// d divides n exactly when (n·m⁻¹) rotated right by k is at most ⌊(2^64 − 1)/d⌋.
#[derive(Clone, Copy, Debug)]
struct MultipleOf {
    inverse: u64,
    shift: u32,
    max: u64,
}

impl MultipleOf {
    fn new(d: u64) -> MultipleOf {
        assert!(d > 0, "a stride of at least 1");
        let shift = d.trailing_zeros();
        let m = d >> shift;
        // Newton's iteration: m·m ≡ 1 (mod 8) for odd m, and each step
        // doubles the correct low bits (3 → 6 → 12 → 24 → 48 → 96).
        let mut inverse = m;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(m.wrapping_mul(inverse)));
        }
        debug_assert_eq!(m.wrapping_mul(inverse), 1);
        MultipleOf {
            inverse,
            shift,
            max: u64::MAX / d,
        }
    }

    #[inline]
    fn divides(&self, n: u64) -> bool {
        n.wrapping_mul(self.inverse).rotate_right(self.shift) <= self.max
    }
}

fn timeline(r: &crate::request::Req, ok: bool) -> Timeline {
    let ms = |i: usize| r.spent[i] as f64 / 1e6;
    Timeline {
        index: r.index,
        host: r.host,
        start_ms: r.issue as f64 / 1e6,
        client_cpu_ms: ms(0),
        limiter_wait_ms: ms(1),
        semaphore_wait_ms: ms(2),
        pool_wait_ms: ms(3),
        connect_ms: ms(4),
        server_queue_ms: ms(5),
        service_ms: ms(6),
        backoff_ms: ms(7),
        attempts: r.attempt,
        ok,
        new_connection: r.new_connection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Limit 10 with 10 slots for 1 µs, then limit 20 with 25 slots held (five
    /// admitted under a higher limit) for 2 µs: (10·1 + 20·2) / 3 and (10·1 + 25·2) / 3.
    #[test]
    fn the_adaptive_limit_and_its_capacity_are_time_averages() {
        let mut m = Metrics::new(1);
        m.record_adaptive_limit(10, 10, 0);
        m.record_adaptive_limit(20, 25, 1_000);
        assert_eq!(m.adaptive_limit_mean(3_000), 50.0 / 3.0);
        assert_eq!(m.adaptive_capacity_mean(3_000), 20.0);
        assert_eq!((m.adaptive_limit_min, m.adaptive_limit_max), (10, 20));
    }

    #[test]
    fn multiple_of_is_the_remainder_test() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut ds: Vec<u64> = (1..=1_100).collect();
        ds.extend([
            500,
            5_000,
            1 << 20,
            3 << 40,
            u64::MAX,
            u64::MAX - 1,
            1 << 63,
        ]);
        for d in ds {
            let t = MultipleOf::new(d);
            let mut ns: Vec<u64> = (0..600).collect();
            ns.extend((0..300u64).flat_map(|k| {
                let m = k.wrapping_mul(d);
                [m, m.wrapping_add(1), m.wrapping_sub(1)]
            }));
            ns.extend([u64::MAX, u64::MAX - 1, 1 << 63, d, d.wrapping_mul(2)]);
            for _ in 0..300 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ns.push(x);
            }
            for n in ns {
                assert_eq!(t.divides(n), n.is_multiple_of(d), "n={n} d={d}");
            }
        }
    }
}
