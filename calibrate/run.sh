#!/usr/bin/env bash
# Calibrates poolsim's per-stage client CPU against real clients on this
# machine, in one command:
#   calibrate/run.sh [REPEATS]
# Builds poolsim (release) and the Go driver (if `go` is installed), makes a
# venv with aiohttp, httpx and requests (calibrate/.venv, gitignored), runs
# every case of cases.py against a loopback server (127.0.0.1 only, each run
# bounded), fits the costs and writes calibrate/results.md and fitted.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
repeats="${1:-3}"
cd "$root"
cargo build --release --quiet
go_driver=""
if command -v go >/dev/null; then
  (cd "$here/go" && go build -o "$root/target/calibrate-go-driver" .)
  go_driver="$root/target/calibrate-go-driver"
else
  echo "go not installed: skipping the Go net/http case (apt-get install golang-go)" >&2
fi
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet aiohttp httpx requests
fi
mkdir -p "$here/data"
"$here/.venv/bin/python" "$here/measure.py" --out "$here/data/real.json" \
  --repeats "$repeats" --timeout-s 30 --go-driver "$go_driver"
"$here/.venv/bin/python" "$here/fit.py" --real "$here/data/real.json" \
  --poolsim "$root/target/release/poolsim" --fitted "$here/fitted.json" \
  --table "$here/results.md"
echo "wrote $here/results.md"
