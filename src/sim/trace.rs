//! An optional, bounded trace of individual requests: for each of the first
//! `max_requests` workload indices, when it was issued, when its (last)
//! attempt started waiting for a pool slot, got one, reached the server,
//! started service and finished. The page animates requests from it (the
//! hero widget); nothing else reads it.
//!
//! Off by default (`Sim::with_trace` turns it on): a normal run pays one
//! `Option` check per phase change. Memory is fixed when it is turned on
//! (`max_requests` entries), whatever the number of requests.

use super::request::Phase;
use crate::time::SimTime;

/// "Never happened" for a time in an entry.
pub const NEVER: SimTime = SimTime::MAX;

/// The most requests a trace may hold (about 60 bytes each).
pub const MAX_TRACED: usize = 20_000;

/// One traced request. Times are virtual nanoseconds; `NEVER` if it did not
/// happen. After a retry the per-attempt times describe the last attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    pub issued_ns: SimTime,
    /// The attempt started waiting for a pool slot.
    pub pool_ns: SimTime,
    /// The attempt got a pool slot (dialling or sending).
    pub acquired_ns: SimTime,
    /// The attempt was sent: it reached the server's queue.
    pub server_ns: SimTime,
    /// A server worker started on it.
    pub service_ns: SimTime,
    pub done_ns: SimTime,
    pub attempts: u32,
    pub ok: bool,
}

const EMPTY: TraceEntry = TraceEntry {
    issued_ns: NEVER,
    pool_ns: NEVER,
    acquired_ns: NEVER,
    server_ns: NEVER,
    service_ns: NEVER,
    done_ns: NEVER,
    attempts: 0,
    ok: false,
};

/// The trace: one entry per workload index below its capacity.
#[derive(Clone, Debug)]
pub struct Trace {
    entries: Vec<TraceEntry>,
}

impl Trace {
    /// A trace of the first `max_requests` requests (at most `MAX_TRACED`).
    pub fn new(max_requests: usize) -> Trace {
        Trace {
            entries: vec![EMPTY; max_requests.min(MAX_TRACED)],
        }
    }

    /// Every traced request by workload index; never-issued ones have `issued_ns == NEVER`.
    pub fn entries(&self) -> &[TraceEntry] {
        &self.entries
    }

    /// The requests that were issued (a prefix of the indices for every shipped workload).
    pub fn issued(&self) -> impl Iterator<Item = &TraceEntry> {
        self.entries.iter().filter(|e| e.issued_ns != NEVER)
    }

    /// Request `index` (issued at `issued`) moves from phase `from` to `to` at `now`.
    pub(super) fn enter(
        &mut self,
        index: u64,
        issued: SimTime,
        from: Phase,
        to: Phase,
        now: SimTime,
    ) {
        let Some(e) = usize::try_from(index)
            .ok()
            .and_then(|i| self.entries.get_mut(i))
        else {
            return;
        };
        e.issued_ns = issued;
        if from == to {
            return; // closing the current phase (the request finishes), not a move
        }
        match to {
            Phase::Pool => {
                e.pool_ns = now;
                e.acquired_ns = NEVER;
                e.server_ns = NEVER;
                e.service_ns = NEVER;
            }
            Phase::Connect | Phase::ServerQueue if from == Phase::Pool => {
                e.acquired_ns = now;
                if to == Phase::ServerQueue {
                    e.server_ns = now;
                }
            }
            Phase::ServerQueue => e.server_ns = now,
            Phase::Service => e.service_ns = now,
            _ => {}
        }
    }

    /// Request `index` finished at `now` after `attempts` attempts.
    pub(super) fn finish(&mut self, index: u64, now: SimTime, ok: bool, attempts: u32) {
        if let Some(e) = usize::try_from(index)
            .ok()
            .and_then(|i| self.entries.get_mut(i))
        {
            e.done_ns = now;
            e.ok = ok;
            e.attempts = attempts;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Sim;
    use crate::time::ms_to_ns;

    fn stall(limit: u32) -> Sim {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let mut sc = crate::Scenario::from_json(text).expect("valid");
        sc.pool.limit = limit;
        let mut sim = Sim::with_trace(&sc, 2000);
        while !sim.step_many(u64::MAX) {}
        sim
    }

    #[test]
    fn the_stall_runs_in_ten_waves_of_one_hundred() {
        let sim = stall(100);
        let trace = sim.trace().expect("on");
        let issued: Vec<_> = trace.issued().collect();
        assert_eq!(issued.len(), 1000);
        // Wave k (k = 0..9) gets its slots when wave k-1 finishes: 100 each.
        let mut per_wave = [0u32; 10];
        for e in &issued {
            assert_eq!(e.issued_ns, 0, "gathered at once");
            assert!(e.pool_ns <= e.acquired_ns && e.acquired_ns <= e.server_ns);
            assert!(
                e.server_ns <= e.service_ns && e.service_ns < e.done_ns,
                "{e:?}"
            );
            assert!(e.ok && e.attempts == 1);
            let wave = (e.acquired_ns / ms_to_ns(50.0)).min(9) as usize;
            per_wave[wave] += 1;
        }
        assert_eq!(per_wave, [100; 10]);
        let last = issued.iter().map(|e| e.done_ns).max().expect("some");
        let out = sim.output();
        assert!((last as f64 / 1e9 - out.summary.makespan_s).abs() < 1e-9);
    }

    #[test]
    fn slots_in_use_never_exceed_the_limit() {
        let sim = stall(250);
        let trace = sim.trace().expect("on");
        // At every acquisition, count requests holding a slot.
        for probe in trace.issued() {
            let t = probe.acquired_ns;
            let holding = trace
                .issued()
                .filter(|e| e.acquired_ns <= t && t < e.done_ns)
                .count();
            assert!(holding <= 250, "{holding} hold a slot at {t}");
        }
    }

    #[test]
    fn capacity_bounds_the_trace_and_is_off_by_default() {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let sc = crate::Scenario::from_json(text).expect("valid");
        assert!(Sim::new(&sc).trace().is_none());
        let mut sim = Sim::with_trace(&sc, 10);
        while !sim.step_many(u64::MAX) {}
        let trace = sim.trace().expect("on");
        assert_eq!(trace.entries().len(), 10);
        assert!(trace.issued().all(|e| e.done_ns != NEVER));
        assert_eq!(Trace::new(usize::MAX).entries().len(), MAX_TRACED);
    }
}
