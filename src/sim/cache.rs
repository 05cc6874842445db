//! The simulator's side of the cache in front of the backend (`src/cache.rs`):
//! which key an attempt asks for, its TTL jitter, and what the lookup does to
//! the service time. A hit is served in `cache.hit_ms`; a request joining a
//! load in progress (single flight) holds its worker until that load is done,
//! then is served like a hit; a miss takes the drawn service time and counts
//! as a backend load.

use super::Sim;
use crate::cache::Config as CacheConfig;
use crate::cache::{Cache, Lookup};
use crate::rng::{mix, unit, Seeds, Stream};
use crate::stats::Counter;
use crate::time::{ms_to_ns, secs_to_ns};

/// The cache and its settings in nanoseconds.
pub(super) struct CacheState {
    cache: Cache,
    keys: u32,
    hit_ns: u64,
    ttl_ns: u64,
    jitter_min_ns: u64,
    jitter_span_ns: u64,
}

impl CacheState {
    /// The cache a scenario asks for (`None` when `cache.enabled` is false), warmed at t = 0 if asked.
    pub(super) fn build(cfg: &CacheConfig, seeds: &Seeds) -> Option<CacheState> {
        if !cfg.enabled {
            return None;
        }
        let jitter_min_ns = secs_to_ns(cfg.ttl_jitter_min_s);
        let mut st = CacheState {
            cache: Cache::new(cfg.keys, cfg.stampede_protection),
            keys: cfg.keys.max(1),
            hit_ns: ms_to_ns(cfg.hit_ms),
            ttl_ns: secs_to_ns(cfg.ttl_s),
            jitter_min_ns,
            jitter_span_ns: secs_to_ns(cfg.ttl_jitter_max_s).saturating_sub(jitter_min_ns),
        };
        if cfg.warm {
            let (base, min, span) = (st.ttl_ns, st.jitter_min_ns, st.jitter_span_ns);
            st.cache
                .warm(0, |k| base + min + jitter(seeds, k as u64, 0, span));
        }
        Some(st)
    }
}

impl CacheState {
    /// Bytes the cache holds: one entry per key, fixed for the run.
    pub(super) fn bytes(&self) -> usize {
        self.cache.bytes()
    }
}

/// A uniform jitter in [0, span] ns for the load of `key` at `now_ns`.
fn jitter(seeds: &Seeds, key: u64, now_ns: u64, span_ns: u64) -> u64 {
    if span_ns == 0 {
        return 0;
    }
    let u = unit(&mut seeds.keyed(Stream::CacheTtl, mix(key) ^ now_ns));
    (u * span_ns as f64).round() as u64
}

impl Sim {
    /// The service time of an attempt starting now with a drawn backend time
    /// `load_ns`, after asking the cache (unchanged when there is no cache).
    pub(super) fn cached_service_ns(&mut self, index: u64, load_ns: u64) -> u64 {
        let now = self.now;
        let seeds = self.seeds;
        let Some(st) = self.cache.as_mut() else {
            return load_ns;
        };
        let key = (unit(&mut seeds.keyed(Stream::CacheKey, index)) * st.keys as f64) as u32;
        let key = key.min(st.keys - 1);
        let ttl_ns =
            st.ttl_ns + st.jitter_min_ns + jitter(&seeds, key as u64, now, st.jitter_span_ns);
        let found = st.cache.lookup(key, now, load_ns, ttl_ns);
        self.metrics.cache = st.cache.counts();
        match found {
            Lookup::Hit => st.hit_ns.max(1),
            Lookup::Join { ready_ns } => (ready_ns - now + st.hit_ns).max(1),
            Lookup::Miss => {
                self.metrics.series.count(Counter::BackendLoads);
                load_ns
            }
        }
    }
}
