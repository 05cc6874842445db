"""Real clients for calibration: each sends N GETs to the loopback server and
prints one JSON line: wall time, ok / failed counts, failures by exception,
and the client's own CPU time.

  python3 drivers.py aiohttp URL --n 1000 [--limit 100] [--limit-per-host 0]
                     [--semaphore 0] [--force-close]
  python3 drivers.py httpx URL --n 1000 [--workers 0] [--no-timeouts]
  python3 drivers.py requests URL --n 1000 --threads 50

aiohttp and httpx gather N tasks (or `--workers` tasks draining N jobs);
requests runs `--threads` threads over one shared Session. Every client is
built with its library's defaults except the flags given.
"""

import argparse
import asyncio
import collections
import json
import time


def report(wall_s, outcomes, cpu_s):
    failed = {k: v for k, v in outcomes.items() if k != "ok"}
    print(json.dumps({
        "wall_s": wall_s,
        "ok": outcomes.get("ok", 0),
        "failed": sum(failed.values()),
        "failures": failed,
        "client_cpu_s": cpu_s,
    }), flush=True)


def tally(results):
    out = collections.Counter()
    for r in results:
        out["ok" if r is None else type(r).__name__] += 1
    return out


async def gather_or_workers(n, workers, one):
    """Runs `one()` n times: n gathered tasks, or `workers` tasks draining n jobs."""
    if workers <= 0:
        return await asyncio.gather(*[one() for _ in range(n)], return_exceptions=True)
    left = [n]
    results = []

    async def worker():
        while left[0] > 0:
            left[0] -= 1
            try:
                results.append(await one())
            except Exception as e:  # noqa: BLE001 - counted by type
                results.append(e)

    await asyncio.gather(*[worker() for _ in range(workers)])
    return results


async def run_aiohttp(a):
    import aiohttp
    conn = aiohttp.TCPConnector(limit=a.limit, limit_per_host=a.limit_per_host,
                                force_close=a.force_close)
    sem = asyncio.Semaphore(a.semaphore) if a.semaphore > 0 else None
    async with aiohttp.ClientSession(connector=conn) as s:
        async def get():
            async with s.get(a.url) as r:
                await r.read()

        async def one():
            if sem is None:
                return await get()
            async with sem:
                return await get()

        t0 = time.perf_counter()
        results = await gather_or_workers(a.n, a.workers, one)
        wall = time.perf_counter() - t0
    return wall, results


async def run_httpx(a):
    import httpx
    kw = {"timeout": None} if a.no_timeouts else {}
    async with httpx.AsyncClient(**kw) as c:
        async def one():
            r = await c.get(a.url)
            r.raise_for_status()

        t0 = time.perf_counter()
        results = await gather_or_workers(a.n, a.workers, one)
        wall = time.perf_counter() - t0
    return wall, results


def run_requests(a):
    from concurrent.futures import ThreadPoolExecutor
    import requests
    s = requests.Session()

    def one(_):
        try:
            s.get(a.url).raise_for_status()
            return None
        except Exception as e:  # noqa: BLE001 - counted by type
            return e

    t0 = time.perf_counter()
    with ThreadPoolExecutor(a.threads) as ex:
        results = list(ex.map(one, range(a.n)))
    wall = time.perf_counter() - t0
    s.close()
    return wall, results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("client", choices=["aiohttp", "httpx", "requests"])
    ap.add_argument("url")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--limit-per-host", type=int, default=0)
    ap.add_argument("--semaphore", type=int, default=0)
    ap.add_argument("--force-close", action="store_true")
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--no-timeouts", action="store_true")
    ap.add_argument("--threads", type=int, default=50)
    a = ap.parse_args()
    cpu0 = time.process_time()
    if a.client == "requests":
        wall, results = run_requests(a)
    else:
        runner = run_aiohttp if a.client == "aiohttp" else run_httpx
        wall, results = asyncio.run(runner(a))
    report(wall, tally(results), time.process_time() - cpu0)


if __name__ == "__main__":
    main()
