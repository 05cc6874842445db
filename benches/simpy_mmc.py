"""M/M/c in SimPy, the model of scenarios/mmc.json: Poisson arrivals at
1800/s, exponential service with mean 50 ms, c = 100 servers (rho = 0.9), one
FIFO queue. Prints the customers simulated per wall-clock second.

Usage: python benches/simpy_mmc.py [CUSTOMERS] [SEED]
Run by scripts/bench-compare.sh inside a venv with simpy installed.
"""

import random
import sys
import time

import simpy

RATE_PER_S = 1800.0
SERVICE_MEAN_S = 0.050
SERVERS = 100


def customer(env, servers, rng, waits):
    arrived = env.now
    with servers.request() as slot:
        yield slot
        waits.append(env.now - arrived)
        yield env.timeout(rng.expovariate(1.0 / SERVICE_MEAN_S))


def arrivals(env, servers, rng, customers, waits):
    for _ in range(customers):
        env.process(customer(env, servers, rng, waits))
        yield env.timeout(rng.expovariate(RATE_PER_S))


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    waits = []
    env.process(arrivals(env, servers, rng, customers, waits))
    t0 = time.perf_counter()
    env.run()
    wall_s = time.perf_counter() - t0
    mean_wait_ms = 1000.0 * sum(waits) / len(waits)
    print(
        f"simpy customers={customers} wall_s={wall_s:.3f} "
        f"customers_per_s={customers / wall_s:.0f} mean_wait_ms={mean_wait_ms:.3f}"
    )


if __name__ == "__main__":
    main()
