#!/usr/bin/env bash
# Creates the Python venvs of the integration tests' cross-checks: <repo>/.venv from
# test/python/requirements.txt, and <repo>/.venv-delta from requirements-delta.txt (the Delta
# readers: delta-rs, and DuckDB 1.4.4 with its delta extension, which cannot share a venv with the
# DuckDB 2.0 of the first). Idempotent: a venv that matches its requirements is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null 2>&1; then python="$p"; break; fi
  done
fi
if [ -z "$python" ]; then
  echo "setup-venv: no python3 found; install Python 3.11 (or set PYTHON=/path/to/python3)" >&2
  exit 1
fi

setup() {
  local venv="$1" req="$2"
  local stamp="$venv/.requirements.sha256"
  local want
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "setup-venv: $venv is up to date"
    return 0
  fi
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$req"
  echo "$want" > "$stamp"
  echo "setup-venv: installed $(basename "$req") into $venv"
}

setup "$repo/.venv" "$here/requirements.txt"
setup "$repo/.venv-delta" "$here/requirements-delta.txt"
