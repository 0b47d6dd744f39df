"""Reads the two Delta tables of a dl lake with Spark and Delta Lake's own connector, and prints
one JSON summary in the shape read_delta.py uses. Runs in .venv-spark (test/spark/setup-spark.sh).

Usage: spark_read_delta.py <data-dir> <jars-dir> <column>[,<column>...]
"""
import json
import sys

from spark_session import delta_spark


def main(data_dir, jars_dir, columns):
    cols = columns.split(",")
    spark = delta_spark(jars_dir, "dl-delta-check")
    table = spark.read.format("delta").load(f"{data_dir}/parquet")
    dlq = spark.read.format("delta").load(f"{data_dir}/parquet-dlq")
    rows = [list(r) for r in table.select(*cols).orderBy("partition", "offset").collect()]
    dead = {r["error_class"]: r["count"] for r in dlq.groupBy("error_class").count().collect()}
    out = {
        "columns": cols,
        "schema": table.columns,
        "rows": rows,
        "dead_rows": dlq.count(),
        "dead_by_class": dead,
        "dead_offsets": [list(r) for r in dlq.select("partition", "offset", "date").orderBy("partition", "offset").collect()],
    }
    spark.stop()
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
