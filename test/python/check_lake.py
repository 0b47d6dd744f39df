"""Reads a dl lake with the seed's tools (pandas/pyarrow) and DuckDB, and prints one JSON summary.

Usage: check_lake.py <data-dir | s3://bucket/prefix>

An s3:// lake is read with pyarrow's S3FileSystem (endpoint override from AWS_ENDPOINT_URL_S3,
credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); DuckDB is left out there, as its
httpfs extension is downloaded at run time, which the test machines cannot do ("duckdb": null).
"""
import json
import os
import sys

import duckdb
import pandas as pd


def s3_filesystem():
    from pyarrow import fs

    return fs.S3FileSystem(
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        endpoint_override=os.environ["AWS_ENDPOINT_URL_S3"],
        region=os.environ.get("AWS_REGION", "us-east-1"),
    )


def main(data_dir):
    if data_dir.startswith("s3://"):
        s3 = s3_filesystem()
        root = data_dir[len("s3://"):]
        table = pd.read_parquet(f"{root}/parquet", filesystem=s3)
        dlq = pd.read_parquet(f"{root}/parquet-dlq", filesystem=s3)
    else:
        table = pd.read_parquet(f"{data_dir}/parquet")
        dlq = pd.read_parquet(f"{data_dir}/parquet-dlq")
    out = {"pandas": pandas_summary(table, dlq), "duckdb": None if data_dir.startswith("s3://") else duckdb_summary(data_dir)}
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


def duckdb_summary(data_dir):
    con = duckdb.connect()
    glob = lambda t: f"read_parquet('{data_dir}/{t}/**/*.parquet', hive_partitioning=true)"
    duck_rows = con.execute(f"select count(*), count(distinct (partition, \"offset\")) from {glob('parquet')}").fetchone()
    duck_dead = con.execute(f"select error_class, count(*) from {glob('parquet-dlq')} group by 1 order by 1").fetchall()
    duck_first = con.execute(f"select order_id, description, products from {glob('parquet')} order by order_id limit 3").fetchall()
    return {
        "rows": int(duck_rows[0]),
        "unique_partition_offset": int(duck_rows[1]),
        "dead_by_class": {k: int(v) for k, v in duck_dead},
        "first": [{"order_id": int(a), "description": b, "products": [dict(p) for p in c]} for a, b, c in duck_first],
    }


def pandas_summary(table, dlq):
    first = table.sort_values("order_id").head(3)
    return {
        "rows": len(table),
        "unique_partition_offset": int(table[["partition", "offset"]].drop_duplicates().shape[0]),
        "columns": [str(c) for c in table.columns],
        "dtypes": {str(c): str(t) for c, t in table.dtypes.items()},
        "first": [
            {"order_id": int(r.order_id), "description": r.description, "products": [dict(p) for p in r.products]}
            for r in first.itertuples()
        ],
        "dead_by_class": {str(k): int(v) for k, v in dlq["error_class"].value_counts().items()},
        "dead_rows": len(dlq),
        "dead": [
            {"partition": int(r.partition), "offset": int(r.offset), "key": None if r.key is None else bytes(r.key).decode("utf-8", "replace"),
             "avro_value": None if r.avro_value is None else bytes(r.avro_value).hex(), "error_class": r.error_class}
            for r in dlq.itertuples()
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1])
