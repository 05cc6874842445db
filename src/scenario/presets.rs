//! Library presets: the real defaults of the clients and pools we model, as
//! scenario settings. `--set pool.preset=NAME` (or `"preset"` in a file's
//! `pool` section) lays one of them over a scenario; `poolsim presets` lists them.
//!
//! Every value cites where it comes from: "ref: repo path:line" is the
//! source line as quoted in the project's shared reference
//! `reference/library-defaults.md` ("§N" names its section, as in
//! "library-defaults.md §1"); values that the reference does not list say
//! where they were read instead, or say "not modelled".
//!
//! What a preset sets:
//! - pool presets are typed (`PoolPreset`: a `pool::Config` and the
//!   `Timeouts`), so a misspelt knob or variant does not compile. They set
//!   every `pool.*` knob that is a library behaviour (not those listed in
//!   `pool::NOT_LIBRARY`: `connect_ms`, `time_wait_s`, `leak_probability`,
//!   `peer_idle_close_s`, which belong to the network, the OS, the peer and
//!   the application) and all four `timeouts.*` (0 where the library has no
//!   such timeout by default), so the result does not depend on what the
//!   scenario had before;
//! - retry presets (botocore, gRPC) set the whole `retry.*` section (and
//!   `limiter.kind` / `limiter.mode` for botocore's adaptive mode) and leave
//!   the pool alone.
//!
//! Both kinds set `pool.preset` to their own name.
//!
//! "No idle timeout" is written as `keepalive_timeout_s = 86400` (one day,
//! the largest value `validate` accepts): in `pool.rs` a keep-alive of 0 means
//! "never reuse", not "never expire".
//!
//! The tension with "a new knob touches at most 4 files": each pool preset
//! ends in `..pool::Config::default()`, so a new pool knob takes its default
//! in every preset without an edit here (a new non-library knob is listed in
//! `pool::NOT_LIBRARY` instead, next to its field). The price: the compiler
//! no longer forces a preset to decide on a new library knob; give it a
//! value here when the library's default differs from ours. Retry and CPU
//! presets are typed the same way (`RetryPreset`: the whole `retry::Config`,
//! so gRPC's disabled budget carries our default sizes); the CPU presets are
//! still (path, JSON text) lists. The tests below check every path and value
//! against the reference table.
//!
//! Architecture Invariant: a preset only sets fields that exist; each one
//! applies to every shipped scenario and the result validates (tested below).

use super::{
    set_path, Backoff, ConfigError, Jitter, LimitCounts, LimiterKind, LimiterMode, OnFull, Order,
    RetryBudget, RetryOn, Timeouts,
};
use crate::{pool, retry};
use std::fmt::Write as _;

/// One library's defaults.
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub library: &'static str,
    pub summary: &'static str,
    pub sets: Sets,
}

/// What a preset sets.
#[derive(Debug)]
pub enum Sets {
    /// A pool preset: the typed pool `Config` (its library knobs) and the four timeouts.
    Pool(Box<PoolPreset>),
    /// A retry preset: the typed `retry::Config` and, for a client-side
    /// limiter, its kind and mode.
    Retry(Box<RetryPreset>),
    /// Dotted scenario paths and JSON value text (CPU presets).
    Settings(&'static [(&'static str, &'static str)]),
}

/// A retry library's policy, typed.
#[derive(Debug)]
pub struct RetryPreset {
    pub retry: retry::Config,
    pub limiter: Option<(LimiterKind, LimiterMode)>,
}

/// A pool library's defaults, typed: a misspelt field or a wrong variant is
/// a compile error.
#[derive(Debug)]
pub struct PoolPreset {
    pub pool: pool::Config,
    pub timeouts: Timeouts,
}

impl Preset {
    /// The preset as (dotted path, JSON value text) pairs, in the order they
    /// are applied: a pool preset sets `pool.preset`, every pool field but
    /// those of `pool::NOT_LIBRARY`, and the four timeouts.
    pub fn settings(&self) -> Vec<(String, String)> {
        match &self.sets {
            Sets::Settings(list) => list
                .iter()
                .map(|(p, v)| (p.to_string(), v.to_string()))
                .collect(),
            Sets::Pool(p) => {
                let mut out = vec![("pool.preset".to_string(), format!("{:?}", self.name))];
                out.extend(section("pool", &p.pool, pool::NOT_LIBRARY));
                out.extend(section("timeouts", &p.timeouts, &[]));
                out
            }
            Sets::Retry(r) => {
                let mut out = vec![("pool.preset".to_string(), format!("{:?}", self.name))];
                out.extend(section("retry", &r.retry, &[]));
                if let Some((kind, mode)) = r.limiter {
                    let limiter = crate::limiter::Config {
                        kind,
                        mode,
                        ..Default::default()
                    };
                    out.extend(
                        section("limiter", &limiter, &[])
                            .into_iter()
                            .filter(|(p, _)| p == "limiter.kind" || p == "limiter.mode"),
                    );
                }
                out
            }
        }
    }
}

/// A section's fields as (`section.field`, JSON text), skipping `except`;
/// a nested section (`retry.budget`) is listed field by field.
fn section(name: &str, value: &impl serde::Serialize, except: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(value) {
        flatten(name, fields, except, &mut out);
    }
    out
}

fn flatten(
    name: &str,
    fields: serde_json::Map<String, serde_json::Value>,
    except: &[&str],
    out: &mut Vec<(String, String)>,
) {
    for (k, v) in fields
        .into_iter()
        .filter(|(k, _)| !except.contains(&k.as_str()))
    {
        match v {
            serde_json::Value::Object(inner) => flatten(&format!("{name}.{k}"), inner, &[], out),
            v => out.push((format!("{name}.{k}"), v.to_string())),
        }
    }
}

/// aiohttp 3.14.3 `ClientSession()` → `TCPConnector()` + `DEFAULT_TIMEOUT`.
fn aiohttp() -> Preset {
    Preset {
        name: "aiohttp",
        library: "aiohttp 3.14.3 TCPConnector() with ClientSession's DEFAULT_TIMEOUT",
        summary:
            "100 acquired connections in total (idle ones free and uncapped); request 101 waits \
                  FIFO per host, bounded only by total=300 s; oldest idle connection reused first.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: aiohttp connector.py:282 `limit=100`
                limit: 100,
                // ref: connector.py:585 the limit caps len(self._acquired): in use + dialling
                limit_counts: LimitCounts::Acquired,
                // ref: connector.py:283 `limit_per_host=0` (no per-host cap)
                limit_per_host: 0,
                // ref: connector.py:294-296 keepalive_timeout sentinel → 15.0 s
                keepalive_timeout_s: 15.0,
                // ref: connector.py:281 `force_close=False`
                force_close: false,
                // ref: connector.py:682-723 a request over the limit waits on a future
                on_full: OnFull::Wait,
                // ref: §0 finding 1: the idle pool has no size cap; only the 15 s sweep removes idle
                // connections
                max_idle_per_host: 0,
                max_idle: 0,
                max_idle_counts_all: false,
                // ref: connector.py:306-310, :736, :826 deque: append right, popleft (oldest first),
                // since 3.11
                idle_order: Order::Fifo,
                // ref: connector.py:323, :766-791 FIFO per host (the random host shuffle is the pool's own)
                waiter_order: Order::Fifo,
                // no dial race: a waiter only waits (connector.py:682-723)
                dial_race: false,
                // aiohttp has no connection-lifetime setting (none in the reference)
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // ref: client.py:231-236 ClientTimeout `connect=None`: a pool wait is bounded only by total
                pool_acquire_ms: 0.0,
                // ref: client.py:231-236 DEFAULT_TIMEOUT `sock_connect=30` (since 3.10.9)
                connect_ms: 30000.0,
                // ref: client.py:231-236 `sock_read=None`
                attempt_ms: 0.0,
                // ref: client.py:231-236 DEFAULT_TIMEOUT `total=5*60`
                total_ms: 300000.0,
            },
        })),
    }
}

/// httpx 0.28.1 `Client()` over httpcore 1.0.9.
fn httpx() -> Preset {
    Preset {
        name: "httpx",
        library: "httpx 0.28.1 Client() (httpcore 1.0.9 connection pool)",
        summary: "100 connections in the whole pool, idle ones included; a 5 s PoolTimeout; \
                  httpcore's bug closes any connection going idle once more than 20 exist.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: httpx _config.py:247 Limits(max_connections=100): a cap on the whole pool
                limit: 100,
                // ref: httpcore connection_pool.py:302-336 new connection only if len(connections) < max
                limit_counts: LimitCounts::Open,
                // ref: §1 "A cap on the whole pool, across all origins" (no per-host cap)
                limit_per_host: 0,
                // ref: _config.py:178 keepalive_expiry=5.0 s
                keepalive_timeout_s: 5.0,
                force_close: false,
                // ref: connection_pool.py:221 requests queue and wait
                on_full: OnFull::Wait,
                max_idle_per_host: 0,
                // ref: _config.py:247 max_keepalive_connections=20
                max_idle: 20,
                // ref: connection_pool.py:292-297 compares the total number of connections with 20
                max_idle_counts_all: true,
                // ref: §4 httpcore takes the first available connection in creation order
                // (≈ oldest first)
                idle_order: Order::Fifo,
                // ref: connection_pool.py:221 `self._requests.append(...)`, assigned in list order
                waiter_order: Order::Fifo,
                dial_race: false,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // ref: _config.py:127-130, :246 Timeout(timeout=5.0): pool, connect, read all 5 s
                pool_acquire_ms: 5000.0,
                connect_ms: 5000.0,
                // read=5 s is per read; with one response per attempt it bounds the attempt
                attempt_ms: 5000.0,
                // httpx has no whole-request timeout
                total_ms: 0.0,
            },
        })),
    }
}

/// requests 2.34.2 `Session()` → `HTTPAdapter()` → urllib3 2.7.0.
fn requests() -> Preset {
    Preset {
        name: "requests",
        library: "requests 2.34.2 Session() / HTTPAdapter() over urllib3 2.7.0",
        summary:
            "Never blocks: 10 connections kept per host (maxsize), the 11th concurrent request \
                  opens an extra one that is closed on return (\"Connection pool is full\").",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // no total cap (pool_connections=10 is an LRU of host pools, not a connection cap)
                limit: 0,
                limit_counts: LimitCounts::Acquired,
                // ref: requests adapters.py:204 pool_maxsize=10 → urllib3 connectionpool.py:79 maxsize
                limit_per_host: 10,
                // urllib3 has no idle expiry (not in the reference): 86400 = never within a run
                keepalive_timeout_s: 86400.0,
                force_close: false,
                // ref: adapters.py:79 pool_block=False; connectionpool.py:274-285 `pass # Oh well`:
                // a new connection
                on_full: OnFull::Overflow,
                // ref: connectionpool.py:310-328 put(block=False) raises Full → the connection is closed
                max_idle_per_host: 10,
                max_idle: 0,
                max_idle_counts_all: false,
                // ref: connectionpool.py:208-210 LifoQueue
                idle_order: Order::Lifo,
                // nobody waits with block=False
                waiter_order: Order::Fifo,
                dial_race: false,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // ref: adapters.py:82 DEFAULT_POOL_TIMEOUT = None
                pool_acquire_ms: 0.0,
                // requests passes timeout=None unless the caller sets one (not in the reference)
                connect_ms: 0.0,
                attempt_ms: 0.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// Go `net/http.DefaultTransport` (go1.19.8 line numbers; master identical).
fn go_net_http() -> Preset {
    Preset {
        name: "go-net-http",
        library: "Go net/http DefaultTransport with http.DefaultClient",
        summary: "No cap on connections (MaxConnsPerHost 0) but only 2 idle per host: after a burst \
                  the client closes the rest (TIME_WAIT); every request queues for an idle connection \
                  and dials at the same time, and a read connection is back in the pool only 1.1 ms \
                  later, so back-to-back requests dial extra ones.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: transport.go MaxConnsPerHost 0 = unlimited (go1.19 :1416-1441); no total cap
                limit: 0,
                // ref: §1 MaxConnsPerHost counts dialling + active + idle
                limit_counts: LimitCounts::Open,
                limit_per_host: 0,
                // ref: transport.go:51 IdleConnTimeout 90 s
                keepalive_timeout_s: 90.0,
                force_close: false,
                // ref: go1.19 :1465-1500 over MaxConnsPerHost, dials wait in a FIFO queue
                on_full: OnFull::Wait,
                // ref: transport.go:58 DefaultMaxIdleConnsPerHost = 2; :900-906 extra ones closed
                max_idle_per_host: 2,
                // ref: transport.go:50 MaxIdleConns 100 (Go closes the LRU idle one; we close the
                // returning one)
                max_idle: 100,
                max_idle_counts_all: false,
                // ref: §1 idle reuse is MRU (list[len(list)-1])
                idle_order: Order::Lifo,
                // ref: go1.19 :942 a returned connection goes to q.popFront()
                waiter_order: Order::Fifo,
                // ref: go1.19 :1038, :1089, :1456 getConn queues for idle AND dials
                dial_race: true,
                // ref: transport.go persistConn.readLoop puts the connection back only after the
                // body is read, while the goroutine already asks for its next one. Value fitted by
                // calibrate/fit.py to go-goroutines-100 (calibrate/results.md, 2026-12-03 run:
                // real 145 connections, 134-163; the sim gives 146)
                put_back_us: 1057.0,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                pool_acquire_ms: 0.0,
                // ref: transport.go:43-54 net.Dialer{Timeout: 30s}
                connect_ms: 30000.0,
                attempt_ms: 0.0,
                // ref: client.go:109 DefaultClient Timeout 0
                total_ms: 0.0,
            },
        })),
    }
}

/// Go `database/sql` `DB` with its defaults (go1.19.8 sql.go).
fn go_database_sql() -> Preset {
    Preset {
        name: "go-database-sql",
        library: "Go database/sql DB (sql.Open defaults)",
        summary: "Unlimited open connections, 2 kept idle; a freed connection goes to a random \
                  waiter, not the oldest; the most recently returned idle connection is reused first.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: sql.go:481, :985-1000 MaxOpenConns 0 = unlimited
                limit: 0,
                // ref: §4 numOpen counts every open connection
                limit_counts: LimitCounts::Open,
                limit_per_host: 0,
                // ref: sql.go:1010-1047 ConnMaxIdleTime 0 (off): 86400 = never within a run
                keepalive_timeout_s: 86400.0,
                force_close: false,
                on_full: OnFull::Wait,
                // ref: sql.go:918-931 defaultMaxIdleConns = 2; :1527-1532 extra ones closed
                max_idle_per_host: 2,
                max_idle: 0,
                max_idle_counts_all: false,
                // ref: sql.go:1303-1307 freeConn[last] "Reuse the lowest idle time connection"
                idle_order: Order::Lifo,
                // ref: sql.go:1514 (go1.19 map order; master connRequests.TakeRandom)
                waiter_order: Order::Random,
                dial_race: false,
                // ref: sql.go:1010-1047 ConnMaxLifetime 0 (off)
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // database/sql has only the caller's context
                pool_acquire_ms: 0.0,
                connect_ms: 0.0,
                attempt_ms: 0.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// HikariCP 6.0.0 `HikariConfig()` defaults.
fn hikaricp() -> Preset {
    Preset {
        name: "hikaricp",
        library: "HikariCP 6.0.0 HikariDataSource (HikariConfig defaults)",
        summary: "A fixed pool of 10 connections; a borrower waits up to connectionTimeout 30 s; \
                  connections retire after maxLifetime 30 min.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: HikariConfig.java:58 maximumPoolSize 10
                limit: 10,
                limit_counts: LimitCounts::Open,
                limit_per_host: 0,
                // ref: HikariConfig.java:55, :1134-1148 idleTimeout 600 s acts only when minimumIdle <
                // maximumPoolSize, and minimumIdle defaults to maximumPoolSize: idle connections never
                // expire (86400 = never within a run)
                keepalive_timeout_s: 86400.0,
                force_close: false,
                // ref: ConcurrentBag.java:120-163 borrow waits on handoffQueue.poll(timeout)
                on_full: OnFull::Wait,
                max_idle_per_host: 0,
                max_idle: 0,
                max_idle_counts_all: false,
                // the shared list is scanned in insertion order (ConcurrentBag.java:120-163; thread-local
                // reuse not modelled)
                idle_order: Order::Fifo,
                // ref: ConcurrentBag.java:100 fair SynchronousQueue (barging newcomers not modelled)
                waiter_order: Order::Fifo,
                dial_race: false,
                // ref: HikariConfig.java:56 maxLifetime 1 800 000 ms (its up-to-2.5 % early jitter is
                // not modelled)
                max_lifetime_s: 1800.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // ref: HikariConfig.java:52 connectionTimeout 30 000 ms
                pool_acquire_ms: 30000.0,
                connect_ms: 0.0,
                attempt_ms: 0.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// OkHttp 5.4.0 `OkHttpClient()` used with async `enqueue()`.
fn okhttp() -> Preset {
    Preset {
        name: "okhttp",
        library: "OkHttp 5.4.0 OkHttpClient() with enqueue() (Dispatcher + ConnectionPool)",
        summary:
            "Async calls: 64 at once, 5 per host (Dispatcher); 5 idle connections kept for 5 min. \
                  Synchronous execute() is not limited at all.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: Dispatcher.kt:46 maxRequests 64 (running async calls)
                limit: 64,
                limit_counts: LimitCounts::Acquired,
                // ref: Dispatcher.kt:66 maxRequestsPerHost 5
                limit_per_host: 5,
                // ref: ConnectionPool.kt:38-40 keepAliveDuration 5 min
                keepalive_timeout_s: 300.0,
                force_close: false,
                // ref: Dispatcher.kt:216-228 readyAsyncCalls queue (skipping past capped hosts is not
                // modelled)
                on_full: OnFull::Wait,
                max_idle_per_host: 0,
                // ref: ConnectionPool.kt:38-40 maxIdleConnections 5 (OkHttp evicts the longest idle)
                max_idle: 5,
                max_idle_counts_all: false,
                // not in the reference: the pool is scanned in insertion order
                idle_order: Order::Fifo,
                // ref: Dispatcher.kt:111 readyAsyncCalls is an ArrayDeque scanned in order
                waiter_order: Order::Fifo,
                dial_race: false,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                pool_acquire_ms: 0.0,
                // ref: OkHttpClient.kt:612-615 connect/read 10 000 ms, call 0
                connect_ms: 10000.0,
                attempt_ms: 10000.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// Node.js `http.globalAgent` (Node ≥ 19).
fn node_http_agent() -> Preset {
    Preset {
        name: "node-http-agent",
        library: "Node.js http.globalAgent (Node >= 19: keepAlive, lifo, timeout 5000)",
        summary:
            "No cap on sockets (maxSockets Infinity); up to 256 free sockets per host kept for \
                  5 s; the most recently freed socket is reused first.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: lib/_http_agent.js maxTotalSockets Infinity
                limit: 0,
                limit_counts: LimitCounts::Acquired,
                // ref: _http_agent.js Agent.defaultMaxSockets = Infinity
                limit_per_host: 0,
                // ref: _http_agent.js globalAgent `timeout: 5000` (a free socket that times out is
                // destroyed)
                keepalive_timeout_s: 5.0,
                // ref: globalAgent keepAlive: true (Node commit 655b327a4d)
                force_close: false,
                // ref: addRequest queues per origin in requests[name]
                on_full: OnFull::Wait,
                // ref: _http_agent.js maxFreeSockets 256 (per host)
                max_idle_per_host: 256,
                max_idle: 0,
                max_idle_counts_all: false,
                // ref: globalAgent scheduling: 'lifo'
                idle_order: Order::Lifo,
                // ref: requests[name] push, then shift(): FIFO
                waiter_order: Order::Fifo,
                dial_race: false,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // the agent sets no request timeouts
                pool_acquire_ms: 0.0,
                connect_ms: 0.0,
                attempt_ms: 0.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// reqwest 0.13.4 `Client::new()` over hyper-util 0.1.20's legacy pool.
fn reqwest() -> Preset {
    Preset {
        name: "reqwest",
        library: "reqwest 0.13.4 Client::new() (hyper-util 0.1.20 legacy pool)",
        summary: "No cap on connections and no cap on idle ones, kept 90 s; a checkout races an idle \
                  connection against a new connect; the most recent idle connection is reused first.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: reqwest client.rs:299-314 "No cap on total connections"
                limit: 0,
                limit_counts: LimitCounts::Acquired,
                limit_per_host: 0,
                // ref: reqwest client.rs:299-314 pool_idle_timeout 90 s
                keepalive_timeout_s: 90.0,
                force_close: false,
                on_full: OnFull::Wait,
                // ref: client.rs:299-314 pool_max_idle_per_host usize::MAX (0 = no cap here)
                max_idle_per_host: 0,
                max_idle: 0,
                max_idle_counts_all: false,
                // ref: hyper-util pool.rs:301, :357 Vec::pop
                idle_order: Order::Lifo,
                // ref: pool.rs:396, :691 VecDeque waiters
                waiter_order: Order::Fifo,
                // ref: hyper-util client.rs:403-422 future::select(checkout, connect)
                dial_race: true,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // ref: reqwest client.rs:299-314 timeout and connect_timeout None
                pool_acquire_ms: 0.0,
                connect_ms: 0.0,
                attempt_ms: 0.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// Chromium's socket pools (what `fetch` in Chrome gets).
fn browser() -> Preset {
    Preset {
        name: "browser",
        library: "Chromium socket pools (HTTP/1.1): 6 per host, 256 in all",
        summary: "At most 6 connections per host and 256 in all; the 7th request to a host waits; \
                  unused idle sockets are closed after 60 s.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: client_socket_pool_manager.cc g_max_sockets_per_pool[] = {256, 256}
                limit: 256,
                // Chromium closes idle sockets of other groups to make room, so idle ones do not block
                limit_counts: LimitCounts::Acquired,
                // ref: client_socket_pool_manager.cc g_max_sockets_per_group[] = {6, 255}
                limit_per_host: 6,
                // ref: §1 unused idle socket timeout 60 s (field-trial parameter)
                keepalive_timeout_s: 60.0,
                force_close: false,
                on_full: OnFull::Wait,
                max_idle_per_host: 0,
                max_idle: 0,
                max_idle_counts_all: false,
                // not in the reference: transport_client_socket_pool.cc AssignIdleSocketToRequest takes
                // "the newest used idle socket"
                idle_order: Order::Lifo,
                // requests of equal priority are served in arrival order
                waiter_order: Order::Fifo,
                dial_race: false,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                // fetch() has no default timeout
                pool_acquire_ms: 0.0,
                connect_ms: 0.0,
                attempt_ms: 0.0,
                total_ms: 0.0,
            },
        })),
    }
}

/// Envoy cluster defaults: circuit breakers, upstream HTTP/1 connection pool, route timeout.
fn envoy() -> Preset {
    Preset {
        name: "envoy",
        library: "Envoy cluster (default circuit breakers, HTTP/1 upstream pool) and route",
        summary: "Up to 1024 upstream connections per cluster; pending requests take the first \
                  connection that becomes ready, freed or new; the route times out after 15 s.",
        sets: Sets::Pool(Box::new(PoolPreset {
            pool: pool::Config {
                // ref: upstream_impl.cc ResourceManagers::load `max_connections = 1024` (per cluster)
                limit: 1024,
                // max_connections counts open connections
                limit_counts: LimitCounts::Open,
                limit_per_host: 0,
                // not in the reference: Envoy FAQ "How do I configure timeouts?": idle_timeout
                // defaults to 1 hour
                keepalive_timeout_s: 3600.0,
                force_close: false,
                // ref: max_pending_requests 1024 (the 503 on overflowing it is not modelled)
                on_full: OnFull::Wait,
                max_idle_per_host: 0,
                max_idle: 0,
                max_idle_counts_all: false,
                // not in the reference: conn_pool_base.cc newStream takes ready_clients_.front()
                idle_order: Order::Lifo,
                // not in the reference: conn_pool_base.cc "Pending streams are pushed onto the front, so
                // pull from the back"
                waiter_order: Order::Fifo,
                // not in the reference: conn_pool_base.cc a pending stream triggers a connect and attaches
                // to whichever client becomes ready first (onUpstreamReady)
                dial_race: true,
                max_lifetime_s: 0.0,
                ..pool::Config::default()
            },
            timeouts: Timeouts {
                pool_acquire_ms: 0.0,
                // not in the reference: cluster connect_timeout defaults to 5 s
                connect_ms: 5000.0,
                // per_try_timeout defaults to the route timeout
                attempt_ms: 0.0,
                // not in the reference: route timeout defaults to 15 s (retries included)
                total_ms: 15000.0,
            },
        })),
    }
}

/// botocore 1.43.67 `retry_mode="standard"` (classic, not the "2026" mode).
fn botocore_standard() -> Preset {
    Preset {
        name: "botocore-standard",
        library: "botocore 1.43.67 retries, retry_mode=standard",
        summary:
            "3 attempts; full-jitter exponential backoff rand·min(2^(n−1), 20) s; a 500-token \
                  retry quota (5 per retry, 10 after a timeout, +1 per first-try success).",
        sets: Sets::Retry(Box::new(RetryPreset {
            retry: botocore_retry(),
            limiter: None,
        })),
    }
}

/// botocore 1.43.67's standard RetryHandler, which both retry modes use.
fn botocore_retry() -> retry::Config {
    retry::Config {
        // ref: botocore standard.py:44 DEFAULT_MAX_ATTEMPTS = 3
        max_attempts: 3,
        // ref: standard.py:366-443 t = rand() · min(2^(attempt−1), 20): base 1 s, cap 20 s,
        // full jitter
        backoff: Backoff::Exponential,
        base_ms: 1000.0,
        cap_ms: 20000.0,
        jitter: Jitter::Full,
        // ref: standard.py:366-443 only the "2026" mode reads x-amz-retry-after
        honor_retry_after: false,
        // standard.py TransientRetryableChecker 500/502/503/504 and connection errors, throttling
        // errors, ConnectTimeout/ReadTimeout (not in the reference)
        on: vec![
            RetryOn::Timeout,
            RetryOn::ServerError,
            RetryOn::Throttled,
            RetryOn::ConnectError,
        ],
        budget: RetryBudget {
            // ref: quota.py:7-54, standard.py:670-737 INITIAL_CAPACITY 500, _RETRY_COST 5,
            // _TIMEOUT_RETRY_REQUEST 10, _NO_RETRY_INCREMENT 1
            enabled: true,
            capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
            success_increment: 1,
        },
        // botocore's delay is min(2^(attempt−1), 20) s: the base itself first
        first_exponent: 0,
    }
}

/// botocore `retry_mode="adaptive"`: standard retries plus a client rate limiter.
fn botocore_adaptive() -> Preset {
    Preset {
        name: "botocore-adaptive",
        library: "botocore 1.43.67 retries, retry_mode=adaptive",
        summary: "The standard retries and quota, plus a client-side token bucket that stays off \
                  until the first throttling response, then follows a CUBIC rate (not modelled: \
                  the limiter is left off).",
        sets: Sets::Retry(Box::new(RetryPreset {
            // the same RetryHandler as standard (botocore/retries/adaptive.py uses standard.*)
            retry: botocore_retry(),
            // not in the reference: botocore/retries/adaptive.py ClientRateLimiter starts with
            // `_enabled = False` and only acquires from its TokenBucket after a throttling error; its
            // rate then follows throttling.py's CubicCalculator, which our static limiters cannot
            // follow.
            // Off, as it is until the first 429; `acquire()` blocks, hence mode wait.
            limiter: Some((LimiterKind::None, LimiterMode::Wait)),
        })),
    }
}

/// A gRPC retry policy in the service config (gRFC A6).
fn grpc_retry() -> Preset {
    Preset {
        name: "grpc-retry",
        library: "gRPC retryPolicy (service config; grpc-go 1.83.1 limits)",
        summary: "gRPC has no default retry policy: this is the most it allows (5 attempts) with \
                  gRPC's own 1 s / 120 s backoff constants, ±20% jitter (grpc-go ≥ 1.69), retrying \
                  UNAVAILABLE.",
        sets: Sets::Retry(Box::new(RetryPreset {
            retry: retry::Config {
                // ref: service_config.proto:136-157 all fields required; grpc-go dialoptions.go:43
                // defaultMaxCallAttempts = 5 (maxAttempts > 5 is treated as 5)
                max_attempts: 5,
                // ref: library-defaults §3 grpc-go ≥ v1.69 (commit 4c07bca, stream.go:850-872) uses
                // cur·U(0.8, 1.2), not the spec comment's full jitter random(0, …)
                backoff: Backoff::Exponential,
                jitter: Jitter::Grpc,
                // ref: grpc-go backoff/backoff.go:47-52 BaseDelay 1 s, MaxDelay 120 s (the connection
                // backoff; the retry policy has no defaults); multiplier 2 here (gRPC's is 1.6)
                base_ms: 1000.0,
                cap_ms: 120000.0,
                // ref: grpc-go stream.go:850-872 server pushback overrides the delay
                honor_retry_after: true,
                // retryableStatusCodes ["UNAVAILABLE"]: a 503 or a failed connect (a 500 is retried too)
                on: vec![RetryOn::ServerError, RetryOn::ConnectError],
                budget: RetryBudget {
                    // ref: service_config.proto:622-636 retry throttling (refuse at ≤ maxTokens/2) is not
                    // botocore's quota and is off unless configured
                    enabled: false,
                    ..RetryBudget::default()
                },
                // the first retry waits about the base delay
                first_exponent: 0,
            },
            limiter: None,
        })),
    }
}

/// Every preset but the CPU ones, in the order `poolsim presets` lists them.
pub fn presets() -> Vec<Preset> {
    vec![
        aiohttp(),
        httpx(),
        requests(),
        go_net_http(),
        go_database_sql(),
        hikaricp(),
        okhttp(),
        node_http_agent(),
        reqwest(),
        browser(),
        envoy(),
        botocore_standard(),
        botocore_adaptive(),
        grpc_retry(),
    ]
}

/// Event-loop CPU per stage, fitted by `calibrate/run.sh` against the real
/// client on the 2-core development machine (`calibrate/results.md`: the
/// run of 2026-12-03 on a quiet machine, 1-minute load average 0.6–1.1; wall time and the
/// server's own peak count are fitted together, so sends are cheap and reads
/// costly, as in the real loop; rerun the harness to calibrate your machine).
/// They set only `clients.cpu_us_*` and `server.cpu_us_per_request` (the
/// loopback Python server's share), never `pool.preset`, so they combine
/// with a pool preset: `--set pool.preset=aiohttp --set pool.preset=cpu-aiohttp`.
pub fn cpu_presets() -> Vec<Preset> {
    vec![
    Preset {
        name: "cpu-aiohttp",
        library: "aiohttp 3.14.5 on CPython 3.11, fitted to 10 cases (wall and peak at the server)",
        summary: CPU_SUMMARY,
        sets: Sets::Settings(&[
            ("clients.cpu_us_task_start", "35"),
            ("clients.cpu_us_connect", "43"),
            ("clients.cpu_us_send", "2.6"),
            ("clients.cpu_us_read", "94"),
            ("clients.cpu_us_pool_scan", "0"),
            ("server.cpu_us_per_request", "15"),
            // A read pays 0.08 µs per open connection (≈ 174 µs in all at 1000
            // connections, 102 µs at 100); a close during the run 515 µs.
            ("clients.cpu_us_per_open_conn", "0.08"),
            ("clients.cpu_us_close", "515"),
        ]),
    },
    Preset {
        name: "cpu-httpx",
        library: "httpx 0.29.0 on CPython 3.11, fitted to the 1000-task gathers and httpx-workers-100 (wall and peak at the server)",
        summary: CPU_SUMMARY,
        sets: Sets::Settings(&[
            ("clients.cpu_us_task_start", "430"),
            ("clients.cpu_us_connect", "262"),
            ("clients.cpu_us_send", "232"),
            ("clients.cpu_us_read", "399"),
            ("clients.cpu_us_pool_scan", "0.31"),
            ("server.cpu_us_per_request", "8.5"),
        ]),
    },
    Preset {
        name: "cpu-requests",
        library: "requests / urllib3 2.8 with 50 threads on CPython 3.11: the GIL as one CPU",
        summary: CPU_SUMMARY,
        sets: Sets::Settings(&[
            ("clients.cpu_us_task_start", "63"),
            ("clients.cpu_us_connect", "300"),
            ("clients.cpu_us_send", "300"),
            ("clients.cpu_us_read", "600"),
            ("clients.cpu_us_pool_scan", "0"),
            ("server.cpu_us_per_request", "59.5"),
        ]),
    },
    Preset {
        name: "cpu-go",
        library: "Go 1.19 net/http, 100 goroutines (one CPU stands in for Go's scheduler on 2 cores)",
        summary: CPU_SUMMARY,
        sets: Sets::Settings(&[
            ("clients.cpu_us_task_start", "0"),
            ("clients.cpu_us_connect", "24.3"),
            ("clients.cpu_us_send", "11.5"),
            ("clients.cpu_us_read", "155.4"),
            ("clients.cpu_us_pool_scan", "0"),
            ("server.cpu_us_per_request", "117.8"),
        ]),
    },
    ]
}

const CPU_SUMMARY: &str = "event-loop CPU per task start, new connection, send, read, queued \
                           request scanned, open connection per read and close, and the loopback \
                           server's CPU per request (µs), fitted";

/// The preset with this name.
pub fn find(name: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.name == name)
}

/// The presets, then the CPU presets.
pub fn all() -> Vec<Preset> {
    let mut all = presets();
    all.extend(cpu_presets());
    all
}

/// The valid names, comma separated (for error messages).
pub fn names() -> String {
    all().iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// Applies a preset's settings over a scenario JSON value; an unknown name
/// is an error on `pool.preset` that lists the valid names.
pub fn apply(value: &mut serde_json::Value, name: &str) -> Result<(), ConfigError> {
    let preset = find(name).ok_or_else(|| {
        ConfigError::new(
            "pool.preset",
            format!(
                "unknown preset \"{}\"; valid: {}",
                crate::schema::limits::quote(name),
                names()
            ),
        )
    })?;
    for (path, raw) in preset.settings() {
        set_path(value, &path, &raw)?;
    }
    Ok(())
}

/// The `poolsim presets` listing: one block per preset with its values.
pub fn listing() -> String {
    let mut out = String::new();
    for preset in all() {
        let _ = writeln!(out, "{}  ({})", preset.name, preset.library);
        let _ = writeln!(out, "  {}", preset.summary);
        for (path, raw) in preset
            .settings()
            .into_iter()
            .filter(|(path, _)| path != "pool.preset")
        {
            let _ = writeln!(out, "    {path:<28} {raw}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{LimitCounts, OnFull, Order, Scenario};
    use serde_json::Value;

    const POOL_PRESETS: &[&str] = &[
        "aiohttp",
        "httpx",
        "requests",
        "go-net-http",
        "go-database-sql",
        "hikaricp",
        "okhttp",
        "node-http-agent",
        "reqwest",
        "browser",
        "envoy",
    ];
    const BOTOCORE: &[&str] = &["botocore-standard", "botocore-adaptive"];

    /// The expected values, written path by path from
    /// the shared reference's `library-defaults.md` (and, where it is silent,
    /// the sources named in the module's comments), independently of `presets()`.
    #[rustfmt::skip]
    const EXPECTED: &[(&str, &[(&str, &str)])] = &[
        ("pool.limit", &[
            ("aiohttp", "100"), ("httpx", "100"), ("requests", "0"), ("go-net-http", "0"),
            ("go-database-sql", "0"), ("hikaricp", "10"), ("okhttp", "64"), ("node-http-agent", "0"),
            ("reqwest", "0"), ("browser", "256"), ("envoy", "1024"),
        ]),
        ("pool.limit_counts", &[
            ("aiohttp", "acquired"), ("httpx", "open"), ("requests", "acquired"), ("go-net-http", "open"),
            ("go-database-sql", "open"), ("hikaricp", "open"), ("okhttp", "acquired"),
            ("node-http-agent", "acquired"), ("reqwest", "acquired"), ("browser", "acquired"), ("envoy", "open"),
        ]),
        ("pool.limit_per_host", &[
            ("aiohttp", "0"), ("httpx", "0"), ("requests", "10"), ("go-net-http", "0"), ("go-database-sql", "0"),
            ("hikaricp", "0"), ("okhttp", "5"), ("node-http-agent", "0"), ("reqwest", "0"), ("browser", "6"),
            ("envoy", "0"),
        ]),
        ("pool.keepalive_timeout_s", &[
            ("aiohttp", "15"), ("httpx", "5"), ("requests", "86400"), ("go-net-http", "90"),
            ("go-database-sql", "86400"), ("hikaricp", "86400"), ("okhttp", "300"), ("node-http-agent", "5"),
            ("reqwest", "90"), ("browser", "60"), ("envoy", "3600"),
        ]),
        ("pool.force_close", &[
            ("aiohttp", "false"), ("httpx", "false"), ("requests", "false"), ("go-net-http", "false"),
            ("go-database-sql", "false"), ("hikaricp", "false"), ("okhttp", "false"),
            ("node-http-agent", "false"), ("reqwest", "false"), ("browser", "false"), ("envoy", "false"),
        ]),
        ("pool.on_full", &[
            ("aiohttp", "wait"), ("httpx", "wait"), ("requests", "overflow"), ("go-net-http", "wait"),
            ("go-database-sql", "wait"), ("hikaricp", "wait"), ("okhttp", "wait"), ("node-http-agent", "wait"),
            ("reqwest", "wait"), ("browser", "wait"), ("envoy", "wait"),
        ]),
        ("pool.max_idle_per_host", &[
            ("aiohttp", "0"), ("httpx", "0"), ("requests", "10"), ("go-net-http", "2"), ("go-database-sql", "2"),
            ("hikaricp", "0"), ("okhttp", "0"), ("node-http-agent", "256"), ("reqwest", "0"), ("browser", "0"),
            ("envoy", "0"),
        ]),
        ("pool.max_idle", &[
            ("aiohttp", "0"), ("httpx", "20"), ("requests", "0"), ("go-net-http", "100"), ("go-database-sql", "0"),
            ("hikaricp", "0"), ("okhttp", "5"), ("node-http-agent", "0"), ("reqwest", "0"), ("browser", "0"),
            ("envoy", "0"),
        ]),
        ("pool.max_idle_counts_all", &[
            ("aiohttp", "false"), ("httpx", "true"), ("requests", "false"), ("go-net-http", "false"),
            ("go-database-sql", "false"), ("hikaricp", "false"), ("okhttp", "false"),
            ("node-http-agent", "false"), ("reqwest", "false"), ("browser", "false"), ("envoy", "false"),
        ]),
        ("pool.idle_order", &[
            ("aiohttp", "fifo"), ("httpx", "fifo"), ("requests", "lifo"), ("go-net-http", "lifo"),
            ("go-database-sql", "lifo"), ("hikaricp", "fifo"), ("okhttp", "fifo"), ("node-http-agent", "lifo"),
            ("reqwest", "lifo"), ("browser", "lifo"), ("envoy", "lifo"),
        ]),
        ("pool.waiter_order", &[
            ("aiohttp", "fifo"), ("httpx", "fifo"), ("requests", "fifo"), ("go-net-http", "fifo"),
            ("go-database-sql", "random"), ("hikaricp", "fifo"), ("okhttp", "fifo"), ("node-http-agent", "fifo"),
            ("reqwest", "fifo"), ("browser", "fifo"), ("envoy", "fifo"),
        ]),
        ("pool.dial_race", &[
            ("aiohttp", "false"), ("httpx", "false"), ("requests", "false"), ("go-net-http", "true"),
            ("go-database-sql", "false"), ("hikaricp", "false"), ("okhttp", "false"),
            ("node-http-agent", "false"), ("reqwest", "true"), ("browser", "false"), ("envoy", "true"),
        ]),
        // go-net-http: fitted to the calibration run (calibrate/results.md), not in the reference
        ("pool.put_back_us", &[
            ("aiohttp", "0"), ("httpx", "0"), ("requests", "0"), ("go-net-http", "1057"), ("go-database-sql", "0"),
            ("hikaricp", "0"), ("okhttp", "0"), ("node-http-agent", "0"), ("reqwest", "0"), ("browser", "0"),
            ("envoy", "0"),
        ]),
        ("pool.max_lifetime_s", &[
            ("aiohttp", "0"), ("httpx", "0"), ("requests", "0"), ("go-net-http", "0"), ("go-database-sql", "0"),
            ("hikaricp", "1800"), ("okhttp", "0"), ("node-http-agent", "0"), ("reqwest", "0"), ("browser", "0"),
            ("envoy", "0"),
        ]),
        ("timeouts.pool_acquire_ms", &[
            ("aiohttp", "0"), ("httpx", "5000"), ("requests", "0"), ("go-net-http", "0"), ("go-database-sql", "0"),
            ("hikaricp", "30000"), ("okhttp", "0"), ("node-http-agent", "0"), ("reqwest", "0"), ("browser", "0"),
            ("envoy", "0"),
        ]),
        ("timeouts.connect_ms", &[
            ("aiohttp", "30000"), ("httpx", "5000"), ("requests", "0"), ("go-net-http", "30000"),
            ("go-database-sql", "0"), ("hikaricp", "0"), ("okhttp", "10000"), ("node-http-agent", "0"),
            ("reqwest", "0"), ("browser", "0"), ("envoy", "5000"),
        ]),
        ("timeouts.attempt_ms", &[
            ("aiohttp", "0"), ("httpx", "5000"), ("requests", "0"), ("go-net-http", "0"), ("go-database-sql", "0"),
            ("hikaricp", "0"), ("okhttp", "10000"), ("node-http-agent", "0"), ("reqwest", "0"), ("browser", "0"),
            ("envoy", "0"),
        ]),
        ("timeouts.total_ms", &[
            ("aiohttp", "300000"), ("httpx", "0"), ("requests", "0"), ("go-net-http", "0"),
            ("go-database-sql", "0"), ("hikaricp", "0"), ("okhttp", "0"), ("node-http-agent", "0"),
            ("reqwest", "0"), ("browser", "0"), ("envoy", "15000"),
        ]),
        ("retry.max_attempts", &[("botocore-standard", "3"), ("botocore-adaptive", "3"), ("grpc-retry", "5")]),
        ("retry.backoff", &[
            ("botocore-standard", "exponential"), ("botocore-adaptive", "exponential"), ("grpc-retry", "exponential"),
        ]),
        ("retry.base_ms", &[("botocore-standard", "1000"), ("botocore-adaptive", "1000"), ("grpc-retry", "1000")]),
        ("retry.cap_ms", &[("botocore-standard", "20000"), ("botocore-adaptive", "20000"), ("grpc-retry", "120000")]),
        ("retry.jitter", &[("botocore-standard", "full"), ("botocore-adaptive", "full"), ("grpc-retry", "grpc")]),
        ("retry.honor_retry_after", &[
            ("botocore-standard", "false"), ("botocore-adaptive", "false"), ("grpc-retry", "true"),
        ]),
        ("retry.on", &[
            ("botocore-standard", r#"["timeout","5xx","429","connect_error"]"#),
            ("botocore-adaptive", r#"["timeout","5xx","429","connect_error"]"#),
            ("grpc-retry", r#"["5xx","connect_error"]"#),
        ]),
        ("retry.budget.enabled", &[
            ("botocore-standard", "true"), ("botocore-adaptive", "true"), ("grpc-retry", "false"),
        ]),
        // grpc-retry: our defaults, unused while its budget is off
        ("retry.budget.capacity", &[("botocore-standard", "500"), ("botocore-adaptive", "500"), ("grpc-retry", "500")]),
        ("retry.budget.retry_cost", &[("botocore-standard", "5"), ("botocore-adaptive", "5"), ("grpc-retry", "5")]),
        ("retry.budget.timeout_retry_cost", &[
            ("botocore-standard", "10"), ("botocore-adaptive", "10"), ("grpc-retry", "10"),
        ]),
        ("retry.budget.success_increment", &[
            ("botocore-standard", "1"), ("botocore-adaptive", "1"), ("grpc-retry", "1"),
        ]),
        ("retry.first_exponent", &[
            ("botocore-standard", "0"), ("botocore-adaptive", "0"), ("grpc-retry", "0"),
        ]),
        ("limiter.kind", &[("botocore-adaptive", "none")]),
        ("limiter.mode", &[("botocore-adaptive", "wait")]),
    ];

    /// JSON text as `set_path` reads it (plain words are strings); numbers compared as f64.
    fn parse(raw: &str) -> Value {
        let v = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
        match v.as_f64() {
            Some(x) => serde_json::json!(x),
            None => v,
        }
    }

    fn expected(preset: &str, path: &str) -> Option<Value> {
        let (_, rows) = EXPECTED.iter().find(|(p, _)| *p == path)?;
        rows.iter()
            .find(|(name, _)| *name == preset)
            .map(|(_, raw)| parse(raw))
    }

    fn base() -> Value {
        let text = crate::catalog::scenario_text("stall-at-100").expect("shipped scenario");
        serde_json::from_str(text).expect("valid JSON")
    }

    fn applied(name: &str) -> Value {
        let mut v = base();
        apply(&mut v, name).expect("preset applies");
        v
    }

    #[test]
    fn every_value_matches_the_reference_table() {
        let mut failures = Vec::new();
        for preset in presets() {
            for (path, raw) in preset.settings().iter().filter(|(p, _)| p != "pool.preset") {
                match expected(preset.name, path) {
                    Some(want) if want == parse(raw) => {}
                    want => failures.push(format!(
                        "{} {path}: preset {raw}, reference {want:?}",
                        preset.name
                    )),
                }
            }
        }
        for (path, rows) in EXPECTED {
            for (name, _) in *rows {
                let set = find(name).is_some_and(|p| p.settings().iter().any(|(q, _)| q == path));
                if !set {
                    failures.push(format!("{name} {path}: in the reference table but not set"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_lists_cover_every_preset_once() {
        let mut names: Vec<&str> = presets().iter().map(|p| p.name).collect();
        assert_eq!(names.len(), 14);
        let mut all: Vec<&str> = POOL_PRESETS
            .iter()
            .chain(BOTOCORE)
            .copied()
            .chain(["grpc-retry"])
            .collect();
        names.sort_unstable();
        all.sort_unstable();
        assert_eq!(names, all);
    }

    #[test]
    fn every_preset_applies_to_stall_at_100_and_validates() {
        for preset in presets() {
            let scenario = Scenario::from_value(applied(preset.name))
                .unwrap_or_else(|e| panic!("{}: {e}", preset.name));
            assert_eq!(scenario.pool.preset, preset.name);
            crate::retry::validate(&scenario.retry, &scenario.timeouts)
                .expect("retry and timeouts valid");
        }
    }

    #[test]
    fn values_deserialize_to_the_intended_variants() {
        let go = Scenario::from_value(applied("go-net-http")).expect("valid");
        assert_eq!(
            (go.pool.idle_order, go.pool.limit_counts),
            (Order::Lifo, LimitCounts::Open)
        );
        assert!(go.pool.dial_race && go.pool.max_idle_per_host == 2);
        let urllib3 = Scenario::from_value(applied("requests")).expect("valid");
        assert_eq!(urllib3.pool.on_full, OnFull::Overflow);
        let sql = Scenario::from_value(applied("go-database-sql")).expect("valid");
        assert_eq!(sql.pool.waiter_order, Order::Random);
        let httpx = Scenario::from_value(applied("httpx")).expect("valid");
        assert_eq!(httpx.timeouts.pool_acquire_ms, 5000.0);
        assert!(httpx.pool.max_idle_counts_all);
        let boto = Scenario::from_value(applied("botocore-standard")).expect("valid");
        assert_eq!(boto.retry.on.len(), 4);
        assert!(boto.retry.budget.enabled && boto.retry.budget.capacity == 500);
    }

    #[test]
    fn a_pool_preset_replaces_every_pool_knob_of_another() {
        for first in POOL_PRESETS {
            for second in POOL_PRESETS {
                let mut v = applied(first);
                apply(&mut v, second).expect("applies");
                assert_eq!(v, applied(second), "{first} then {second}");
            }
        }
    }

    #[test]
    fn retry_presets_leave_the_pool_alone() {
        let without_preset = |v: &Value| {
            let mut pool = v["pool"].clone();
            pool.as_object_mut()
                .expect("pool is an object")
                .remove("preset");
            pool
        };
        for name in BOTOCORE.iter().chain(&["grpc-retry"]) {
            let v = applied(name);
            assert_eq!(v["pool"]["preset"], *name);
            assert_eq!(without_preset(&v), without_preset(&base()), "{name}");
        }
    }

    #[test]
    fn cpu_presets_set_only_cpu_costs_and_keep_the_pool_preset() {
        for preset in cpu_presets() {
            assert!(preset
                .settings()
                .iter()
                .all(|(p, _)| p.contains(".cpu_us_")));
            let mut v = applied("aiohttp");
            apply(&mut v, preset.name).expect("applies");
            let sc = Scenario::from_value(v).expect("validates");
            assert_eq!(sc.pool.preset, "aiohttp", "{}", preset.name);
            assert!(sc.clients.cpu_us_send > 0.0, "{}", preset.name);
        }
        assert_eq!(find("cpu-aiohttp").map(|p| p.settings().len()), Some(8));
        let mut v = applied("aiohttp");
        apply(&mut v, "cpu-aiohttp").expect("applies");
        let c = Scenario::from_value(v).expect("validates").clients;
        assert_eq!((c.cpu_us_per_open_conn, c.cpu_us_close), (0.08, 515.0));
        assert_eq!((c.cpu_us_task_start, c.cpu_us_read), (35.0, 94.0));
    }

    /// Every CPU preset (and Go's put-back) is calibrate/fitted.json's costs for its library:
    /// rerunning the harness and copying its costs keeps this test the judge.
    #[test]
    fn cpu_presets_are_the_fitted_costs() {
        let fitted: serde_json::Value =
            serde_json::from_str(include_str!("../../calibrate/fitted.json")).expect("json");
        for lib in ["aiohttp", "httpx", "requests", "go"] {
            let knobs = fitted[lib]["knobs"].as_object().expect("knobs");
            let preset: std::collections::BTreeMap<String, f64> = find(&format!("cpu-{lib}"))
                .expect("exists")
                .settings()
                .into_iter()
                .map(|(p, v)| (p, v.parse().expect("number")))
                .collect();
            for (path, cost) in knobs {
                let cost = cost.as_f64().expect("number");
                if path.as_str() == "pool.put_back_us" {
                    let Some(Sets::Pool(go)) = find("go-net-http").map(|p| p.sets) else {
                        panic!("go-net-http is a pool preset")
                    };
                    let go = go.pool.put_back_us;
                    assert_eq!(go, cost, "go-net-http put_back_us");
                    continue;
                }
                let got = preset.get(path.as_str()).copied().unwrap_or(0.0);
                assert_eq!(got, cost, "cpu-{lib} {path}");
            }
        }
    }

    #[test]
    fn find_and_unknown_names() {
        assert_eq!(find("go-net-http").map(|p| p.name), Some("go-net-http"));
        assert!(find("hikaricp").is_some_and(|p| p.library.contains("HikariCP")));
        assert!(find("Go-Net-Http").is_none());
        assert!(find("").is_none());
        let mut v = base();
        let e = apply(&mut v, "urllib4").unwrap_err();
        assert_eq!(e.field, "pool.preset");
        for preset in presets() {
            assert!(e.message.contains(preset.name), "{}", e.message);
        }
        assert_eq!(v, base(), "a failed apply changes nothing");
    }

    #[test]
    fn listing_shows_every_preset_and_value() {
        let text = listing();
        for preset in presets() {
            let block = text
                .split("\n\n")
                .find(|b| b.starts_with(&format!("{}  (", preset.name)))
                .unwrap_or_else(|| panic!("no block for {}", preset.name));
            for (path, raw) in preset.settings().iter().filter(|(p, _)| p != "pool.preset") {
                assert!(
                    block
                        .lines()
                        .any(|l| l.trim().split_once(' ').map(|(p, r)| (p, r.trim()))
                            == Some((path, raw))),
                    "{} {path}",
                    preset.name
                );
            }
        }
    }
}
