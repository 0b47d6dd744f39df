"""Reads the key and header columns of dl main tables with Spark, in one Spark session for all of
them (Spark starts in ~10 s), and prints one JSON object keyed by table directory. Runs in
.venv-spark (test/spark/setup-spark.sh).

Usage: spark_read_keys.py <jars-dir> <format>:<table-dir> [<format>:<table-dir> ...]
  <format> is `parquet` (spark.read.parquet) or `delta` (spark.read.format("delta")).

Per table: `types` (Spark's type of key, key_bytes, key_decoded, headers, date) and `rows` by
offset: key, key_bytes as hex, key_decoded (a record key as a dict), headers as [key, hex|None].
"""
import json
import sys

from spark_session import delta_spark

COLUMNS = ["key", "key_bytes", "key_decoded", "headers", "date"]


def hexes(v):
    return None if v is None else bytes(v).hex()


def plain(v):
    """A Row (record key) as a dict, so it compares with what the producer sent."""
    return v.asDict(recursive=True) if hasattr(v, "asDict") else v


def read(spark, fmt, path):
    df = spark.read.parquet(path) if fmt == "parquet" else spark.read.format("delta").load(path)
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields if f.name in COLUMNS}
    cols = [c for c in ["offset", *COLUMNS] if c in df.columns]
    rows = {}
    for r in df.select(*cols).orderBy("offset").collect():
        d = r.asDict()
        rows[str(d["offset"])] = {
            "key": d.get("key"),
            "key_bytes": hexes(d.get("key_bytes")),
            "key_decoded": plain(d.get("key_decoded")),
            "headers": None if d.get("headers") is None else [[h["key"], hexes(h["value"])] for h in d["headers"]],
        }
    return {"types": types, "rows": rows}


def main(jars_dir, tables):
    spark = delta_spark(jars_dir, "dl-keys-check")
    out = {}
    for t in tables:
        fmt, path = t.split(":", 1)
        out[path] = read(spark, fmt, path)
    spark.stop()
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
