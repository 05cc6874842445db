#!/usr/bin/env bash
# Side by side: the same M/M/c model (c = 100, rho = 0.9: Poisson arrivals at
# 1800/s, exponential service with mean 50 ms, as scenarios/mmc.json) in
# SimPy (benches/simpy_mmc.py) and in poolsim (`poolsim run mmc`, release),
# interleaved, RUNS times each. Prints customers per wall-clock second for
# each run, the medians and their ratio.
#
# SimPy comes from PyPI into a venv under target/ (not committed).
# Usage: scripts/bench-compare.sh            (1M customers, 3 runs each)
#        CUSTOMERS=200000 RUNS=5 scripts/bench-compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CUSTOMERS=${CUSTOMERS:-1000000}
RUNS=${RUNS:-3}
VENV=target/bench-venv
SIMPY_VERSION=4.1.2

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import simpy" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet "simpy==$SIMPY_VERSION"
fi
cargo build --release --quiet --bin poolsim

now_s() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

simpy_rates=()
poolsim_rates=()
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  line=$("$VENV/bin/python" benches/simpy_mmc.py "$CUSTOMERS" "$i")
  rate=$(sed -E 's/.*customers_per_s=([0-9.]+).*/\1/' <<<"$line")
  simpy_rates+=("$rate")
  echo "run $i  $line"

  t0=$(now_s)
  out=$(target/release/poolsim run mmc --set "clients.requests=$CUSTOMERS" --seed "$i")
  t1=$(now_s)
  events=$(awk '/^events/ {print $2}' <<<"$out")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
  rate=$(awk -v n="$CUSTOMERS" -v w="$wall" 'BEGIN {printf "%.0f", n / w}')
  poolsim_rates+=("$rate")
  echo "run $i  poolsim customers=$CUSTOMERS wall_s=$wall customers_per_s=$rate events=$events" \
    "events_per_s=$(awk -v e="$events" -v w="$wall" 'BEGIN {printf "%.0f", e / w}')"
done

simpy_median=$(printf '%s\n' "${simpy_rates[@]}" | median)
poolsim_median=$(printf '%s\n' "${poolsim_rates[@]}" | median)
echo "median customers/s: simpy $simpy_median  poolsim $poolsim_median  ratio" \
  "$(awk -v p="$poolsim_median" -v s="$simpy_median" 'BEGIN {printf "%.1fx", p / s}')"
