"""Fits poolsim's per-stage CPU costs to the real runs and writes the table.

  python3 fit.py --real out/real.json --poolsim ../target/release/poolsim \
                 --fitted fitted.json --table results.md

For each library, a coordinate search (then seeded random steps) over the costs (task start, new
connection, send, read, pool scan, server CPU, per open connection, close; µs) minimises the worst
of |sim wall ÷ real wall − 1| and |sim peak at the server ÷ real peak − 1|
over that library's cases that finished (`case_error`), the sim
running each case as `poolsim run stall-at-100 --set ...`. A case the real
client did not finish within the bound counts by what it served by then:
the sim runs to the same horizon and its distance from the range the real
repeats served, ÷ max(real median, 1), enters the worst error
(`bound_error`; this pins httpcore's pool scan). For Go the pool's `put_back_us` is fitted as well, with
|sim connections ÷ real − 1| in the error (the dial race). Real values are
medians over the repeats; the table gives their range and the load average.

`--only go,httpx` fits only those libraries and keeps the others' costs
from the existing `--fitted` file (so fits of different libraries merge);
`--no-fit` fits nothing and rewrites the table from `--fitted` as it is.
"""

import argparse
import json
import math
import random
import statistics
import subprocess

import cases

KNOBS = ["clients.cpu_us_task_start", "clients.cpu_us_connect", "clients.cpu_us_send",
         "clients.cpu_us_read", "clients.cpu_us_pool_scan", "server.cpu_us_per_request",
         "clients.cpu_us_per_open_conn", "clients.cpu_us_close"]
SHORT = ["task", "connect", "send", "read", "scan", "server", "per open conn", "close"]
# httpx starts near its last fit (the served-by-the-bound error is flat far from it:
# with the scan ten times too costly nothing is served in 30 s whatever the other costs).
START = {"aiohttp": [160, 60, 5, 230, 0, 7, 0.16, 760], "httpx": [130, 30, 140, 1250, 0.3, 6, 0, 0],
         "requests": [300, 150, 300, 600, 0, 100, 0, 0], "go": [0, 20, 10, 20, 0, 50, 0, 0]}
# Costs the fit leaves at 0: the scan is httpcore's alone; Go has no task start;
# the per-open-connection and close costs are fitted for aiohttp only.
NEW = {"per open conn", "close"}
FIXED_ZERO = {"aiohttp": {"scan"}, "httpx": NEW, "requests": {"scan"} | NEW, "go": {"scan", "task"} | NEW}
# Pool knobs fitted for one library only, after the costs: (knob, short name, start).
EXTRA = {"go": [("pool.put_back_us", "put back", 500)]}
# Libraries whose connection count enters the error (the knob above moves it).
FIT_CONNS = {"go"}


def knobs_of(lib):
    return KNOBS + [k for k, _, _ in EXTRA.get(lib, [])]


def short_of(lib):
    return SHORT + [n for _, n, _ in EXTRA.get(lib, [])]


def sim(poolsim, case, costs, horizon_s=None):
    sets = [("pool.connect_ms", cases.LOOPBACK_CONNECT_MS), *case["sim"]]
    sets += [(k, f"{v:.3f}") for k, v in zip(knobs_of(case["library"]), costs)]
    if horizon_s:
        sets.append(("run.horizon_s", f"{horizon_s:.3f}"))
    args = [poolsim, "run", "stall-at-100", "--format", "json"]
    for k, v in sets:
        args += ["--set", f"{k}={v}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def median_rows(rows):
    """Per case: medians and ranges of the real measurements."""
    by = {}
    for r in rows:
        by.setdefault(r["case"], []).append(r)
    out = {}
    for cid, rs in by.items():
        done = [r for r in rs if "error" not in r]
        def med(key, src=done):
            vals = [r[key] for r in src]
            return statistics.median(vals) if vals else None
        out[cid] = {
            "finished": len(done), "repeats": len(rs),
            "wall_s": med("wall_s"), "wall_range": (min(r["wall_s"] for r in rs), max(r["wall_s"] for r in rs)),
            "peak": med("peak_in_flight", rs), "peak_range": (min(r["peak_in_flight"] for r in rs), max(r["peak_in_flight"] for r in rs)),
            "conns": med("connections", rs), "conns_range": (min(r["connections"] for r in rs), max(r["connections"] for r in rs)),
            "served": med("server_requests", rs),
            "served_range": (min(r["server_requests"] for r in rs), max(r["server_requests"] for r in rs)),
            "failed": med("failed") if done else None,
            "failures": done[0].get("failures", {}) if done else {},
            "tw_client": med("time_wait_client", rs), "tw_server": med("time_wait_server", rs),
            "load": statistics.mean(r["load_1m"] for r in rs),
            "error": rs[0].get("error") if not done else None,
        }
    return out


def case_error(s, r):
    """A case's error: the larger of |sim wall ÷ real wall − 1| and
    |sim peak at the server ÷ real peak − 1|. The peak is what the server
    counts (requests it holds), so it pins how the client's CPU splits
    between sending (cheap: many requests reach the server before the
    first answers) and reading (the rest of the wall time)."""
    wall = abs(s["makespan_s"] / r["wall_s"] - 1.0)
    peak = abs(s["peak_at_server"] / r["peak"] - 1.0) if r["peak"] else 0.0
    return max(wall, peak)


def conns_error(s, r):
    return abs(s["connections_opened"] / r["conns"] - 1.0) if r["conns"] else 0.0


def bound_error(poolsim, case, r, costs):
    """A case the real client did not finish in the bound: the sim, stopped
    at the same time, should have served as many as a real repeat did
    (within their range: 0 when inside; real 0 means serve none)."""
    lo, hi = r["served_range"]
    served = sim(poolsim, case, costs, horizon_s=r["wall_range"][0])["completed"]
    return max(lo - served, served - hi, 0) / max(r["served"], 1.0)


def worst_error(poolsim, lib_cases, real, costs):
    worst = 0.0
    for c in lib_cases:
        r = real.get(c["id"])
        if not r:
            continue
        if not r["wall_s"]:
            worst = max(worst, bound_error(poolsim, c, r, costs))
            continue
        s = sim(poolsim, c, costs)
        worst = max(worst, case_error(s, r))
        if c["library"] in FIT_CONNS:
            worst = max(worst, conns_error(s, r))
    return worst


def worst_wall_error(poolsim, lib_cases, real, costs):
    worst = 0.0
    for c in lib_cases:
        r = real.get(c["id"])
        if r and r["wall_s"]:
            worst = max(worst, abs(sim(poolsim, c, costs)["makespan_s"] / r["wall_s"] - 1.0))
    return worst


def fit(poolsim, lib, lib_cases, real, rounds, perturbations):
    costs = list(START[lib]) + [v for _, _, v in EXTRA.get(lib, [])]
    names = short_of(lib)
    fixed = FIXED_ZERO.get(lib, set())
    for i, name in enumerate(names):
        if name in fixed:
            costs[i] = 0.0
    best = worst_error(poolsim, lib_cases, real, costs)
    step = 2.0
    for _ in range(rounds):
        improved = False
        for i, name in enumerate(names):
            if name in fixed:
                continue
            for f in (step, 1.0 / step):
                trial = list(costs)
                floor = 0.01 if name == "per open conn" else 1.0
                trial[i] = max(trial[i], floor) * f if costs[i] > 0 else 5.0 * f
                e = worst_error(poolsim, lib_cases, real, trial)
                if e < best:
                    best, costs, improved = e, trial, True
        if not improved:
            step = step ** 0.5
            if step < 1.05:
                break
    # Then seeded random perturbations around the best point (log-normal steps).
    rng = random.Random(1)
    for _ in range(perturbations):
        trial = [c * math.exp(rng.gauss(0, 0.3)) if names[i] not in fixed and c > 0 else c
                 for i, c in enumerate(costs)]
        e = worst_error(poolsim, lib_cases, real, trial)
        if e < best:
            best, costs = e, trial
    return costs, best


def fmt_range(lo, hi, f="{:.0f}"):
    return f.format(lo) if lo == hi else f"{f.format(lo)}–{f.format(hi)}"


def table(poolsim, fitted, real, loads):
    lines = [
        "| case | real wall s (range) | sim wall s | sim ÷ real | real peak at server | sim peak at server | "
        "real conns | sim conns | real failed | sim failed | real TIME_WAIT client/server | "
        "sim TIME_WAIT client/server | load 1m |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in cases.CASES:
        r = real.get(c["id"])
        if not r:
            continue
        s = sim(poolsim, c, fitted[c["library"]]["costs"])
        tw = s["time_wait_at_exit"]
        if r["wall_s"] is None:
            bound = r["wall_range"][0]
            wall = f"not done in {bound:.0f} s ({r['served']:.0f} served)"
            by = sim(poolsim, c, fitted[c["library"]]["costs"], horizon_s=bound)["completed"]
            ratio = f"— ({by} served in {bound:.0f} s)"
        else:
            wall = f"{r['wall_s']:.3f} ({fmt_range(*r['wall_range'], '{:.3f}')})"
            ratio = f"{s['makespan_s'] / r['wall_s']:.2f}"
        failed = "—" if r["failed"] is None else f"{r['failed']:.0f} {json.dumps(r['failures'])}"
        lines.append(
            f"| {c['id']} | {wall} | {s['makespan_s']:.3f} | {ratio} | "
            f"{r['peak']:.0f} ({fmt_range(*r['peak_range'])}) | {s['peak_at_server']} | "
            f"{r['conns']:.0f} ({fmt_range(*r['conns_range'])}) | {s['connections_opened']} | "
            f"{failed} | {s['failed']} | {r['tw_client']:.0f}/{r['tw_server']:.0f} | "
            f"{tw['client']}/{tw['server']} | {r['load']:.1f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", required=True)
    ap.add_argument("--poolsim", required=True)
    ap.add_argument("--fitted", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--perturbations", type=int, default=120)
    ap.add_argument("--rerun", default="", help="a later run's rows, tabled with the same costs")
    ap.add_argument("--only", default="",
                    help="comma-separated libraries to fit; the others keep their costs from --fitted")
    ap.add_argument("--no-fit", action="store_true",
                    help="fit nothing: table the costs already in --fitted (after merging fits)")
    a = ap.parse_args()
    rows = json.load(open(a.real))
    real = median_rows(rows)
    libs = ["aiohttp", "httpx", "requests", "go"]
    only = [x for x in a.only.split(",") if x]
    unknown = [x for x in only if x not in libs]
    if unknown:
        ap.error(f"--only: unknown libraries {unknown}; valid: {','.join(libs)}")
    fitted = {}
    if a.no_fit:
        only = ["-"]
    if only:
        kept = json.load(open(a.fitted))
        fitted = {lib: kept[lib] for lib in libs if lib in kept and lib not in only}
        for lib, v in fitted.items():  # costs fitted before a knob existed leave it at 0
            n_extra = len(EXTRA.get(lib, []))
            gap = len(knobs_of(lib)) - len(v["costs"])
            at = len(v["costs"]) - n_extra
            v["costs"][at:at] = [0.0] * gap
    for lib in libs:
        if only and lib not in only:
            continue
        lib_cases = [c for c in cases.CASES if c["library"] == lib and c["id"] in real]
        if not lib_cases:
            continue
        costs, worst = fit(a.poolsim, lib, lib_cases, real, a.rounds, a.perturbations)
        wall = worst_wall_error(a.poolsim, lib_cases, real, costs)
        fitted[lib] = {"costs": costs, "worst_error": worst, "worst_wall_error": wall,
                       "knobs": dict(zip(knobs_of(lib), [round(c, 1 if c >= 1 else 2) for c in costs]))}
        print(lib, fitted[lib], flush=True)
    fitted = {lib: fitted[lib] for lib in libs if lib in fitted}
    json.dump(fitted, open(a.fitted, "w"), indent=1)
    loads = [r["load_1m"] for r in rows]
    body = table(a.poolsim, fitted, real, loads)
    with open(a.table, "w") as f:
        f.write(HEADER.format(repeats=max(r["repeat"] for r in rows) + 1,
                              load_lo=min(loads), load_hi=max(loads)))
        extra = [n for lib in libs for _, n, _ in EXTRA.get(lib, [])]
        f.write(body + "\n\n## Fitted costs (µs)\n\n| library | " + " | ".join(SHORT + extra)
                + " | worst wall error | worst error (wall, peak, conns, served by the bound) |\n|---|"
                + "---|" * (len(SHORT) + len(extra) + 2) + "\n")
        for lib, v in fitted.items():
            own = dict(zip(short_of(lib), v["costs"]))
            f.write(f"| {lib} | " + " | ".join(("—" if n not in own else f"{own[n]:.1f}" if own[n] >= 1 or own[n] == 0
                                                else f"{own[n]:.2f}") for n in SHORT + extra)
                    + f" | {v['worst_wall_error'] * 100:.0f}% | {v['worst_error'] * 100:.0f}% |\n")
        if a.rerun:
            rerun_rows = json.load(open(a.rerun))
            rl = [r["load_1m"] for r in rerun_rows]
            f.write(RERUN.format(load_lo=min(rl), load_hi=max(rl)))
            f.write(table(a.poolsim, fitted, median_rows(rerun_rows), rl) + "\n")
        f.write(FOOTER)


HEADER = """# Calibration: poolsim against real clients on this machine

Written by `calibrate/run.sh` (`fit.py`); do not edit by hand. 1000 GETs to a
loopback server (`server.py`, fixed delay) per case, {repeats} repeats, real
values are medians (range in brackets). The machine has 2 cores shared with
other builds: the 1-minute load average was {load_lo:.1f}–{load_hi:.1f} while
these rows ran, so wall times are noisy and a rerun on a quiet machine will
differ. The simulated rows use the fitted costs below (and
`pool.connect_ms = {connect}` for a loopback connect).

""".replace("{connect}", cases.LOOPBACK_CONNECT_MS)

RERUN = """
## Another run of the grid, same fitted costs

The same grid measured at another time (1-minute load average {load_lo:.1f}–{load_hi:.1f}),
simulated with the costs fitted above: how much the wall times on this shared
machine move with its load.

"""

FOOTER = """
Peak at server and connections are counted by the server (requests it holds:
received and not yet answered); the sim's column is `peak_at_server`, which
can be far below its `peak_in_flight` when the client's loop holds
connections it has not sent on yet; TIME_WAIT by
reading `/proc/net/tcp` for the server's port right after the client exited
(client side: remote port = server port; server side: local port = server
port). Runs are bounded (`measure.py --timeout-s`); a case "not done" hit
that bound.
"""

if __name__ == "__main__":
    main()
