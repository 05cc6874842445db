//! Time series in a fixed number of bins. Gauges (in flight, waiters, open
//! connections…) are integrated over time, so each bin holds the time-weighted
//! mean and the peak; counters (completions, errors…) are summed per bin.
//! When the run outgrows the bins, adjacent bins are merged and the width
//! doubles, so memory stays fixed whatever the run length.

use super::level_times_ns;
use serde::Serialize;

/// Number of bins (the chart's horizontal resolution: between half and all of them are used).
pub const BINS: usize = 512;
/// Width of a bin at the start of a run: 1 µs (doubles as needed).
const FIRST_BIN_NS: u64 = 1_000;

/// Quantities that have a level at every instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gauge {
    InFlight,
    PoolWaiters,
    SemaphoreWaiters,
    LimiterWaiters,
    ServerQueue,
    ServerBusy,
    ConnInUse,
    ConnIdle,
    ConnConnecting,
    ConnTimeWait,
    RetryBackoff,
}
pub const GAUGES: usize = 11;
pub const GAUGE_NAMES: [&str; GAUGES] = [
    "in_flight",
    "pool_waiters",
    "semaphore_waiters",
    "limiter_waiters",
    "server_queue",
    "server_busy",
    "conn_in_use",
    "conn_idle",
    "conn_connecting",
    "conn_time_wait",
    "retry_backoff",
];

/// Things that happen at an instant and are counted per bin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    Started,
    Completed,
    Failed,
    Attempts,
    Wasted,
    /// Cache misses that went to the backend.
    BackendLoads,
}
pub const COUNTERS: usize = 6;
pub const COUNTER_NAMES: [&str; COUNTERS] = [
    "started",
    "completed",
    "failed",
    "attempts",
    "wasted",
    "backend_loads",
];

pub struct Series {
    bin_ns: u64,
    /// ∫ level dt per bin, in level·ns (exact integers). The current bin's
    /// entry is projected to the bin's end as if the level stayed put; a change
    /// corrects it by (new − old)·(time left in the bin), so a change costs one
    /// multiply-add and nothing happens for gauges that do not move.
    /// (The current bin's entries live in `bin_area`, `bin_peak` and
    /// `bin_counts` until the run leaves it.)
    area: Vec<[u128; GAUGES]>,
    peak: Vec<[u32; GAUGES]>,
    counts: Vec<[u32; COUNTERS]>,
    bin_area: [u128; GAUGES],
    bin_peak: [u32; GAUGES],
    bin_counts: [u32; COUNTERS],
    current: [u32; GAUGES],
    /// When each gauge last changed (for `export`'s partial last bin).
    changed_ns: [u64; GAUGES],
    now_ns: u64,
    /// `bin_end_ns − now_ns`: how long a level set now counts in the current bin.
    left_ns: u64,
    /// The bin `now_ns` is in (it ends at `bin_end_ns`), and the time the run
    /// entered it.
    bin: usize,
    bin_end_ns: u64,
    entered_ns: u64,
    /// False when nobody charts the run: nothing is recorded and `export` is empty.
    tracked: bool,
}

impl Default for Series {
    fn default() -> Self {
        Series {
            bin_ns: FIRST_BIN_NS,
            area: vec![[0; GAUGES]; BINS],
            peak: vec![[0; GAUGES]; BINS],
            counts: vec![[0; COUNTERS]; BINS],
            bin_area: [0; GAUGES],
            bin_peak: [0; GAUGES],
            bin_counts: [0; COUNTERS],
            current: [0; GAUGES],
            changed_ns: [0; GAUGES],
            now_ns: 0,
            left_ns: FIRST_BIN_NS,
            bin: 0,
            bin_end_ns: FIRST_BIN_NS,
            entered_ns: 0,
            tracked: true,
        }
    }
}

impl Series {
    /// A series that records nothing (its export has no bins): the simulator
    /// then skips the gauge bookkeeping altogether.
    pub fn untracked() -> Series {
        Series {
            tracked: false,
            ..Series::default()
        }
    }

    pub fn is_tracked(&self) -> bool {
        self.tracked
    }

    /// Moves the series' clock to `now_ns`. Called before any change at `now_ns`.
    #[inline]
    pub fn advance(&mut self, now_ns: u64) {
        self.now_ns = now_ns;
        if now_ns >= self.bin_end_ns {
            self.enter_bin_of(now_ns);
        }
        self.left_ns = self.bin_end_ns - now_ns;
    }

    /// Leaves the current bin (complete: it was projected to its end) and
    /// fills every bin up to the one holding `now_ns` with the levels held.
    #[cold]
    fn enter_bin_of(&mut self, now_ns: u64) {
        self.area[self.bin] = self.bin_area;
        self.peak[self.bin] = self.bin_peak;
        self.counts[self.bin] = self.bin_counts;
        while now_ns >= self.bin_end_ns {
            if self.bin + 1 == BINS {
                self.merge_pairs();
            }
            self.bin += 1;
            self.bin_end_ns = (self.bin as u64 + 1) * self.bin_ns;
            let b = self.bin;
            for g in 0..GAUGES {
                self.area[b][g] = level_times_ns(self.current[g], self.bin_ns);
                self.peak[b][g] = self.current[g];
            }
        }
        self.bin_area = self.area[self.bin];
        self.bin_peak = self.peak[self.bin];
        self.bin_counts = self.counts[self.bin];
        self.entered_ns = now_ns;
    }

    /// Sets a gauge's level from now on.
    #[inline]
    pub fn set(&mut self, g: Gauge, value: u32) {
        let g = g as usize;
        let old = self.current[g];
        if old == value {
            return;
        }
        // The correction (value − old)·left_ns, as an unsigned product added
        // or taken away (the same wrapping sum as a signed one). Only a rise
        // can set a new peak: the bin's peak is never below the level
        // (it starts at the level held when the run enters the bin).
        if value > old {
            let rise = level_times_ns(value - old, self.left_ns);
            self.bin_area[g] = self.bin_area[g].wrapping_add(rise);
            if value > self.bin_peak[g] {
                self.bin_peak[g] = value;
            }
        } else {
            let fall = level_times_ns(old - value, self.left_ns);
            self.bin_area[g] = self.bin_area[g].wrapping_sub(fall);
        }
        self.current[g] = value;
        self.changed_ns[g] = self.now_ns;
    }

    pub fn get(&self, g: Gauge) -> u32 {
        self.current[g as usize]
    }

    /// Counts one occurrence of `c` now.
    #[inline]
    pub fn count(&mut self, c: Counter) {
        self.bin_counts[c as usize] += 1;
    }

    /// Halves the resolution: bin i becomes bins 2i and 2i+1 merged (all of
    /// them are complete when this runs: the run has passed the last bin).
    fn merge_pairs(&mut self) {
        for i in 0..BINS / 2 {
            for g in 0..GAUGES {
                self.area[i][g] = self.area[2 * i][g] + self.area[2 * i + 1][g];
                self.peak[i][g] = self.peak[2 * i][g].max(self.peak[2 * i + 1][g]);
            }
            for c in 0..COUNTERS {
                self.counts[i][c] = self.counts[2 * i][c] + self.counts[2 * i + 1][c];
            }
        }
        for i in BINS / 2..BINS {
            self.area[i] = [0; GAUGES];
            self.peak[i] = [0; GAUGES];
            self.counts[i] = [0; COUNTERS];
        }
        self.bin_ns *= 2;
        self.bin = BINS / 2 - 1;
    }

    /// The finished series up to `end_ns` (≤ the last `advance`), for charts and CSV.
    /// A gauge's level counts in the current bin up to `end_ns`, or up to its
    /// last change or the time the run entered the bin if that is later.
    pub fn export(&self, end_ns: u64) -> SeriesOut {
        if !self.tracked {
            return SeriesOut {
                bin_ms: self.bin_ns as f64 / 1e6,
                bins: 0,
                gauges: Vec::new(),
                counters: Vec::new(),
            };
        }
        let mut cur = self.bin_area;
        for (g, area) in cur.iter_mut().enumerate() {
            let until = end_ns.max(self.changed_ns[g]).max(self.entered_ns);
            let unheld = level_times_ns(self.current[g], self.bin_end_ns - until);
            *area = area.wrapping_sub(unheld);
        }
        let used = (end_ns.div_ceil(self.bin_ns) as usize).clamp(1, BINS);
        let area_of = |b: usize, g: usize| {
            if b == self.bin {
                cur[g]
            } else {
                self.area[b][g]
            }
        };
        let bin_s = self.bin_ns as f64 / 1e9;
        let gauges = (0..GAUGES)
            .map(|g| GaugeSeries {
                name: GAUGE_NAMES[g],
                mean: (0..used)
                    .map(|b| (area_of(b, g) as f64 / self.bin_ns as f64) as f32)
                    .collect(),
                peak: (0..used).map(|b| self.peak_of(b)[g]).collect(),
            })
            .collect();
        let counters = (0..COUNTERS)
            .map(|c| CounterSeries {
                name: COUNTER_NAMES[c],
                per_s: (0..used)
                    .map(|b| (self.counts_of(b)[c] as f64 / bin_s) as f32)
                    .collect(),
            })
            .collect();
        SeriesOut {
            bin_ms: self.bin_ns as f64 / 1e6,
            bins: used,
            gauges,
            counters,
        }
    }
}

impl Series {
    /// Peaks of bin `b` (the current one is held apart while the run is in it).
    fn peak_of(&self, b: usize) -> &[u32; GAUGES] {
        if b == self.bin {
            &self.bin_peak
        } else {
            &self.peak[b]
        }
    }

    fn counts_of(&self, b: usize) -> &[u32; COUNTERS] {
        if b == self.bin {
            &self.bin_counts
        } else {
            &self.counts[b]
        }
    }
}

/// One gauge over time: time-weighted mean and peak per bin.
#[derive(Clone, Debug, Serialize)]
pub struct GaugeSeries {
    pub name: &'static str,
    pub mean: Vec<f32>,
    pub peak: Vec<u32>,
}

/// One counter over time, as a rate per second per bin.
#[derive(Clone, Debug, Serialize)]
pub struct CounterSeries {
    pub name: &'static str,
    pub per_s: Vec<f32>,
}

/// All series of a run. Bin `i` covers `[i·bin_ms, (i+1)·bin_ms)`.
#[derive(Clone, Debug, Serialize)]
pub struct SeriesOut {
    pub bin_ms: f64,
    pub bins: usize,
    pub gauges: Vec<GaugeSeries>,
    pub counters: Vec<CounterSeries>,
}

impl SeriesOut {
    pub fn gauge(&self, name: &str) -> Option<&GaugeSeries> {
        self.gauges.iter().find(|g| g.name == name)
    }
    pub fn counter(&self, name: &str) -> Option<&CounterSeries> {
        self.counters.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_keeps_the_signed_correction_and_the_peak() {
        // The area and peak `set` keeps, against the first formulation:
        // area += (value − old)·left in wrapping u128, peak = max(peak, value).
        for (i, g) in GAUGES_IN_ORDER.iter().enumerate() {
            assert_eq!(*g as usize, i);
        }
        let mut s = Series::default();
        let mut area = [0u128; GAUGES];
        let mut peak = [0u32; GAUGES];
        let mut cur = [0u32; GAUGES];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut now = 0;
        s.advance(now);
        for _ in 0..900 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let g = (x % GAUGES as u64) as usize;
            let value = match x >> 60 {
                0 => u32::MAX,
                1 => 0,
                _ => (x >> 8) as u32 % 50,
            };
            now += (x >> 40) % 2; // 900 steps stay in the first bin
            assert!(now < FIRST_BIN_NS);
            s.advance(now);
            let delta = (value as u128).wrapping_sub(cur[g] as u128);
            area[g] = area[g].wrapping_add(delta.wrapping_mul(s.left_ns as u128));
            peak[g] = peak[g].max(value);
            cur[g] = value;
            s.set(GAUGES_IN_ORDER[g], value);
            assert_eq!((s.bin_area, s.bin_peak, s.current), (area, peak, cur));
        }
    }

    const GAUGES_IN_ORDER: [Gauge; GAUGES] = [
        Gauge::InFlight,
        Gauge::PoolWaiters,
        Gauge::SemaphoreWaiters,
        Gauge::LimiterWaiters,
        Gauge::ServerQueue,
        Gauge::ServerBusy,
        Gauge::ConnInUse,
        Gauge::ConnIdle,
        Gauge::ConnConnecting,
        Gauge::ConnTimeWait,
        Gauge::RetryBackoff,
    ];

    #[test]
    fn gauge_area_survives_merging() {
        let mut s = Series::default();
        s.advance(0);
        s.set(Gauge::InFlight, 10);
        s.advance(3_000_000); // 3 ms: forces merges (512 µs initial span)
        s.set(Gauge::InFlight, 0);
        s.count(Counter::Completed);
        s.advance(4_000_000);
        let out = s.export(4_000_000);
        let g = out.gauge("in_flight").unwrap();
        let bin_ns = out.bin_ms * 1e6;
        let total: f64 = g.mean.iter().map(|m| *m as f64 * bin_ns).sum();
        assert!((total - 10.0 * 3e6).abs() < 1.0, "area {total}");
        assert_eq!(*g.peak.iter().max().unwrap(), 10);
        let done: f64 = out
            .counter("completed")
            .unwrap()
            .per_s
            .iter()
            .map(|r| *r as f64 * out.bin_ms / 1e3)
            .sum();
        assert!((done - 1.0).abs() < 1e-6);
    }
}
