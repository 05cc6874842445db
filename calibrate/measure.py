"""Runs the real clients against the loopback server for every case of
`cases.py`, `--repeats` times each, and writes the raw rows (JSON) to
`--out`. Each row has the client's wall time, ok / failed counts, the
server's peak in flight, connections and requests, client and server CPU
time, the TIME_WAIT sockets on the server's port after the client exited
(client side and server side) and the load average when the row ran.

Only 127.0.0.1; each client run is bounded by `--timeout-s`.
"""

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import time

import cases

HERE = os.path.dirname(os.path.abspath(__file__))


def get_json(port, path):
    """A control request on its own socket, reset on close (SO_LINGER 0) so
    that it leaves no TIME_WAIT to be counted with the client's."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while True:
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                if len(body) >= length:
                    return json.loads(body[:length])
            chunk = s.recv(65536)
            if not chunk:
                raise OSError("control connection closed early")
            data += chunk


def time_wait(port):
    """TIME_WAIT sockets involving `port`: (held by the client, held by the server)."""
    client = server = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(name).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[3] != "06":
                continue
            local, remote = int(f[1].split(":")[1], 16), int(f[2].split(":")[1], 16)
            if local == port:
                server += 1
            elif remote == port:
                client += 1
    return client, server


def start_server(case):
    cmd = [sys.executable, os.path.join(HERE, "server.py"), "--delay-ms", str(case["delay_ms"]),
           "--concurrency", str(case.get("server_concurrency", 0))]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline())
    return p, port


def client_cmd(case, url, go_driver):
    c = case["client"]
    if c == "go":
        return [go_driver, "-url", url, "-n", str(case["n"]), "-goroutines", str(case["workers"])]
    args = [sys.executable, os.path.join(HERE, "drivers.py"), c, url, "--n", str(case["n"])]
    for flag, key in [("--limit", "limit"), ("--limit-per-host", "limit_per_host"),
                      ("--semaphore", "semaphore"), ("--workers", "workers"),
                      ("--threads", "threads")]:
        if key in case:
            args += [flag, str(case[key])]
    if case.get("force_close"):
        args.append("--force-close")
    if case.get("no_timeouts"):
        args.append("--no-timeouts")
    return args


def run_once(case, go_driver, timeout_s):
    srv, port = start_server(case)
    try:
        load = os.getloadavg()[0]
        get_json(port, "/reset")
        t0 = time.perf_counter()
        try:
            out = subprocess.run(client_cmd(case, f"http://127.0.0.1:{port}/", go_driver),
                                 capture_output=True, text=True, timeout=timeout_s)
            row = json.loads(out.stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError) as e:
            row = {"error": type(e).__name__, "wall_s": time.perf_counter() - t0}
        stats = get_json(port, "/stats")
        tw_client, tw_server = time_wait(port)
        row.update({
            "case": case["id"], "load_1m": load,
            "peak_in_flight": stats["peak_in_flight"], "connections": stats["connections"],
            "server_requests": stats["requests"], "server_cpu_s": stats["cpu_s"],
            "time_wait_client": tw_client, "time_wait_server": tw_server,
        })
        return row
    finally:
        srv.terminate()
        srv.wait(timeout=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout-s", type=float, default=90.0)
    ap.add_argument("--go-driver", default="")
    ap.add_argument("--only", default="", help="comma-separated case ids")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    rows = []
    for case in cases.CASES:
        if (only and case["id"] not in only) or (case["client"] == "go" and not a.go_driver):
            continue
        for rep in range(a.repeats):
            row = run_once(case, a.go_driver, a.timeout_s)
            row["repeat"] = rep
            rows.append(row)
            print(json.dumps(row), flush=True)
    with open(a.out, "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
