"""Loopback HTTP/1.1 server for calibration: answers every GET after a fixed
delay and counts what poolsim predicts.

  python3 server.py --delay-ms 50 [--concurrency 64]

Listens on 127.0.0.1 only, on a free port, and prints the port as its first
line. GET /stats returns the counters as JSON (requests, peak_in_flight,
connections, cpu_s); GET /reset zeroes them. `--concurrency N` serves at most
N requests at once (the rest wait, and count as in flight, as in poolsim).
A request with `Connection: close` is answered and the server closes the
socket (so the server side holds that TIME_WAIT). `connections` counts the
connections that carried at least one delayed GET (not /stats or /reset).
"""

import argparse
import asyncio
import json
import time


class Stats:
    def __init__(self):
        self.reset()

    def reset(self):
        self.requests = 0
        self.in_flight = 0
        self.peak_in_flight = 0
        self.connections = 0
        self.cpu0 = time.process_time()

    def as_json(self):
        return json.dumps({
            "requests": self.requests,
            "peak_in_flight": self.peak_in_flight,
            "connections": self.connections,
            "cpu_s": time.process_time() - self.cpu0,
        }).encode()


STATS = Stats()


class Conn(asyncio.Protocol):
    def __init__(self, delay_s, gate):
        self.delay_s = delay_s
        self.gate = gate
        self.buf = b""
        self.transport = None
        self.busy = False
        self.counted = False

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buf += data
        if not self.busy:
            self.next_request()

    def next_request(self):
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return
        head, self.buf = self.buf[:end], self.buf[end + 4:]
        self.busy = True
        asyncio.get_running_loop().create_task(self.answer(head))

    async def answer(self, head):
        line, _, headers = head.partition(b"\r\n")
        path = line.split(b" ")[1] if b" " in line else b"/"
        close = b"connection: close" in headers.lower()
        if path == b"/stats":
            body = STATS.as_json()
        elif path == b"/reset":
            STATS.reset()
            body = b"{}"
        else:
            if not self.counted:
                self.counted = True
                STATS.connections += 1
            body = await self.work()
        self.respond(body, close)

    async def work(self):
        STATS.requests += 1
        STATS.in_flight += 1
        STATS.peak_in_flight = max(STATS.peak_in_flight, STATS.in_flight)
        try:
            if self.gate is None:
                await asyncio.sleep(self.delay_s)
            else:
                async with self.gate:
                    await asyncio.sleep(self.delay_s)
        finally:
            STATS.in_flight -= 1
        return b"ok"

    def respond(self, body, close):
        if self.transport.is_closing():
            return
        extra = b"Connection: close\r\n" if close else b""
        self.transport.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n" + extra + b"\r\n" + body)
        self.busy = False
        if close:
            self.transport.close()
        else:
            self.next_request()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--delay-ms", type=float, default=50.0)
    ap.add_argument("--concurrency", type=int, default=0)
    a = ap.parse_args()
    gate = asyncio.Semaphore(a.concurrency) if a.concurrency > 0 else None

    def factory():
        return Conn(a.delay_ms / 1e3, gate)

    server = await asyncio.get_running_loop().create_server(
        factory, "127.0.0.1", 0, backlog=4096)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
