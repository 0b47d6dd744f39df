"""Reads a dl lake's table with pyarrow and with DuckDB, and prints what each sees as JSON.

Usage: table_offsets.py <data-dir>
Prints {"pyarrow": {"rows", "keys", "order_ids"}, "duckdb": {...}}: keys are "partition/offset",
sorted; order_ids sorted. Independent readers for tests that check exactly which records landed.
"""
import json
import sys

import duckdb
import pyarrow.dataset as ds


def summary(pairs, ids):
    return {"rows": len(ids), "keys": sorted(f"{p}/{o}" for p, o in pairs), "order_ids": sorted(int(i) for i in ids)}


def main(data_dir):
    table = ds.dataset(f"{data_dir}/parquet", format="parquet", partitioning="hive", exclude_invalid_files=False).to_table(columns=["partition", "offset", "order_id"])
    arrow = summary(zip(table["partition"].to_pylist(), table["offset"].to_pylist()), table["order_id"].to_pylist())
    rows = duckdb.connect().execute(
        f"select partition, \"offset\", order_id from read_parquet('{data_dir}/parquet/**/*.parquet', hive_partitioning=true)"
    ).fetchall()
    duck = summary([(p, o) for p, o, _ in rows], [i for _, _, i in rows])
    json.dump({"pyarrow": arrow, "duckdb": duck}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
