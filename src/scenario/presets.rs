//! Library presets: the real defaults of the clients and pools we model, as
//! scenario settings. `--set pool.preset=NAME` (or `"preset"` in a file's
//! `pool` section) lays one of them over a scenario; `poolsim presets` lists them.
//!
//! Every value cites the line of `/work/shared/reference/library-defaults.md`
//! it comes from ("ref: repo path:line"); values that the reference does not
//! list say where they were read instead, or say "not modelled".
//!
//! What a preset sets:
//! - pool presets set every `pool.*` knob that is a library behaviour
//!   (not `connect_ms`, `time_wait_s` or `leak_probability`, which belong to
//!   the network, the OS and the application) and all four `timeouts.*`
//!   (0 where the library has no such timeout by default), so the result does
//!   not depend on what the scenario had before;
//! - retry presets (botocore, gRPC) set the `retry.*` section (and `limiter.*`
//!   for botocore's adaptive mode) and leave the pool alone.
//!
//! Both kinds set `pool.preset` to their own name.
//!
//! "No idle timeout" is written as `keepalive_timeout_s = 86400` (one day,
//! the largest value `validate` accepts): in `pool.rs` a keep-alive of 0 means
//! "never reuse", not "never expire".
//!
//! Architecture Invariant: a preset only sets fields that exist; each one
//! applies to every shipped scenario and the result validates (tested below).

use super::{set_path, ConfigError};
use std::fmt::Write as _;

/// One library's defaults as dotted scenario paths and JSON value text.
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub library: &'static str,
    pub summary: &'static str,
    pub settings: &'static [(&'static str, &'static str)],
}

/// aiohttp 3.14.3 `ClientSession()` → `TCPConnector()` + `DEFAULT_TIMEOUT`.
const AIOHTTP: Preset = Preset {
    name: "aiohttp",
    library: "aiohttp 3.14.3 TCPConnector() with ClientSession's DEFAULT_TIMEOUT",
    summary: "100 acquired connections in total (idle ones free and uncapped); request 101 waits \
              FIFO per host, bounded only by total=300 s; oldest idle connection reused first.",
    settings: &[
        ("pool.preset", r#""aiohttp""#),
        // ref: aiohttp connector.py:282 `limit=100`
        ("pool.limit", "100"),
        // ref: connector.py:585 the limit caps len(self._acquired): in use + dialling
        ("pool.limit_counts", r#""acquired""#),
        // ref: connector.py:283 `limit_per_host=0` (no per-host cap)
        ("pool.limit_per_host", "0"),
        // ref: connector.py:294-296 keepalive_timeout sentinel → 15.0 s
        ("pool.keepalive_timeout_s", "15"),
        // ref: connector.py:281 `force_close=False`
        ("pool.force_close", "false"),
        // ref: connector.py:682-723 a request over the limit waits on a future
        ("pool.on_full", r#""wait""#),
        // ref: §0 finding 1: the idle pool has no size cap; only the 15 s sweep removes idle
        // connections
        ("pool.max_idle_per_host", "0"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // ref: connector.py:306-310, :736, :826 deque: append right, popleft (oldest first),
        // since 3.11
        ("pool.idle_order", r#""fifo""#),
        // ref: connector.py:323, :766-791 FIFO per host (the random host shuffle is the pool's own)
        ("pool.waiter_order", r#""fifo""#),
        // no dial race: a waiter only waits (connector.py:682-723)
        ("pool.dial_race", "false"),
        // aiohttp has no connection-lifetime setting (none in the reference)
        ("pool.max_lifetime_s", "0"),
        // ref: client.py:231-236 ClientTimeout `connect=None`: a pool wait is bounded only by total
        ("timeouts.pool_acquire_ms", "0"),
        // ref: client.py:231-236 DEFAULT_TIMEOUT `sock_connect=30` (since 3.10.9)
        ("timeouts.connect_ms", "30000"),
        // ref: client.py:231-236 `sock_read=None`
        ("timeouts.attempt_ms", "0"),
        // ref: client.py:231-236 DEFAULT_TIMEOUT `total=5*60`
        ("timeouts.total_ms", "300000"),
    ],
};

/// httpx 0.28.1 `Client()` over httpcore 1.0.9.
const HTTPX: Preset = Preset {
    name: "httpx",
    library: "httpx 0.28.1 Client() (httpcore 1.0.9 connection pool)",
    summary: "100 connections in the whole pool, idle ones included; a 5 s PoolTimeout; \
              httpcore's bug closes any connection going idle once more than 20 exist.",
    settings: &[
        ("pool.preset", r#""httpx""#),
        // ref: httpx _config.py:247 Limits(max_connections=100): a cap on the whole pool
        ("pool.limit", "100"),
        // ref: httpcore connection_pool.py:302-336 new connection only if len(connections) < max
        ("pool.limit_counts", r#""open""#),
        // ref: §1 "A cap on the whole pool, across all origins" (no per-host cap)
        ("pool.limit_per_host", "0"),
        // ref: _config.py:178 keepalive_expiry=5.0 s
        ("pool.keepalive_timeout_s", "5"),
        ("pool.force_close", "false"),
        // ref: connection_pool.py:221 requests queue and wait
        ("pool.on_full", r#""wait""#),
        ("pool.max_idle_per_host", "0"),
        // ref: _config.py:247 max_keepalive_connections=20
        ("pool.max_idle", "20"),
        // ref: connection_pool.py:292-297 compares the total number of connections with 20
        ("pool.max_idle_counts_all", "true"),
        // ref: §4 httpcore takes the first available connection in creation order
        // (≈ oldest first)
        ("pool.idle_order", r#""fifo""#),
        // ref: connection_pool.py:221 `self._requests.append(...)`, assigned in list order
        ("pool.waiter_order", r#""fifo""#),
        ("pool.dial_race", "false"),
        ("pool.max_lifetime_s", "0"),
        // ref: _config.py:127-130, :246 Timeout(timeout=5.0): pool, connect, read all 5 s
        ("timeouts.pool_acquire_ms", "5000"),
        ("timeouts.connect_ms", "5000"),
        // read=5 s is per read; with one response per attempt it bounds the attempt
        ("timeouts.attempt_ms", "5000"),
        // httpx has no whole-request timeout
        ("timeouts.total_ms", "0"),
    ],
};

/// requests 2.34.2 `Session()` → `HTTPAdapter()` → urllib3 2.7.0.
const REQUESTS: Preset = Preset {
    name: "requests",
    library: "requests 2.34.2 Session() / HTTPAdapter() over urllib3 2.7.0",
    summary: "Never blocks: 10 connections kept per host (maxsize), the 11th concurrent request \
              opens an extra one that is closed on return (\"Connection pool is full\").",
    settings: &[
        ("pool.preset", r#""requests""#),
        // no total cap (pool_connections=10 is an LRU of host pools, not a connection cap)
        ("pool.limit", "0"),
        ("pool.limit_counts", r#""acquired""#),
        // ref: requests adapters.py:204 pool_maxsize=10 → urllib3 connectionpool.py:79 maxsize
        ("pool.limit_per_host", "10"),
        // urllib3 has no idle expiry (not in the reference): 86400 = never within a run
        ("pool.keepalive_timeout_s", "86400"),
        ("pool.force_close", "false"),
        // ref: adapters.py:79 pool_block=False; connectionpool.py:274-285 `pass # Oh well`:
        // a new connection
        ("pool.on_full", r#""overflow""#),
        // ref: connectionpool.py:310-328 put(block=False) raises Full → the connection is closed
        ("pool.max_idle_per_host", "10"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // ref: connectionpool.py:208-210 LifoQueue
        ("pool.idle_order", r#""lifo""#),
        // nobody waits with block=False
        ("pool.waiter_order", r#""fifo""#),
        ("pool.dial_race", "false"),
        ("pool.max_lifetime_s", "0"),
        // ref: adapters.py:82 DEFAULT_POOL_TIMEOUT = None
        ("timeouts.pool_acquire_ms", "0"),
        // requests passes timeout=None unless the caller sets one (not in the reference)
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
        ("timeouts.total_ms", "0"),
    ],
};

/// Go `net/http.DefaultTransport` (go1.19.8 line numbers; master identical).
const GO_NET_HTTP: Preset = Preset {
    name: "go-net-http",
    library: "Go net/http DefaultTransport with http.DefaultClient",
    summary: "No cap on connections (MaxConnsPerHost 0) but only 2 idle per host: after a burst \
              the client closes the rest (TIME_WAIT); every request queues for an idle connection \
              and dials at the same time.",
    settings: &[
        ("pool.preset", r#""go-net-http""#),
        // ref: transport.go MaxConnsPerHost 0 = unlimited (go1.19 :1416-1441); no total cap
        ("pool.limit", "0"),
        // ref: §1 MaxConnsPerHost counts dialling + active + idle
        ("pool.limit_counts", r#""open""#),
        ("pool.limit_per_host", "0"),
        // ref: transport.go:51 IdleConnTimeout 90 s
        ("pool.keepalive_timeout_s", "90"),
        ("pool.force_close", "false"),
        // ref: go1.19 :1465-1500 over MaxConnsPerHost, dials wait in a FIFO queue
        ("pool.on_full", r#""wait""#),
        // ref: transport.go:58 DefaultMaxIdleConnsPerHost = 2; :900-906 extra ones closed
        ("pool.max_idle_per_host", "2"),
        // ref: transport.go:50 MaxIdleConns 100 (Go closes the LRU idle one; we close the
        // returning one)
        ("pool.max_idle", "100"),
        ("pool.max_idle_counts_all", "false"),
        // ref: §1 idle reuse is MRU (list[len(list)-1])
        ("pool.idle_order", r#""lifo""#),
        // ref: go1.19 :942 a returned connection goes to q.popFront()
        ("pool.waiter_order", r#""fifo""#),
        // ref: go1.19 :1038, :1089, :1456 getConn queues for idle AND dials
        ("pool.dial_race", "true"),
        ("pool.max_lifetime_s", "0"),
        ("timeouts.pool_acquire_ms", "0"),
        // ref: transport.go:43-54 net.Dialer{Timeout: 30s}
        ("timeouts.connect_ms", "30000"),
        ("timeouts.attempt_ms", "0"),
        // ref: client.go:109 DefaultClient Timeout 0
        ("timeouts.total_ms", "0"),
    ],
};

/// Go `database/sql` `DB` with its defaults (go1.19.8 sql.go).
const GO_DATABASE_SQL: Preset = Preset {
    name: "go-database-sql",
    library: "Go database/sql DB (sql.Open defaults)",
    summary: "Unlimited open connections, 2 kept idle; a freed connection goes to a random \
              waiter, not the oldest; the most recently returned idle connection is reused first.",
    settings: &[
        ("pool.preset", r#""go-database-sql""#),
        // ref: sql.go:481, :985-1000 MaxOpenConns 0 = unlimited
        ("pool.limit", "0"),
        // ref: §4 numOpen counts every open connection
        ("pool.limit_counts", r#""open""#),
        ("pool.limit_per_host", "0"),
        // ref: sql.go:1010-1047 ConnMaxIdleTime 0 (off): 86400 = never within a run
        ("pool.keepalive_timeout_s", "86400"),
        ("pool.force_close", "false"),
        ("pool.on_full", r#""wait""#),
        // ref: sql.go:918-931 defaultMaxIdleConns = 2; :1527-1532 extra ones closed
        ("pool.max_idle_per_host", "2"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // ref: sql.go:1303-1307 freeConn[last] "Reuse the lowest idle time connection"
        ("pool.idle_order", r#""lifo""#),
        // ref: sql.go:1514 (go1.19 map order; master connRequests.TakeRandom)
        ("pool.waiter_order", r#""random""#),
        ("pool.dial_race", "false"),
        // ref: sql.go:1010-1047 ConnMaxLifetime 0 (off)
        ("pool.max_lifetime_s", "0"),
        // database/sql has only the caller's context
        ("timeouts.pool_acquire_ms", "0"),
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
        ("timeouts.total_ms", "0"),
    ],
};

/// HikariCP 6.0.0 `HikariConfig()` defaults.
const HIKARICP: Preset = Preset {
    name: "hikaricp",
    library: "HikariCP 6.0.0 HikariDataSource (HikariConfig defaults)",
    summary: "A fixed pool of 10 connections; a borrower waits up to connectionTimeout 30 s; \
              connections retire after maxLifetime 30 min.",
    settings: &[
        ("pool.preset", r#""hikaricp""#),
        // ref: HikariConfig.java:58 maximumPoolSize 10
        ("pool.limit", "10"),
        ("pool.limit_counts", r#""open""#),
        ("pool.limit_per_host", "0"),
        // ref: HikariConfig.java:55, :1134-1148 idleTimeout 600 s acts only when minimumIdle <
        // maximumPoolSize, and minimumIdle defaults to maximumPoolSize: idle connections never
        // expire (86400 = never within a run)
        ("pool.keepalive_timeout_s", "86400"),
        ("pool.force_close", "false"),
        // ref: ConcurrentBag.java:120-163 borrow waits on handoffQueue.poll(timeout)
        ("pool.on_full", r#""wait""#),
        ("pool.max_idle_per_host", "0"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // the shared list is scanned in insertion order (ConcurrentBag.java:120-163; thread-local
        // reuse not modelled)
        ("pool.idle_order", r#""fifo""#),
        // ref: ConcurrentBag.java:100 fair SynchronousQueue (barging newcomers not modelled)
        ("pool.waiter_order", r#""fifo""#),
        ("pool.dial_race", "false"),
        // ref: HikariConfig.java:56 maxLifetime 1 800 000 ms (its up-to-2.5 % early jitter is
        // not modelled)
        ("pool.max_lifetime_s", "1800"),
        // ref: HikariConfig.java:52 connectionTimeout 30 000 ms
        ("timeouts.pool_acquire_ms", "30000"),
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
        ("timeouts.total_ms", "0"),
    ],
};

/// OkHttp 5.4.0 `OkHttpClient()` used with async `enqueue()`.
const OKHTTP: Preset = Preset {
    name: "okhttp",
    library: "OkHttp 5.4.0 OkHttpClient() with enqueue() (Dispatcher + ConnectionPool)",
    summary:
        "Async calls: 64 at once, 5 per host (Dispatcher); 5 idle connections kept for 5 min. \
              Synchronous execute() is not limited at all.",
    settings: &[
        ("pool.preset", r#""okhttp""#),
        // ref: Dispatcher.kt:46 maxRequests 64 (running async calls)
        ("pool.limit", "64"),
        ("pool.limit_counts", r#""acquired""#),
        // ref: Dispatcher.kt:66 maxRequestsPerHost 5
        ("pool.limit_per_host", "5"),
        // ref: ConnectionPool.kt:38-40 keepAliveDuration 5 min
        ("pool.keepalive_timeout_s", "300"),
        ("pool.force_close", "false"),
        // ref: Dispatcher.kt:216-228 readyAsyncCalls queue (skipping past capped hosts is not
        // modelled)
        ("pool.on_full", r#""wait""#),
        ("pool.max_idle_per_host", "0"),
        // ref: ConnectionPool.kt:38-40 maxIdleConnections 5 (OkHttp evicts the longest idle)
        ("pool.max_idle", "5"),
        ("pool.max_idle_counts_all", "false"),
        // not in the reference: the pool is scanned in insertion order
        ("pool.idle_order", r#""fifo""#),
        // ref: Dispatcher.kt:111 readyAsyncCalls is an ArrayDeque scanned in order
        ("pool.waiter_order", r#""fifo""#),
        ("pool.dial_race", "false"),
        ("pool.max_lifetime_s", "0"),
        ("timeouts.pool_acquire_ms", "0"),
        // ref: OkHttpClient.kt:612-615 connect/read 10 000 ms, call 0
        ("timeouts.connect_ms", "10000"),
        ("timeouts.attempt_ms", "10000"),
        ("timeouts.total_ms", "0"),
    ],
};

/// Node.js `http.globalAgent` (Node ≥ 19).
const NODE_HTTP_AGENT: Preset = Preset {
    name: "node-http-agent",
    library: "Node.js http.globalAgent (Node >= 19: keepAlive, lifo, timeout 5000)",
    summary: "No cap on sockets (maxSockets Infinity); up to 256 free sockets per host kept for \
              5 s; the most recently freed socket is reused first.",
    settings: &[
        ("pool.preset", r#""node-http-agent""#),
        // ref: lib/_http_agent.js maxTotalSockets Infinity
        ("pool.limit", "0"),
        ("pool.limit_counts", r#""acquired""#),
        // ref: _http_agent.js Agent.defaultMaxSockets = Infinity
        ("pool.limit_per_host", "0"),
        // ref: _http_agent.js globalAgent `timeout: 5000` (a free socket that times out is
        // destroyed)
        ("pool.keepalive_timeout_s", "5"),
        // ref: globalAgent keepAlive: true (Node commit 655b327a4d)
        ("pool.force_close", "false"),
        // ref: addRequest queues per origin in requests[name]
        ("pool.on_full", r#""wait""#),
        // ref: _http_agent.js maxFreeSockets 256 (per host)
        ("pool.max_idle_per_host", "256"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // ref: globalAgent scheduling: 'lifo'
        ("pool.idle_order", r#""lifo""#),
        // ref: requests[name] push, then shift(): FIFO
        ("pool.waiter_order", r#""fifo""#),
        ("pool.dial_race", "false"),
        ("pool.max_lifetime_s", "0"),
        // the agent sets no request timeouts
        ("timeouts.pool_acquire_ms", "0"),
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
        ("timeouts.total_ms", "0"),
    ],
};

/// reqwest 0.13.4 `Client::new()` over hyper-util 0.1.20's legacy pool.
const REQWEST: Preset = Preset {
    name: "reqwest",
    library: "reqwest 0.13.4 Client::new() (hyper-util 0.1.20 legacy pool)",
    summary: "No cap on connections and no cap on idle ones, kept 90 s; a checkout races an idle \
              connection against a new connect; the most recent idle connection is reused first.",
    settings: &[
        ("pool.preset", r#""reqwest""#),
        // ref: reqwest client.rs:299-314 "No cap on total connections"
        ("pool.limit", "0"),
        ("pool.limit_counts", r#""acquired""#),
        ("pool.limit_per_host", "0"),
        // ref: reqwest client.rs:299-314 pool_idle_timeout 90 s
        ("pool.keepalive_timeout_s", "90"),
        ("pool.force_close", "false"),
        ("pool.on_full", r#""wait""#),
        // ref: client.rs:299-314 pool_max_idle_per_host usize::MAX (0 = no cap here)
        ("pool.max_idle_per_host", "0"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // ref: hyper-util pool.rs:301, :357 Vec::pop
        ("pool.idle_order", r#""lifo""#),
        // ref: pool.rs:396, :691 VecDeque waiters
        ("pool.waiter_order", r#""fifo""#),
        // ref: hyper-util client.rs:403-422 future::select(checkout, connect)
        ("pool.dial_race", "true"),
        ("pool.max_lifetime_s", "0"),
        // ref: reqwest client.rs:299-314 timeout and connect_timeout None
        ("timeouts.pool_acquire_ms", "0"),
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
        ("timeouts.total_ms", "0"),
    ],
};

/// Chromium's socket pools (what `fetch` in Chrome gets).
const BROWSER: Preset = Preset {
    name: "browser",
    library: "Chromium socket pools (HTTP/1.1): 6 per host, 256 in all",
    summary: "At most 6 connections per host and 256 in all; the 7th request to a host waits; \
              unused idle sockets are closed after 60 s.",
    settings: &[
        ("pool.preset", r#""browser""#),
        // ref: client_socket_pool_manager.cc g_max_sockets_per_pool[] = {256, 256}
        ("pool.limit", "256"),
        // Chromium closes idle sockets of other groups to make room, so idle ones do not block
        ("pool.limit_counts", r#""acquired""#),
        // ref: client_socket_pool_manager.cc g_max_sockets_per_group[] = {6, 255}
        ("pool.limit_per_host", "6"),
        // ref: §1 unused idle socket timeout 60 s (field-trial parameter)
        ("pool.keepalive_timeout_s", "60"),
        ("pool.force_close", "false"),
        ("pool.on_full", r#""wait""#),
        ("pool.max_idle_per_host", "0"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // not in the reference: transport_client_socket_pool.cc AssignIdleSocketToRequest takes
        // "the newest used idle socket"
        ("pool.idle_order", r#""lifo""#),
        // requests of equal priority are served in arrival order
        ("pool.waiter_order", r#""fifo""#),
        ("pool.dial_race", "false"),
        ("pool.max_lifetime_s", "0"),
        // fetch() has no default timeout
        ("timeouts.pool_acquire_ms", "0"),
        ("timeouts.connect_ms", "0"),
        ("timeouts.attempt_ms", "0"),
        ("timeouts.total_ms", "0"),
    ],
};

/// Envoy cluster defaults: circuit breakers, upstream HTTP/1 connection pool, route timeout.
const ENVOY: Preset = Preset {
    name: "envoy",
    library: "Envoy cluster (default circuit breakers, HTTP/1 upstream pool) and route",
    summary: "Up to 1024 upstream connections per cluster; pending requests take the first \
              connection that becomes ready, freed or new; the route times out after 15 s.",
    settings: &[
        ("pool.preset", r#""envoy""#),
        // ref: upstream_impl.cc ResourceManagers::load `max_connections = 1024` (per cluster)
        ("pool.limit", "1024"),
        // max_connections counts open connections
        ("pool.limit_counts", r#""open""#),
        ("pool.limit_per_host", "0"),
        // not in the reference: Envoy FAQ "How do I configure timeouts?": idle_timeout
        // defaults to 1 hour
        ("pool.keepalive_timeout_s", "3600"),
        ("pool.force_close", "false"),
        // ref: max_pending_requests 1024 (the 503 on overflowing it is not modelled)
        ("pool.on_full", r#""wait""#),
        ("pool.max_idle_per_host", "0"),
        ("pool.max_idle", "0"),
        ("pool.max_idle_counts_all", "false"),
        // not in the reference: conn_pool_base.cc newStream takes ready_clients_.front()
        ("pool.idle_order", r#""lifo""#),
        // not in the reference: conn_pool_base.cc "Pending streams are pushed onto the front, so
        // pull from the back"
        ("pool.waiter_order", r#""fifo""#),
        // not in the reference: conn_pool_base.cc a pending stream triggers a connect and attaches
        // to whichever client becomes ready first (onUpstreamReady)
        ("pool.dial_race", "true"),
        ("pool.max_lifetime_s", "0"),
        ("timeouts.pool_acquire_ms", "0"),
        // not in the reference: cluster connect_timeout defaults to 5 s
        ("timeouts.connect_ms", "5000"),
        // per_try_timeout defaults to the route timeout
        ("timeouts.attempt_ms", "0"),
        // not in the reference: route timeout defaults to 15 s (retries included)
        ("timeouts.total_ms", "15000"),
    ],
};

/// botocore 1.43.67 `retry_mode="standard"` (classic, not the "2026" mode).
const BOTOCORE_STANDARD: Preset = Preset {
    name: "botocore-standard",
    library: "botocore 1.43.67 retries, retry_mode=standard",
    summary: "3 attempts; full-jitter exponential backoff rand·min(2^(n−1), 20) s; a 500-token \
              retry quota (5 per retry, 10 after a timeout, +1 per first-try success).",
    settings: &[
        ("pool.preset", r#""botocore-standard""#),
        // ref: botocore standard.py:44 DEFAULT_MAX_ATTEMPTS = 3
        ("retry.max_attempts", "3"),
        // ref: standard.py:366-443 t = rand() · min(2^(attempt−1), 20): base 1 s, cap 20 s,
        // full jitter
        ("retry.backoff", r#""exponential""#),
        ("retry.base_ms", "1000"),
        ("retry.cap_ms", "20000"),
        ("retry.jitter", r#""full""#),
        // ref: standard.py:366-443 only the "2026" mode reads x-amz-retry-after
        ("retry.honor_retry_after", "false"),
        // standard.py TransientRetryableChecker 500/502/503/504 and connection errors, throttling
        // errors, ConnectTimeout/ReadTimeout (not in the reference)
        ("retry.on", r#"["timeout", "5xx", "429", "connect_error"]"#),
        // ref: quota.py:7-54, standard.py:670-737 INITIAL_CAPACITY 500, _RETRY_COST 5,
        // _TIMEOUT_RETRY_REQUEST 10, _NO_RETRY_INCREMENT 1
        ("retry.budget.enabled", "true"),
        ("retry.budget.capacity", "500"),
        ("retry.budget.retry_cost", "5"),
        ("retry.budget.timeout_retry_cost", "10"),
        ("retry.budget.success_increment", "1"),
    ],
};

/// botocore `retry_mode="adaptive"`: standard retries plus a client rate limiter.
const BOTOCORE_ADAPTIVE: Preset = Preset {
    name: "botocore-adaptive",
    library: "botocore 1.43.67 retries, retry_mode=adaptive",
    summary: "The standard retries and quota, plus a client-side token bucket that stays off \
              until the first throttling response, then follows a CUBIC rate (not modelled: \
              the limiter is left off).",
    settings: &[
        ("pool.preset", r#""botocore-adaptive""#),
        // the same RetryHandler as standard (botocore/retries/adaptive.py uses standard.*)
        ("retry.max_attempts", "3"),
        ("retry.backoff", r#""exponential""#),
        ("retry.base_ms", "1000"),
        ("retry.cap_ms", "20000"),
        ("retry.jitter", r#""full""#),
        ("retry.honor_retry_after", "false"),
        ("retry.on", r#"["timeout", "5xx", "429", "connect_error"]"#),
        ("retry.budget.enabled", "true"),
        ("retry.budget.capacity", "500"),
        ("retry.budget.retry_cost", "5"),
        ("retry.budget.timeout_retry_cost", "10"),
        ("retry.budget.success_increment", "1"),
        // not in the reference: botocore/retries/adaptive.py ClientRateLimiter starts with
        // `_enabled = False` and only acquires from its TokenBucket after a throttling error; its
        // rate then follows throttling.py's CubicCalculator, which our static limiters cannot
        // follow.
        // Off, as it is until the first 429; `acquire()` blocks, hence mode wait.
        ("limiter.kind", r#""none""#),
        ("limiter.mode", r#""wait""#),
    ],
};

/// A gRPC retry policy in the service config (gRFC A6).
const GRPC_RETRY: Preset = Preset {
    name: "grpc-retry",
    library: "gRPC retryPolicy (service config; grpc-go 1.83.1 limits)",
    summary: "gRPC has no default retry policy: this is the most it allows (5 attempts) with \
              gRPC's own 1 s / 120 s backoff constants, ±20% jitter (grpc-go ≥ 1.69), retrying \
              UNAVAILABLE.",
    settings: &[
        ("pool.preset", r#""grpc-retry""#),
        // ref: service_config.proto:136-157 all fields required; grpc-go dialoptions.go:43
        // defaultMaxCallAttempts = 5 (maxAttempts > 5 is treated as 5)
        ("retry.max_attempts", "5"),
        // ref: library-defaults §3 grpc-go ≥ v1.69 (commit 4c07bca, stream.go:850-872) uses
        // cur·U(0.8, 1.2), not the spec comment's full jitter random(0, …)
        ("retry.backoff", r#""exponential""#),
        ("retry.jitter", r#""grpc""#),
        // ref: grpc-go backoff/backoff.go:47-52 BaseDelay 1 s, MaxDelay 120 s (the connection
        // backoff; the retry policy has no defaults); multiplier 2 here (gRPC's is 1.6)
        ("retry.base_ms", "1000"),
        ("retry.cap_ms", "120000"),
        // ref: grpc-go stream.go:850-872 server pushback overrides the delay
        ("retry.honor_retry_after", "true"),
        // retryableStatusCodes ["UNAVAILABLE"]: a 503 or a failed connect (a 500 is retried too)
        ("retry.on", r#"["5xx", "connect_error"]"#),
        // ref: service_config.proto:622-636 retry throttling (refuse at ≤ maxTokens/2) is not
        // botocore's quota and is off unless configured
        ("retry.budget.enabled", "false"),
    ],
};

/// Every preset, in the order `poolsim presets` lists them.
pub const PRESETS: &[Preset] = &[
    AIOHTTP,
    HTTPX,
    REQUESTS,
    GO_NET_HTTP,
    GO_DATABASE_SQL,
    HIKARICP,
    OKHTTP,
    NODE_HTTP_AGENT,
    REQWEST,
    BROWSER,
    ENVOY,
    BOTOCORE_STANDARD,
    BOTOCORE_ADAPTIVE,
    GRPC_RETRY,
];

/// Event-loop CPU per stage, fitted by `calibrate/run.sh` against the real
/// client on the 2-core development machine (`calibrate/results.md`, the
/// first run of 2026-12-02, 1-minute load average 7–9: the machine was shared,
/// so these include contention; rerun the harness to calibrate your machine).
/// They set only `clients.cpu_us_*` and `server.cpu_us_per_request` (the
/// loopback Python server's share), never `pool.preset`, so they combine
/// with a pool preset: `--set pool.preset=aiohttp --set pool.preset=cpu-aiohttp`.
pub const CPU_PRESETS: &[Preset] = &[
    Preset {
        name: "cpu-aiohttp",
        library: "aiohttp 3.14.5 on CPython 3.11, fitted to 10 cases",
        summary: CPU_SUMMARY,
        settings: &[
            ("clients.cpu_us_task_start", "228"),
            ("clients.cpu_us_connect", "402"),
            ("clients.cpu_us_send", "141"),
            ("clients.cpu_us_read", "328"),
            ("clients.cpu_us_pool_scan", "0"),
            ("server.cpu_us_per_request", "147"),
        ],
    },
    Preset {
        name: "cpu-httpx",
        library: "httpx 0.28.1 on CPython 3.11, fitted to httpx-workers-100 only (the gathers did not finish)",
        summary: CPU_SUMMARY,
        settings: &[
            ("clients.cpu_us_task_start", "2263"),
            ("clients.cpu_us_connect", "2201"),
            ("clients.cpu_us_send", "1745"),
            ("clients.cpu_us_read", "4000"),
            ("clients.cpu_us_pool_scan", "2.0"),
            ("server.cpu_us_per_request", "200"),
        ],
    },
    Preset {
        name: "cpu-requests",
        library: "requests / urllib3 2.8 with 50 threads on CPython 3.11: the GIL as one CPU",
        summary: CPU_SUMMARY,
        settings: &[
            ("clients.cpu_us_task_start", "985"),
            ("clients.cpu_us_connect", "61"),
            ("clients.cpu_us_send", "430"),
            ("clients.cpu_us_read", "299"),
            ("clients.cpu_us_pool_scan", "0"),
            ("server.cpu_us_per_request", "1.5"),
        ],
    },
    Preset {
        name: "cpu-go",
        library: "Go 1.19 net/http, 100 goroutines (one CPU stands in for Go's scheduler on 2 cores)",
        summary: CPU_SUMMARY,
        settings: &[
            ("clients.cpu_us_task_start", "0"),
            ("clients.cpu_us_connect", "5.0"),
            ("clients.cpu_us_send", "320"),
            ("clients.cpu_us_read", "320"),
            ("clients.cpu_us_pool_scan", "0"),
            ("server.cpu_us_per_request", "6.2"),
        ],
    },
];

const CPU_SUMMARY: &str = "event-loop CPU per task start, new connection, send, read and queued \
                           request scanned, and the loopback server's CPU per request (µs), fitted";

/// The preset with this name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().chain(CPU_PRESETS).find(|p| p.name == name)
}

/// The valid names, comma separated (for error messages).
pub fn names() -> String {
    PRESETS
        .iter()
        .chain(CPU_PRESETS)
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
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
    for (path, raw) in preset.settings {
        set_path(value, path, raw)?;
    }
    Ok(())
}

/// The `poolsim presets` listing: one block per preset with its values.
pub fn listing() -> String {
    let mut out = String::new();
    for preset in PRESETS.iter().chain(CPU_PRESETS) {
        let _ = writeln!(out, "{}  ({})", preset.name, preset.library);
        let _ = writeln!(out, "  {}", preset.summary);
        for (path, raw) in preset
            .settings
            .iter()
            .filter(|(path, _)| *path != "pool.preset")
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
    /// `/work/shared/reference/library-defaults.md` (and, where it is silent,
    /// the sources named in the module's comments), independently of `PRESETS`.
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
        ("retry.budget.capacity", &[("botocore-standard", "500"), ("botocore-adaptive", "500")]),
        ("retry.budget.retry_cost", &[("botocore-standard", "5"), ("botocore-adaptive", "5")]),
        ("retry.budget.timeout_retry_cost", &[("botocore-standard", "10"), ("botocore-adaptive", "10")]),
        ("retry.budget.success_increment", &[("botocore-standard", "1"), ("botocore-adaptive", "1")]),
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
        for preset in PRESETS {
            for (path, raw) in preset.settings.iter().filter(|(p, _)| *p != "pool.preset") {
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
                let set = find(name).is_some_and(|p| p.settings.iter().any(|(q, _)| q == path));
                if !set {
                    failures.push(format!("{name} {path}: in the reference table but not set"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_lists_cover_every_preset_once() {
        let mut names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
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
        for preset in PRESETS {
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
        for preset in CPU_PRESETS {
            assert!(preset.settings.iter().all(|(p, _)| p.contains(".cpu_us_")));
            let mut v = applied("aiohttp");
            apply(&mut v, preset.name).expect("applies");
            let sc = Scenario::from_value(v).expect("validates");
            assert_eq!(sc.pool.preset, "aiohttp", "{}", preset.name);
            assert!(sc.clients.cpu_us_send > 0.0, "{}", preset.name);
        }
        assert_eq!(find("cpu-aiohttp").map(|p| p.settings.len()), Some(6));
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
        for preset in PRESETS {
            assert!(e.message.contains(preset.name), "{}", e.message);
        }
        assert_eq!(v, base(), "a failed apply changes nothing");
    }

    #[test]
    fn listing_shows_every_preset_and_value() {
        let text = listing();
        for preset in PRESETS {
            let block = text
                .split("\n\n")
                .find(|b| b.starts_with(&format!("{}  (", preset.name)))
                .unwrap_or_else(|| panic!("no block for {}", preset.name));
            for (path, raw) in preset.settings.iter().filter(|(p, _)| *p != "pool.preset") {
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
