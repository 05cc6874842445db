//! The hero widget: the stall at 100 as moving dots. 1000 gathered requests
//! wait for one of `pool.limit` connection slots, hold it while the server
//! answers, and finish; one slider sets the limit.
//!
//! The run is the shipped `stall-at-100` scenario with the limit changed,
//! simulated with a request trace (`sim::Trace`). Its size is fixed (1000
//! requests, about 3 events each), so it runs in a few milliseconds. Dot
//! positions at a virtual time are derived from the trace alone (`Layout`),
//! so the animation shows exactly what the simulator did; the page only
//! paints them.

use crate::chart::{Frame, Shown, Style};
use crate::report::RunOutput;
use crate::scenario::{set_path, ConfigError, Scenario};
use crate::sim::{Sim, TraceEntry, NEVER};
use serde::Serialize;

/// The catalog scenario the hero runs.
pub const SCENARIO: &str = "stall-at-100";
/// The slider's range (the pool limit; 0 = unlimited is left to the full controls).
pub const LIMIT_MIN: u32 = 1;
pub const LIMIT_MAX: u32 = 1000;

/// The numbers of the hero's sentence: "limit = L → L / 50 ms = R req/s, W waves".
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Sentence {
    pub limit: u32,
    pub latency_ms: f64,
    pub rate_per_s: f64,
    pub waves: u64,
    pub requests: u64,
    /// From the run: how long the 1000 requests took, and the peak in flight.
    pub makespan_s: f64,
    pub peak_in_flight: u32,
}

/// The hero's current run and the dot layout of its trace.
pub struct Hero {
    scenario: Scenario,
    out: RunOutput,
    layout: Layout,
}

impl Hero {
    /// The hero at the scenario's own limit (100).
    pub fn new() -> Hero {
        let text = crate::catalog::scenario_text(SCENARIO).expect("the hero scenario is shipped");
        let scenario = Scenario::from_json(text).expect("the hero scenario is valid");
        Hero::run(scenario)
    }

    fn run(scenario: Scenario) -> Hero {
        let planned = scenario.planned_requests() as usize;
        let mut sim = Sim::with_trace(&scenario, planned);
        while !sim.step_many(u64::MAX) {}
        let entries: Vec<TraceEntry> = sim
            .trace()
            .map(|t| t.issued().copied().collect())
            .unwrap_or_default();
        Hero {
            out: sim.output(&scenario),
            layout: Layout::new(entries),
            scenario,
        }
    }

    /// Sets the pool limit from the slider's text and re-runs; on error nothing changes.
    pub fn set_limit(&mut self, raw: &str) -> Result<(), ConfigError> {
        let limit: u32 = raw.trim().parse().map_err(|_| out_of_range(raw))?;
        if !(LIMIT_MIN..=LIMIT_MAX).contains(&limit) {
            return Err(out_of_range(raw));
        }
        let mut value = serde_json::to_value(&self.scenario)
            .map_err(|e| ConfigError::new("pool.limit", e.to_string()))?;
        set_path(&mut value, "pool.limit", &limit.to_string())?;
        *self = Hero::run(Scenario::from_value(value)?);
        Ok(())
    }

    pub fn limit(&self) -> u32 {
        self.scenario.pool.limit
    }

    pub fn sentence(&self) -> Sentence {
        let limit = self.scenario.pool.limit;
        let requests = self.scenario.planned_requests();
        let latency_ms = self.scenario.server.latency_ms;
        Sentence {
            limit,
            latency_ms,
            rate_per_s: limit as f64 / (latency_ms / 1e3),
            waves: requests.div_ceil(limit.max(1) as u64),
            requests,
            makespan_s: self.out.summary.makespan_s,
            peak_in_flight: self.out.summary.peak_in_flight,
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// What the hero's in-flight chart draws.
    pub fn frame(&self, style: Style) -> Frame<'_> {
        Frame {
            run: Shown {
                out: &self.out,
                scenario: &self.scenario,
                timeline: None,
            },
            baseline: None,
            style,
        }
    }
}

impl Default for Hero {
    fn default() -> Self {
        Hero::new()
    }
}

fn out_of_range(raw: &str) -> ConfigError {
    ConfigError::new(
        "pool.limit",
        format!("must be a whole number between {LIMIT_MIN} and {LIMIT_MAX} (got {raw})"),
    )
}

/// Where a dot is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    /// Issued, waiting for a slot: `rank` 0 is the front of the queue.
    Waiting { rank: u32 },
    /// Holding slot `slot` (connecting, or at the server).
    Holding { slot: u32 },
    /// Finished: `rank` 0 finished first.
    Done { rank: u32 },
}

/// A dot at one instant: where it is, where it came from (while it moves
/// between places, `moving` goes 0 → 1), and the share of its time holding a slot that has passed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub at: Where,
    pub from: Option<Where>,
    pub moving: f64,
    pub served: f64,
}

/// How many dots are in each place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub waiting: u32,
    pub holding: u32,
    pub done: u32,
}

/// The trace, indexed for "where is every request at time t".
pub struct Layout {
    entries: Vec<TraceEntry>,
    /// Acquisition times, sorted (NEVER last).
    acquired_sorted: Vec<u64>,
    /// Each entry's position in acquisition order.
    acquire_pos: Vec<u32>,
    /// Each entry's slot (lowest free slot when it acquired).
    slot: Vec<u32>,
    /// Each entry's position in finishing order.
    done_rank: Vec<u32>,
    slots: u32,
    end_ns: u64,
}

/// Share of a request's slot time spent flying from the queue to its slot (and out after).
const FLY_SHARE: f64 = 0.3;

impl Layout {
    pub fn new(entries: Vec<TraceEntry>) -> Layout {
        let n = entries.len();
        let mut by_acquire: Vec<u32> = (0..n as u32).collect();
        by_acquire.sort_by_key(|&i| (entries[i as usize].acquired_ns, i));
        let mut acquire_pos = vec![0; n];
        for (pos, &i) in by_acquire.iter().enumerate() {
            acquire_pos[i as usize] = pos as u32;
        }
        let acquired_sorted = by_acquire
            .iter()
            .map(|&i| entries[i as usize].acquired_ns)
            .collect();
        let (slot, slots) = assign_slots(&entries, &by_acquire);
        let mut by_done: Vec<u32> = (0..n as u32).collect();
        by_done.sort_by_key(|&i| (entries[i as usize].done_ns, i));
        let mut done_rank = vec![0; n];
        for (rank, &i) in by_done.iter().enumerate() {
            done_rank[i as usize] = rank as u32;
        }
        let end_ns = entries
            .iter()
            .map(|e| e.done_ns)
            .filter(|&t| t != NEVER)
            .max()
            .unwrap_or(0);
        Layout {
            entries,
            acquired_sorted,
            acquire_pos,
            slot,
            done_rank,
            slots,
            end_ns,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Slots ever held at once (the places drawn for connections).
    pub fn slots(&self) -> u32 {
        self.slots
    }

    /// When the last request finished (virtual ns).
    pub fn end_ns(&self) -> u64 {
        self.end_ns
    }

    /// Requests that got a slot at or before `t`.
    fn acquired_by(&self, t: u64) -> u32 {
        self.acquired_sorted.partition_point(|&a| a <= t) as u32
    }

    /// Every issued request's dot at virtual time `t_ns`, and the counts.
    pub fn dots(&self, t_ns: u64, out: &mut Vec<Dot>) -> Counts {
        out.clear();
        let acquired = self.acquired_by(t_ns);
        let mut counts = Counts::default();
        for (i, e) in self.entries.iter().enumerate() {
            if e.issued_ns > t_ns {
                continue;
            }
            let dot = self.dot(i, e, t_ns, acquired);
            match dot.at {
                Where::Waiting { .. } => counts.waiting += 1,
                Where::Holding { .. } => counts.holding += 1,
                Where::Done { .. } => counts.done += 1,
            }
            out.push(dot);
        }
        counts
    }

    fn dot(&self, i: usize, e: &TraceEntry, t: u64, acquired: u32) -> Dot {
        let still = |at| Dot {
            at,
            from: None,
            moving: 1.0,
            served: 0.0,
        };
        let hold_ns = e.done_ns.saturating_sub(e.acquired_ns).max(1) as f64;
        let fly_ns = hold_ns * FLY_SHARE;
        let queue_rank = |before: u32| Where::Waiting {
            rank: self.acquire_pos[i].saturating_sub(before),
        };
        if e.done_ns != NEVER && t >= e.done_ns {
            let done = Where::Done {
                rank: self.done_rank[i],
            };
            if e.acquired_ns == NEVER {
                return still(done);
            }
            let moving = ((t - e.done_ns) as f64 / fly_ns).min(1.0);
            return Dot {
                at: done,
                from: (moving < 1.0).then_some(Where::Holding { slot: self.slot[i] }),
                moving,
                served: 1.0,
            };
        }
        if e.acquired_ns == NEVER || t < e.acquired_ns {
            return still(queue_rank(acquired));
        }
        let since = (t - e.acquired_ns) as f64;
        let moving = (since / fly_ns).min(1.0);
        // Its place in the queue just before it got the slot.
        let before = self.acquired_sorted.partition_point(|&a| a < e.acquired_ns) as u32;
        Dot {
            at: Where::Holding { slot: self.slot[i] },
            from: (moving < 1.0).then(|| queue_rank(before)),
            moving,
            served: (since / hold_ns).min(1.0),
        }
    }
}

/// Gives each request the lowest slot free when it acquired (held until it finished).
fn assign_slots(entries: &[TraceEntry], by_acquire: &[u32]) -> (Vec<u32>, u32) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut slot = vec![0; entries.len()];
    let mut busy: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new(); // (free at, slot)
    let mut free: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
    let mut slots = 0;
    for &i in by_acquire {
        let e = &entries[i as usize];
        if e.acquired_ns == NEVER {
            break;
        }
        while let Some(&Reverse((until, s))) = busy.peek() {
            if until > e.acquired_ns {
                break;
            }
            busy.pop();
            free.push(Reverse(s));
        }
        let s = free.pop().map(|Reverse(s)| s).unwrap_or_else(|| {
            slots += 1;
            slots - 1
        });
        slot[i as usize] = s;
        busy.push(Reverse((e.done_ns, s)));
    }
    (slot, slots)
}

/// Playback: the run plays in `play_ms` of real time (between 2 and 8 s),
/// holds its end for `HOLD_MS`, and starts again.
pub fn playback_ms(end_ns: u64) -> f64 {
    let real_ms = end_ns as f64 / 1e6 * 6.0;
    real_ms.clamp(2_000.0, 8_000.0)
}

/// Real time the end of a run stays on screen before it replays.
pub const HOLD_MS: f64 = 1_500.0;

/// The virtual time (ns) shown `elapsed_ms` after playback started.
pub fn virtual_ns(end_ns: u64, elapsed_ms: f64) -> u64 {
    let play = playback_ms(end_ns);
    let cycle = play + HOLD_MS;
    let into = elapsed_ms.max(0.0) % cycle;
    let share = (into / play).min(1.0);
    (end_ns as f64 * share).round() as u64 + if share >= 1.0 { 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hero_shows_ten_waves_of_one_hundred() {
        let hero = Hero::new();
        let s = hero.sentence();
        assert_eq!((s.limit, s.waves, s.requests), (100, 10, 1000));
        assert_eq!(s.rate_per_s, 2000.0);
        assert_eq!(s.peak_in_flight, 100);
        let layout = hero.layout();
        assert_eq!(layout.len(), 1000);
        assert_eq!(layout.slots(), 100);
        let mut dots = Vec::new();
        // Halfway through the third wave: 200 done, 100 holding, 700 waiting.
        let c = layout.dots(125_000_000, &mut dots);
        assert_eq!(
            c,
            Counts {
                waiting: 700,
                holding: 100,
                done: 200
            }
        );
        let mut ranks: Vec<u32> = dots
            .iter()
            .filter_map(|d| match d.at {
                Where::Waiting { rank } => Some(rank),
                _ => None,
            })
            .collect();
        ranks.sort();
        assert_eq!(ranks, (0..700).collect::<Vec<_>>(), "a queue without gaps");
        let end = layout.dots(layout.end_ns() + 1, &mut dots);
        assert_eq!(end.done, 1000);
        assert!((layout.end_ns() as f64 / 1e9 - s.makespan_s).abs() < 1e-9);
    }

    #[test]
    fn the_slider_reruns_and_rejects_bad_values() {
        let mut hero = Hero::new();
        hero.set_limit("250").expect("valid");
        let s = hero.sentence();
        assert_eq!((s.limit, s.waves, s.peak_in_flight), (250, 4, 250));
        assert_eq!(hero.layout().slots(), 250);
        for bad in ["0", "1001", "ten", "-3"] {
            let e = hero.set_limit(bad).expect_err(bad);
            assert_eq!(e.field, "pool.limit");
        }
        assert_eq!(hero.limit(), 250, "a bad value changes nothing");
    }

    #[test]
    fn dots_fly_into_their_slot_then_serve() {
        let hero = Hero::new();
        let layout = hero.layout();
        let mut dots = Vec::new();
        // Just after the second wave got its slots (50 ms + 1 ms of the first dial).
        layout.dots(51_000_001, &mut dots);
        let flying: Vec<_> = dots
            .iter()
            .filter(|d| matches!(d.at, Where::Holding { .. }) && d.from.is_some())
            .collect();
        assert_eq!(flying.len(), 100);
        assert!(flying
            .iter()
            .all(|d| matches!(d.from, Some(Where::Waiting { rank }) if rank < 100)));
    }

    #[test]
    fn playback_loops_and_holds_the_end() {
        let end = 501_000_000;
        assert_eq!(playback_ms(end), 3006.0);
        assert_eq!(virtual_ns(end, 0.0), 0);
        assert_eq!(virtual_ns(end, 1503.0), end / 2);
        assert!(virtual_ns(end, 3006.0 + 100.0) > end, "holds the end");
        assert_eq!(virtual_ns(end, 3006.0 + HOLD_MS), 0, "and starts again");
    }
}
