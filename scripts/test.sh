#!/usr/bin/env bash
# README command 2 (and all of CI): every check, in order, stopping at the first
# failure. Each step prints a header and its elapsed time; a summary at the end.
set -euo pipefail
source "$(dirname "$0")/env.sh"

summary=()
# step NAME CMD...: run one command (a program or script, not a shell function,
# so `set -e` inside it is not suspended) and time it.
step() {
  local name=$1 t0; shift
  t0=$(now)
  printf '\n==== %s ====\n$ %s\n' "$name" "$*"
  if "$@"; then
    summary+=("$(printf '%-28s ok   %6ss' "$name" "$(since "$t0")")")
    printf -- '---- %s: ok (%ss)\n' "$name" "$(since "$t0")"
  else
    local rc=$?
    printf -- '---- %s: FAILED (exit %d, %ss)\n' "$name" "$rc" "$(since "$t0")" >&2
    printf '%s\n' "${summary[@]}" >&2
    exit "$rc"
  fi
}

start=$(now)
step "setup"              scripts/setup.sh
step "cargo fmt"          cargo fmt --check
step "cargo clippy"       cargo clippy --all-targets -- -D warnings
step "cargo test"         cargo test
step "wasm test (node)"   wasm-pack test --node
step "wasm test (chrome)" wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
step "build dist"         scripts/build-dist.sh
step "e2e (chromium)"     node tests/e2e/run.mjs dist

printf '\n==== all passed (%ss) ====\n' "$(since "$start")"
printf '%s\n' "${summary[@]}"
