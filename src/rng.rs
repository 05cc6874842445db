//! Seeded random streams. One scenario seed is split into named streams so that
//! changing one knob does not reshuffle the draws of another (common random
//! numbers).
//!
//! Algorithm (fixed, part of the engine version): each stream is a
//! `Xoshiro256PlusPlus` (crate `rand_xoshiro`) seeded through
//! `SeedableRng::seed_from_u64` (SplitMix64 expansion) with
//! `mix(seed ^ fnv1a(stream name) ^ mix(key))`. Sequential streams use key 0;
//! per-request draws use the request's workload index as the key, so the
//! service time of request #i is the same whatever order requests reach the
//! server in.
//!
//! Architecture Invariant: nothing in the core draws randomness except through
//! this module, and no OS entropy is ever used.

pub mod ziggurat;

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator behind every stream.
pub type StreamRng = Xoshiro256PlusPlus;

/// Named random streams. The name is hashed into the seed, so adding a stream
/// never changes the draws of the existing ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Open-loop inter-arrival times.
    Arrivals,
    /// Per-request server service time (keyed by request index).
    Service,
    /// Per-request host choice for weighted host spreading (keyed).
    Host,
    /// Which host's waiters a freed slot wakes (aiohttp shuffles host keys).
    PoolWake,
    /// Per-request fault draws: errors, leaks (keyed).
    Faults,
    /// Retry backoff jitter (keyed by request index and attempt).
    Jitter,
    /// Which requests are kept for the waterfall sample.
    Sample,
    /// Which cache key a request asks for (keyed by request index).
    CacheKey,
    /// The TTL jitter of each cache load (keyed by key and load time).
    CacheTtl,
    /// Network hop times (keyed by request index, attempt and hop).
    Network,
}

/// Every stream, in declaration order (index = `stream as usize`).
const STREAMS: [Stream; 10] = [
    Stream::Arrivals,
    Stream::Service,
    Stream::Host,
    Stream::PoolWake,
    Stream::Faults,
    Stream::Jitter,
    Stream::Sample,
    Stream::CacheKey,
    Stream::CacheTtl,
    Stream::Network,
];

impl Stream {
    fn name(self) -> &'static str {
        match self {
            Stream::Arrivals => "arrivals",
            Stream::Service => "service",
            Stream::Host => "host",
            Stream::PoolWake => "pool-wake",
            Stream::Faults => "faults",
            Stream::Jitter => "jitter",
            Stream::Sample => "sample",
            Stream::CacheKey => "cache-key",
            Stream::CacheTtl => "cache-ttl",
            Stream::Network => "network",
        }
    }
}

/// FNV-1a over bytes: a fixed, documented hash for stream names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64's finaliser: a bijective 64-bit mixer.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The seed of a run and the factory of its streams.
#[derive(Clone, Copy, Debug)]
pub struct Seeds {
    /// `seed ^ fnv1a(stream name)` per stream, hashed once (keyed streams are
    /// seeded per request).
    base: [u64; STREAMS.len()],
}

impl Seeds {
    pub fn new(seed: u64) -> Self {
        Seeds {
            base: STREAMS.map(|s| seed ^ fnv1a(s.name().as_bytes())),
        }
    }

    /// A sequential stream (key 0).
    pub fn stream(&self, stream: Stream) -> StreamRng {
        self.keyed(stream, 0)
    }

    /// A stream for one key (for example one request), independent of every other key.
    #[inline]
    pub fn keyed(&self, stream: Stream, key: u64) -> StreamRng {
        StreamRng::seed_from_u64(self.keyed_seed(stream, key))
    }

    /// The same draws as `keyed`, cheaper when only one or two are taken.
    #[inline]
    pub fn keyed_draws(&self, stream: Stream, key: u64) -> KeyedRng {
        KeyedRng {
            seed: self.keyed_seed(stream, key),
            drawn_first: false,
            full: None,
        }
    }

    #[inline]
    fn keyed_seed(&self, stream: Stream, key: u64) -> u64 {
        mix(self.base[stream as usize] ^ mix(key))
    }
}

/// A keyed stream that computes only what its draws need: the same numbers
/// as `Seeds::keyed` (see `Seeds::keyed_draws`).
///
/// Xoshiro256++'s first output reads only words 0 and 3 of its state, and
/// SplitMix64's k-th output is `mix(seed + (k − 1)·γ)`: so the first draw
/// costs two mixes instead of seeding all four words. A second draw seeds
/// the whole generator and steps past the first output.
#[derive(Clone, Debug)]
pub struct KeyedRng {
    /// The SplitMix64 seed of the stream.
    seed: u64,
    drawn_first: bool,
    full: Option<StreamRng>,
}

/// SplitMix64's increment (γ).
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

impl KeyedRng {
    /// The first output of `StreamRng::seed_from_u64(seed)`.
    #[inline]
    fn first_output(seed: u64) -> u64 {
        let s0 = mix(seed);
        let s3 = mix(seed.wrapping_add(GAMMA.wrapping_mul(3)));
        s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0)
    }

    #[cold]
    fn later_output(&mut self) -> u64 {
        let rng = self.full.get_or_insert_with(|| {
            let mut rng = StreamRng::seed_from_u64(self.seed);
            rng.next_u64();
            rng
        });
        rng.next_u64()
    }
}

impl rand::TryRng for KeyedRng {
    type Error = core::convert::Infallible;

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        if !self.drawn_first {
            self.drawn_first = true;
            return Ok(Self::first_output(self.seed));
        }
        Ok(self.later_output())
    }

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        // As Xoshiro256++: the upper half of the next 64-bit output.
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

/// A uniform draw in [0, 1) with 53 bits of precision.
pub fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform draw in (0, 1]: safe to take the logarithm of.
pub fn unit_open0<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    1.0 - unit(rng)
}

/// An exponential draw with the given mean (in any unit), by the ziggurat method.
pub fn exponential<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> f64 {
    mean * ziggurat::standard_exponential(rng)
}

/// A standard normal draw (Box-Muller, one of the pair; `libm` so native and wasm agree).
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = unit_open0(rng);
    let u2 = unit(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_table_matches_the_enum() {
        for (i, s) in STREAMS.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let s = Seeds::new(7);
        let a1 = s.stream(Stream::Arrivals).next_u64();
        let a2 = s.stream(Stream::Arrivals).next_u64();
        let b = s.stream(Stream::Service).next_u64();
        assert_eq!(a1, a2);
        assert_ne!(a1, b);
        assert_ne!(
            s.keyed(Stream::Service, 1).next_u64(),
            s.keyed(Stream::Service, 2).next_u64()
        );
    }

    #[test]
    fn keyed_draws_match_the_keyed_stream() {
        let s = Seeds::new(42);
        for key in (0..2_000u64).chain([u64::MAX, 1 << 63]) {
            let mut full = s.keyed(Stream::Service, key);
            let mut lazy = s.keyed_draws(Stream::Service, key);
            for _ in 0..(1 + key % 4) {
                assert_eq!(lazy.next_u64(), full.next_u64(), "key {key}");
            }
        }
        let mut full = s.keyed(Stream::Faults, 9);
        let mut lazy = s.keyed_draws(Stream::Faults, 9);
        assert_eq!(
            (exponential(&mut lazy, 3.0), standard_normal(&mut lazy)),
            (exponential(&mut full, 3.0), standard_normal(&mut full))
        );
    }

    #[test]
    fn exponential_mean_is_close() {
        let mut r = Seeds::new(1).stream(Stream::Arrivals);
        let n = 200_000;
        let mean: f64 = (0..n).map(|_| exponential(&mut r, 2.0)).sum::<f64>() / n as f64;
        assert!((mean - 2.0).abs() < 0.02, "mean {mean}");
    }

    #[test]
    fn normal_has_unit_variance() {
        let mut r = Seeds::new(3).stream(Stream::Service);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| standard_normal(&mut r)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.01 && (v - 1.0).abs() < 0.02, "m {m} v {v}");
    }
}
