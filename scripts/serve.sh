#!/usr/bin/env bash
# README command 1: install what is missing, build the wasm into www/pkg, and
# serve www/ on http://127.0.0.1:8080 (PORT=... to change). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "$0")/env.sh"

scripts/setup.sh
wasm-pack build --target web --release --out-dir www/pkg
port=${PORT:-8080}
echo "poolsim: open http://127.0.0.1:$port/"
exec python3 -m http.server --bind 127.0.0.1 --directory www "$port"
