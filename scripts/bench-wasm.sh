#!/usr/bin/env bash
# wasm against native on the same scenario, in one run: scenarios/mmc.json
# (REQUESTS requests) through the page's Playground class in node (the
# wasm-pack `--target nodejs` release build) and in headless Chromium (the
# `--target web` build, driven by playwright-core), both built under target/,
# and natively
# through the same recording run (`poolsim run mmc --format series`: the page
# charts the series too). Best of REPEATS each; prints events/s and the ratio.
# Usage: scripts/bench-wasm.sh     REQUESTS=200000 REPEATS=5 scripts/bench-wasm.sh
set -euo pipefail
source "$(dirname "$0")/env.sh"

REQUESTS=${REQUESTS:-1000000}
REPEATS=${REPEATS:-3}
PKG=target/bench-wasm-pkg
WEB=target/bench-web

wasm-pack build --target nodejs --release --out-dir "$PKG" >/dev/null 2>&1 \
  || { echo "bench-wasm: wasm-pack build failed" >&2; exit 1; }
wasm-pack build --target web --release --out-dir "$WEB/pkg" >/dev/null 2>&1 \
  || { echo "bench-wasm: wasm-pack build (web) failed" >&2; exit 1; }
cargo build --release --quiet --bin poolsim

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
wasm_line=$(node benches/wasm_mmc.mjs "$PKG" "$REQUESTS" "$REPEATS")
echo "$wasm_line"
chromium_line=$(node benches/wasm_chromium.mjs "$WEB" "$REQUESTS" "$REPEATS")
echo "$chromium_line"

best=""
events=0
for _ in $(seq 1 "$REPEATS"); do
  t0=$(date +%s.%N)
  target/release/poolsim run mmc --set "clients.requests=$REQUESTS" --format series >/dev/null
  t1=$(date +%s.%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')
  best=$(awk -v a="$best" -v b="$wall" 'BEGIN {print (a == "" || b < a) ? b : a}')
done
events=$(target/release/poolsim run mmc --set "clients.requests=$REQUESTS" | awk '/^events/ {print $2}')
native_eps=$(awk -v e="$events" -v w="$best" 'BEGIN {printf "%.0f", e / w}')
echo "native requests=$REQUESTS events=$events best_s=$best events_per_s=$native_eps"
eps() { sed -E 's/.*events_per_s=([0-9]+).*/\1/' <<<"$1"; }
ratio() { awk -v w="$1" -v n="$native_eps" 'BEGIN {printf "%.2f", w / n}'; }
echo "wasm/native events/s ratio: node $(ratio "$(eps "$wasm_line")")," \
  "chromium $(ratio "$(eps "$chromium_line")")"
