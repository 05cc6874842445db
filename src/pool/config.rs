//! The `pool` section: the connection pool's knobs. Defaults are aiohttp's
//! `TCPConnector`; `pool.preset` loads another library's (`scenario/presets.rs`).
//! Run-time units (nanoseconds) come from methods such as `keepalive_ns`.

use crate::schema::fields::check_section;
use crate::schema::ConfigError;
use crate::time::secs_to_ns;
use serde::{Deserialize, Serialize};

/// Fields that belong to the network, the OS, the peer or the application,
/// not to a client library: a library preset (`scenario/presets.rs`) leaves
/// them as they are, and sets every other field (`preset` is its own name).
pub const NOT_LIBRARY: &[&str] = &[
    "preset",
    "connect_ms",
    "time_wait_s",
    "leak_probability",
    "peer_idle_close_s",
];

/// What `pool.limit` counts.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LimitCounts {
    /// In use + connecting; idle connections are free (aiohttp).
    Acquired,
    /// Every open connection, idle ones included (httpx, Go `MaxConnsPerHost`, database/sql).
    Open,
}

/// What a request does when the pool is at its limit.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnFull {
    /// Wait for a connection (aiohttp, httpx, Go, database/sql).
    Wait,
    /// Open an extra connection anyway; it is discarded on return (urllib3 `block=False`).
    Overflow,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    Fifo,
    Lifo,
    /// A waiter picked at random (Go database/sql hands connections to a random waiter).
    Random,
}

/// The connection pool. Defaults are aiohttp's `TCPConnector`; `preset` loads another library's.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The library preset these values came from (informational once applied; see `scenario/presets.rs`).
    pub preset: String,
    /// Cap on connections across all hosts (what it counts: `limit_counts`); 0 = none.
    pub limit: u32,
    /// Cap on acquired connections per host; 0 = none.
    pub limit_per_host: u32,
    /// Idle connections older than this are closed (aiohttp: 15 s).
    pub keepalive_timeout_s: f64,
    /// Close every connection after its response instead of keeping it alive.
    pub force_close: bool,
    /// Time to open a connection (TCP handshake, plus TLS if any), in milliseconds.
    pub connect_ms: f64,
    pub limit_counts: LimitCounts,
    pub on_full: OnFull,
    /// Idle connections kept per host; extra ones are closed on return (Go: 2; 0 = no cap).
    pub max_idle_per_host: u32,
    /// Idle connections kept in all; 0 = no cap.
    pub max_idle: u32,
    /// httpcore 1.0.9's bug: `max_idle` is compared with *all* connections, not idle ones.
    pub max_idle_counts_all: bool,
    /// Which idle connection is reused first: fifo (oldest, aiohttp ≥ 3.11) or lifo (most recent).
    pub idle_order: Order,
    /// Which waiter a freed connection goes to: fifo, or random (database/sql).
    pub waiter_order: Order,
    /// Go's dial race: a waiting request also dials; the loser goes idle or is closed.
    pub dial_race: bool,
    /// Time from a response read completing to its connection being idle and
    /// available again, in microseconds (Go's read loop puts it back after
    /// the goroutine already asked for its next one); 0 = at once.
    pub put_back_us: f64,
    /// Connections older than this are closed when released; 0 = no limit (HikariCP: 30 min).
    pub max_lifetime_s: f64,
    /// How long a connection closed by the client stays in TIME_WAIT (Linux: 60 s).
    pub time_wait_s: f64,
    /// Share of responses whose connection is never released (a leak).
    pub leak_probability: f64,
    /// The server closes a connection idle on its side this long after its
    /// response (nginx `keepalive_timeout` 75 s); 0 = never. A leaked
    /// connection it closes sits in CLOSE_WAIT on the client.
    pub peer_idle_close_s: f64,
}

impl Default for Config {
    /// aiohttp `TCPConnector()` defaults (connector.py: limit=100,
    /// limit_per_host=0, keepalive_timeout=15.0, force_close=False).
    fn default() -> Self {
        Config {
            limit: 100,
            limit_per_host: 0,
            keepalive_timeout_s: 15.0,
            force_close: false,
            connect_ms: 1.0,
            preset: String::new(),
            limit_counts: LimitCounts::Acquired,
            on_full: OnFull::Wait,
            max_idle_per_host: 0,
            max_idle: 0,
            max_idle_counts_all: false,
            idle_order: Order::Fifo,
            waiter_order: Order::Fifo,
            dial_race: false,
            put_back_us: 0.0,
            max_lifetime_s: 0.0,
            time_wait_s: 60.0,
            leak_probability: 0.0,
            peer_idle_close_s: 0.0,
        }
    }
}

impl Config {
    /// `keepalive_timeout_s` in nanoseconds.
    pub fn keepalive_ns(&self) -> u64 {
        secs_to_ns(self.keepalive_timeout_s)
    }

    /// `max_lifetime_s` in nanoseconds (0 = no limit).
    pub fn max_lifetime_ns(&self) -> u64 {
        secs_to_ns(self.max_lifetime_s)
    }

    /// `put_back_us` in nanoseconds (0 = a read connection is available at once).
    pub fn put_back_ns(&self) -> u64 {
        (self.put_back_us * 1e3).round() as u64
    }

    /// `time_wait_s` in nanoseconds.
    pub fn time_wait_ns(&self) -> u64 {
        secs_to_ns(self.time_wait_s)
    }

    /// `peer_idle_close_s` in nanoseconds (0 = the peer never closes).
    pub fn peer_idle_close_ns(&self) -> u64 {
        secs_to_ns(self.peer_idle_close_s)
    }

    /// Checks every field against its row in the field table (`schema/fields.rs`).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let value = serde_json::to_value(self).unwrap_or_default();
        check_section("pool", &value)
    }
}
