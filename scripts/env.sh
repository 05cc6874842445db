# Sourced (not run) by every script in scripts/: go to the repo root and put the
# tools first on PATH. node_modules/.bin comes first so that `wasm-opt` is npm's
# binaryen 132 (Debian's wasm-opt 108 writes modules that fail to load).
# shellcheck shell=bash
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Seconds since the epoch with milliseconds, for step timings.
now() { date +%s.%3N; }
# Elapsed seconds since $1 (a `now` value), e.g. "12.3".
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
