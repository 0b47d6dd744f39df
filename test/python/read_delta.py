"""Reads columns of one Delta table with delta-rs (deltalake) and DuckDB's delta extension, sorted
by (partition, offset), and prints one JSON object: {"columns", "deltalake": rows, "duckdb": rows,
"schema": [names], "version", "history": [operations]}. Runs in .venv-delta (see setup-venv.sh).

Usage: read_delta.py <table-dir> <column>[,<column>...]
"""
import json
import os
import sys

import duckdb
import duckdb_ext
from deltalake import DeltaTable


def main(table_path, columns):
    cols = columns.split(",")
    t = DeltaTable(table_path)
    df = t.to_pandas(columns=cols).sort_values(["partition", "offset"])
    rs_rows = [[None if (isinstance(v, float) and v != v) else v for v in r] for r in df[cols].itertuples(index=False)]
    ext = os.path.join(list(duckdb_ext.__path__)[0], "extensions")
    con = duckdb.connect(config={"extension_directory": ext, "autoinstall_known_extensions": False})
    con.execute("LOAD delta")
    quoted = ", ".join(f'"{c}"' for c in cols)
    duck_rows = [list(r) for r in con.execute(f"select {quoted} from delta_scan('{table_path}') order by partition, \"offset\"").fetchall()]
    out = {
        "columns": cols,
        "schema": [f.name for f in t.schema().fields],
        "version": t.version(),
        "history": [h.get("operation") for h in reversed(t.history())],
        "deltalake": rs_rows,
        "duckdb": duck_rows,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
    # Done and printed: leave without the interpreter's teardown, where delta-rs's and Arrow's
    # background threads can abort the process ("terminate called without an active exception",
    # delta-io/delta-rs#2184; 1 run in 30 here after --write-checkpointed, which failed CI once).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
