#!/usr/bin/env bash
# Install whatever the build and tests need and is missing. Idempotent: a second
# run checks and skips everything (a few seconds). A fresh machine takes ~20 min,
# mostly the two `cargo install`s. See shared/guide/toolchain.md for the traps.
set -euo pipefail
source "$(dirname "$0")/env.sh"

say() { printf '[setup] %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Rust: the wasm target, rustfmt and clippy.
installed=$(rustup target list --installed)
grep -qx wasm32-unknown-unknown <<<"$installed" || rustup target add wasm32-unknown-unknown
components=$(rustup component list --installed)
for c in rustfmt clippy; do grep -q "^$c" <<<"$components" || rustup component add "$c"; done

# 2. wasm-pack (the npm package of that name downloads from GitHub: use cargo).
if command -v wasm-pack >/dev/null; then say "wasm-pack: $(wasm-pack --version)"
else say "installing wasm-pack (~5 min)"; cargo install wasm-pack --locked; fi

# 3. wasm-bindgen CLI at exactly the crate version in Cargo.lock. Otherwise
#    wasm-pack silently builds its own copy (10+ min). No --locked: it fails.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$want" ] || { say "no wasm-bindgen in Cargo.lock"; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" = "$want" ]; then say "wasm-bindgen: $have"
else say "installing wasm-bindgen-cli $want (have: ${have:-none}; ~10 min)"
  cargo install wasm-bindgen-cli --version "$want" --force; fi

# 4. Chromium and chromedriver from Debian (Playwright's browser download fails).
#    POOLSIM_SKIP_BROWSER=1 skips them (the Pages workflow only builds the site).
if [ -n "${POOLSIM_SKIP_BROWSER:-}" ]; then say "chromium: skipped (POOLSIM_SKIP_BROWSER)"
elif [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then say "chromium: present"
else say "installing chromium + chromium-driver (~2 min)"
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; fi

# 5. npm devDependencies (playwright-core, binaryen). Re-install when
#    package-lock.json changed since the last install (hash stamp).
lock=package-lock.json; stamp=node_modules/.poolsim-lock.sha256
if [ -f "$lock" ]; then sum=$(sha256sum "$lock" package.json | sha256sum | cut -c1-64); else sum=none; fi
if [ -d node_modules ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && [ "$sum" != none ]; then
  say "node_modules: up to date"
elif [ -f "$lock" ]; then say "npm ci"; npm ci --no-audit --no-fund; echo "$sum" >"$stamp"
else say "npm install (no lock file yet)"; npm install --no-audit --no-fund; fi
say "wasm-opt: $(wasm-opt --version)"
