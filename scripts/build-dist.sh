#!/usr/bin/env bash
# Build the self-contained static site into dist/: www/ (minus dev files), the
# release wasm + JS glue in dist/pkg/, and scenarios/*.json in dist/scenarios/.
# Fails if any built HTML/JS/CSS references another origin. Does not run setup.
set -euo pipefail
source "$(dirname "$0")/env.sh"

[ -f www/index.html ] || { echo "build-dist: www/index.html is missing" >&2; exit 1; }

# Release build; wasm-opt comes from node_modules/.bin (see env.sh).
wasm-pack build --target web --release --out-dir www/pkg

rm -rf dist && mkdir -p dist
cp -R www/. dist/
# wasm-pack's npm-package files and other dev-only files are not part of the site.
rm -f dist/pkg/package.json dist/pkg/README* dist/pkg/LICENSE* dist/pkg/.gitignore dist/pkg/*.d.ts
find dist \( -name '*.md' -o -name '.gitignore' -o -name '.DS_Store' \) -delete
if [ -d scenarios ]; then mkdir -p dist/scenarios && cp scenarios/*.json dist/scenarios/; fi

# Nothing may leave the origin: no absolute http(s) URLs except XML namespaces.
external=$(grep -rEoH "https?://[^\"'\`<> )]+" dist --include='*.html' --include='*.js' \
  --include='*.mjs' --include='*.css' | grep -vE ':https?://www\.w3\.org/' || true)
if [ -n "$external" ]; then
  echo "build-dist: external URLs in dist/ (the site must be self-contained):" >&2
  echo "$external" >&2
  exit 1
fi
echo "build-dist: dist/ ready ($(du -sh dist | cut -f1); wasm $(du -h dist/pkg/*.wasm | cut -f1))"
