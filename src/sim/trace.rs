//! An optional, bounded trace of a run for the page:
//!
//! - per request, for each of the first `max_requests` workload indices:
//!   when it was issued, when its (last) attempt started waiting for a pool
//!   slot, got one, reached the server, started service and finished (the
//!   hero widget animates requests from it);
//! - a `Timeline` of what the time series does not hold: attempts started
//!   per try number (1st, 2nd, 3rd, 4th and later), and the adaptive limit.
//!
//! Off by default (`Sim::with_trace` turns it on): a normal run pays one
//! `Option` check per phase change and per attempt. Memory is fixed when it
//! is turned on (`max_requests` entries, `TIMELINE_BINS` bins), whatever the
//! number of requests.

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

/// The trace: one entry per workload index below its capacity, and the timeline.
#[derive(Clone, Debug)]
pub struct Trace {
    entries: Vec<TraceEntry>,
    timeline: Timeline,
}

/// Bins of the timeline (they merge pairwise as the run grows).
pub const TIMELINE_BINS: usize = 256;
/// Try numbers told apart: 1, 2, 3, and 4 or more.
pub const TRIES: usize = 4;
/// Width of a timeline bin at the start of a run: 100 µs (doubles as needed).
const FIRST_BIN_NS: u64 = 100_000;

/// Attempts started per bin by try number, and the adaptive limit at the end of each bin.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub bin_ns: u64,
    pub attempts: Vec<[u32; TRIES]>,
    /// The adaptive limit last set in each bin; 0 = not set in that bin.
    pub limit: Vec<u32>,
    /// The highest adaptive limit set in each bin; 0 = not set in that bin
    /// (a bin's last value can hide a spike: guide-score's 1499).
    pub limit_high: Vec<u32>,
}

impl Timeline {
    fn new() -> Timeline {
        Timeline {
            bin_ns: FIRST_BIN_NS,
            attempts: vec![[0; TRIES]; TIMELINE_BINS],
            limit: vec![0; TIMELINE_BINS],
            limit_high: vec![0; TIMELINE_BINS],
        }
    }

    /// The bin of time `t`, merging pairs of bins until it fits.
    fn bin(&mut self, t: SimTime) -> usize {
        self.fit(t);
        ((t / self.bin_ns) as usize).min(TIMELINE_BINS - 1)
    }

    /// Merges pairs of bins until time `t` falls in one of them.
    fn fit(&mut self, t: SimTime) {
        // Each merge doubles the span: 64 merges cover any u64 time.
        for _ in 0..64 {
            if t / self.bin_ns < TIMELINE_BINS as u64 {
                return;
            }
            self.merge_pairs();
        }
    }

    /// Halves the resolution: bin i becomes bins 2i and 2i+1 (attempts
    /// summed, the later limit and the higher high kept).
    fn merge_pairs(&mut self) {
        for i in 0..TIMELINE_BINS / 2 {
            let (a, b) = (self.attempts[2 * i], self.attempts[2 * i + 1]);
            self.attempts[i] = std::array::from_fn(|k| a[k] + b[k]);
            let last = self.limit[2 * i + 1];
            self.limit[i] = if last > 0 { last } else { self.limit[2 * i] };
            self.limit_high[i] = self.limit_high[2 * i].max(self.limit_high[2 * i + 1]);
        }
        for i in TIMELINE_BINS / 2..TIMELINE_BINS {
            self.attempts[i] = [0; TRIES];
            self.limit[i] = 0;
            self.limit_high[i] = 0;
        }
        self.bin_ns = self.bin_ns.saturating_mul(2);
    }

    /// Bins in use up to time `end_ns`.
    pub fn bins_until(&self, end_ns: SimTime) -> usize {
        ((end_ns / self.bin_ns.max(1)) as usize + 1).min(TIMELINE_BINS)
    }
}

impl Trace {
    /// A trace of the first `max_requests` requests (at most `MAX_TRACED`) and a timeline.
    pub fn new(max_requests: usize) -> Trace {
        Trace {
            entries: vec![EMPTY; max_requests.min(MAX_TRACED)],
            timeline: Timeline::new(),
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The run ended at `end_ns`: the timeline's bins are widened until they
    /// cover it. (They widen as attempts come, so a run whose attempts all
    /// start early, a gather, would otherwise keep 100 µs bins that span
    /// 25.6 ms of a 500 ms run: its chart and table would stop there, and
    /// the table's mean rate would be over those 25.6 ms only.)
    pub(super) fn cover(&mut self, end_ns: SimTime) {
        self.timeline.fit(end_ns);
    }

    /// An attempt (`attempt`: 1 for the first try) starts at `now`.
    pub(super) fn attempt(&mut self, now: SimTime, attempt: u32) {
        let b = self.timeline.bin(now);
        let k = (attempt.max(1) as usize - 1).min(TRIES - 1);
        self.timeline.attempts[b][k] += 1;
    }

    /// The adaptive limit becomes `limit` at `now`.
    pub(super) fn limit(&mut self, now: SimTime, limit: u32) {
        let b = self.timeline.bin(now);
        self.timeline.limit[b] = limit.max(1);
        self.timeline.limit_high[b] = self.timeline.limit_high[b].max(limit.max(1));
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

    fn stall_at(limit: u32) -> (crate::Scenario, Sim) {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped");
        let mut sc = crate::Scenario::from_json(text).expect("valid");
        sc.pool.limit = limit;
        let mut sim = Sim::with_trace(&sc, 2000);
        while !sim.step_many(u64::MAX) {}
        (sc, sim)
    }

    fn stall(limit: u32) -> Sim {
        stall_at(limit).1
    }

    #[test]
    fn the_stall_runs_in_ten_waves_of_one_hundred() {
        let (sc, sim) = stall_at(100);
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
        let out = sim.output(&sc);
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
    fn the_timeline_counts_attempts_by_try_and_follows_the_adaptive_limit() {
        for id in ["retry-storm", "adaptive-knee"] {
            let text = crate::catalog::scenario_text(id).expect("shipped");
            let sc = crate::Scenario::from_json(text).expect("valid");
            let mut sim = Sim::with_trace(&sc, 0);
            while !sim.step_many(u64::MAX) {}
            let out = sim.output(&sc);
            let tl = sim.trace().expect("on").timeline();
            let total: u64 = tl.attempts.iter().flatten().map(|n| *n as u64).sum();
            assert_eq!(
                total, out.summary.attempts,
                "{id}: every attempt counted once"
            );
            let first: u64 = tl.attempts.iter().map(|a| a[0] as u64).sum();
            assert_eq!(
                first, out.summary.requests,
                "{id}: one first try per request"
            );
            if id == "adaptive-knee" {
                let set: Vec<u32> = tl.limit.iter().copied().filter(|l| *l > 0).collect();
                assert_eq!(
                    set.last().copied(),
                    Some(out.summary.adaptive_limit[2]),
                    "last limit"
                );
                assert!(set.iter().all(|l| *l >= out.summary.adaptive_limit[0]));
            } else {
                assert!(tl.attempts.iter().any(|a| a[1] > 0), "retries happen");
            }
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
