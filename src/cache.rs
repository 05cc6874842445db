//! A cache in front of the server's backend (a Redis in front of a database,
//! say): every request asks for one key; a fresh entry answers in `hit_ms`,
//! a missing or expired one is loaded by the backend (the server's normal
//! service time) and then kept for a TTL of `ttl_s` plus a random jitter in
//! `[ttl_jitter_min_s, ttl_jitter_max_s]`.
//!
//! Without jitter, keys loaded together expire together: a synchronised
//! expiry stampede sends every key to the backend at once. With jitter the
//! misses spread out. With `stampede_protection` (single flight) a request
//! for a key that is already loading waits for that load instead of starting
//! its own.
//!
//! A state machine: it answers what a lookup finds and records the load; the
//! simulator turns the answer into a service time. The TTL jitter is drawn by
//! the caller (named stream `cache-ttl`, keyed by key and load) and passed in.
//!
//! Architecture Invariant: memory is one entry per key (`keys` is bounded by
//! validation), whatever the number of requests; time never goes back.

pub mod config;

pub use config::Config;

/// What a lookup of one key found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A fresh entry: answered from the cache.
    Hit,
    /// Missing or expired: this request loads it from the backend.
    Miss,
    /// Single flight: another request is loading it; wait until `ready_ns`.
    Join { ready_ns: u64 },
}

#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    /// When the current load finishes (the value is there from then on).
    ready_ns: u64,
    /// When it expires (0 = never loaded).
    expires_ns: u64,
}

/// Counts of what lookups found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheCounts {
    pub hits: u64,
    pub misses: u64,
    pub joins: u64,
}

pub struct Cache {
    entries: Vec<Entry>,
    protection: bool,
    counts: CacheCounts,
    last_ns: u64,
}

impl Cache {
    /// A cache of `keys` keys, all empty; `protection` turns on single flight.
    pub fn new(keys: u32, protection: bool) -> Cache {
        Cache {
            entries: vec![Entry::default(); keys as usize],
            protection,
            counts: CacheCounts::default(),
            last_ns: 0,
        }
    }

    /// Marks every key loaded at `now_ns`, each with its own TTL (a warm start).
    pub fn warm(&mut self, now_ns: u64, mut ttl_ns: impl FnMut(u32) -> u64) {
        for (k, e) in self.entries.iter_mut().enumerate() {
            e.ready_ns = now_ns;
            e.expires_ns = now_ns.saturating_add(ttl_ns(k as u32));
        }
    }

    /// A request for `key` at `now_ns`. On a miss the request loads the key:
    /// the load takes `load_ns` and the entry then lives `ttl_ns`.
    pub fn lookup(&mut self, key: u32, now_ns: u64, load_ns: u64, ttl_ns: u64) -> Lookup {
        debug_assert!(now_ns >= self.last_ns, "time went back");
        self.last_ns = now_ns;
        let Some(e) = self.entries.get_mut(key as usize) else {
            self.counts.misses += 1;
            return Lookup::Miss;
        };
        let loading = now_ns < e.ready_ns;
        if loading && self.protection {
            self.counts.joins += 1;
            return Lookup::Join {
                ready_ns: e.ready_ns,
            };
        }
        if !loading && now_ns < e.expires_ns {
            self.counts.hits += 1;
            return Lookup::Hit;
        }
        self.counts.misses += 1;
        e.ready_ns = now_ns.saturating_add(load_ns);
        e.expires_ns = e.ready_ns.saturating_add(ttl_ns);
        Lookup::Miss
    }

    /// Bytes of the entries (one per key).
    pub fn bytes(&self) -> usize {
        self.entries.len() * std::mem::size_of::<Entry>()
    }

    pub fn counts(&self) -> CacheCounts {
        self.counts
    }
}

impl CacheCounts {
    /// Hits (joins count as served by the cache) over all lookups; 0 before any.
    pub fn hit_ratio(&self) -> f64 {
        let all = self.hits + self.misses + self.joins;
        if all == 0 {
            0.0
        } else {
            (self.hits + self.joins) as f64 / all as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000_000;

    #[test]
    fn a_miss_loads_then_hits_until_the_ttl() {
        let mut c = Cache::new(2, false);
        assert_eq!(c.lookup(0, 0, S, 10 * S), Lookup::Miss);
        // Loaded at 1 s, fresh until 11 s.
        assert_eq!(c.lookup(0, 2 * S, S, 10 * S), Lookup::Hit);
        assert_eq!(c.lookup(0, 11 * S - 1, S, 10 * S), Lookup::Hit);
        assert_eq!(c.lookup(0, 11 * S, S, 10 * S), Lookup::Miss);
        assert_eq!(
            c.lookup(1, 11 * S, S, 10 * S),
            Lookup::Miss,
            "keys are separate"
        );
        assert_eq!(
            c.counts(),
            CacheCounts {
                hits: 2,
                misses: 3,
                joins: 0
            }
        );
    }

    #[test]
    fn without_protection_concurrent_misses_all_load() {
        let mut c = Cache::new(1, false);
        for t in 0..5 {
            assert_eq!(c.lookup(0, t, S, 10 * S), Lookup::Miss, "t={t}");
        }
        assert_eq!(c.counts().misses, 5);
    }

    #[test]
    fn single_flight_joins_the_load_in_progress() {
        let mut c = Cache::new(1, true);
        assert_eq!(c.lookup(0, 0, S, 10 * S), Lookup::Miss);
        for t in 1..5 {
            assert_eq!(c.lookup(0, t, S, 10 * S), Lookup::Join { ready_ns: S });
        }
        assert_eq!(c.lookup(0, S, S, 10 * S), Lookup::Hit);
        assert_eq!(
            c.counts(),
            CacheCounts {
                hits: 1,
                misses: 1,
                joins: 4
            }
        );
        assert_eq!(c.counts().hit_ratio(), 5.0 / 6.0);
    }

    #[test]
    fn a_warm_start_without_jitter_expires_every_key_at_once() {
        let mut c = Cache::new(100, false);
        c.warm(0, |_| 60 * S);
        let misses_at = |c: &mut Cache, t: u64| {
            (0..100)
                .filter(|&k| c.lookup(k, t, S, 60 * S) == Lookup::Miss)
                .count()
        };
        assert_eq!(misses_at(&mut c, 60 * S - 1), 0);
        assert_eq!(misses_at(&mut c, 60 * S), 100, "all expire together");
        let mut j = Cache::new(100, false);
        j.warm(0, |k| 60 * S + k as u64 * S); // spread over 100 s
        assert_eq!(misses_at(&mut j, 60 * S), 1, "only key 0 is due");
    }
}
