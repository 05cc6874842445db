#!/usr/bin/env bash
# Writes the JSON (seeds 1 and 7) and `--format series` output of every
# shipped scenario from BINARY into DIR, for a byte-for-byte diff of two
# builds (a pure speed-up must leave every file the same):
#   scripts/outputs.sh /tmp/before/poolsim /tmp/out-before
#   scripts/outputs.sh target/release/poolsim /tmp/out-after
#   diff -r /tmp/out-before /tmp/out-after
set -euo pipefail
bin=$1
out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for f in "$here"/scenarios/*.json; do
  n=$(basename "$f" .json)
  "$bin" run "$f" --format json >"$out/$n.json"
  "$bin" run "$f" --seed 7 --format json >"$out/$n.s7.json"
  "$bin" run "$f" --format series >"$out/$n.series"
done
