#!/usr/bin/env bash
# Creates <repo>/.venv with test/python/requirements.txt, for the Python cross-checks in the
# integration tests. Idempotent: does nothing when the venv already matches the requirements.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

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

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup-venv: $venv is up to date"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$req"
echo "$want" > "$stamp"
echo "setup-venv: installed test/python/requirements.txt into $venv"
