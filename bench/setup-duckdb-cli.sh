#!/usr/bin/env bash
# Installs the DuckDB CLI (PyPI `duckdb-cli`, pinned in bench/requirements.txt) into
# .bench/duckdb-cli, a venv of its own: the bench's peer, not a test dependency. Idempotent;
# `pnpm bench:view` runs it when .bench/duckdb-cli/bin/duckdb is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.bench/duckdb-cli
if [ ! -x "$venv/bin/duckdb" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
"$venv/bin/duckdb" --version
