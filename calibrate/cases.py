"""The calibration grid: each case is a real-client run (client, its knobs,
the server's delay and concurrency) and the same thing as poolsim `--set`
overrides on the `stall-at-100` scenario (1000 gathered GETs, 1 host).

`LOOPBACK_CONNECT_MS` is the network part of a loopback TCP connect; the
client's own work for a connection is the preset's `cpu_us_connect`.
"""

N = 1000
LOOPBACK_CONNECT_MS = "0.05"


def aiohttp(id, delay_ms=50, sim=(), **client):
    return dict(id=id, client="aiohttp", n=N, delay_ms=delay_ms, library="aiohttp",
                sim=[("pool.preset", "aiohttp"), ("server.latency_ms", str(delay_ms)), *sim],
                **client)


CASES = [
    aiohttp("aiohttp-limit-100"),
    aiohttp("aiohttp-limit-500", limit=500, sim=[("pool.limit", "500")]),
    aiohttp("aiohttp-limit-1000", limit=1000, sim=[("pool.limit", "1000")]),
    aiohttp("aiohttp-limit-0", limit=0, sim=[("pool.limit", "0")]),
    aiohttp("aiohttp-per-host-10", limit_per_host=10, sim=[("pool.limit_per_host", "10")]),
    aiohttp("aiohttp-semaphore-50", semaphore=50,
            sim=[("semaphore.kind", '"fifo"'), ("semaphore.permits", "50")]),
    aiohttp("aiohttp-force-close", force_close=True, sim=[("pool.force_close", "true")]),
    aiohttp("aiohttp-server-64", server_concurrency=64, sim=[("server.workers", "64")]),
    aiohttp("aiohttp-delay-10", delay_ms=10),
    aiohttp("aiohttp-delay-200", delay_ms=200),
    dict(id="httpx-gather-1000", client="httpx", n=N, delay_ms=50, library="httpx",
         sim=[("pool.preset", "httpx")]),
    dict(id="httpx-gather-no-timeouts", client="httpx", n=N, delay_ms=50, library="httpx",
         no_timeouts=True,
         sim=[("pool.preset", "httpx"), ("timeouts.pool_acquire_ms", "0"),
              ("timeouts.connect_ms", "0"), ("timeouts.attempt_ms", "0")]),
    dict(id="httpx-workers-100", client="httpx", n=N, delay_ms=50, library="httpx",
         workers=100,
         sim=[("pool.preset", "httpx"), ("clients.kind", '"workers"'),
              ("clients.count", "100"), ("clients.jobs", str(N))]),
    dict(id="requests-threads-50", client="requests", n=N, delay_ms=50, library="requests",
         threads=50,
         sim=[("pool.preset", "requests"), ("clients.kind", '"workers"'),
              ("clients.count", "50"), ("clients.jobs", str(N))]),
    dict(id="go-goroutines-100", client="go", n=N, delay_ms=50, library="go",
         workers=100,
         sim=[("pool.preset", "go-net-http"), ("clients.kind", '"workers"'),
              ("clients.count", "100"), ("clients.jobs", str(N))]),
]
