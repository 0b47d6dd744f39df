"""Reads the two Delta tables of a dl lake with Spark and Delta Lake's own connector, and prints
one JSON summary in the shape read_delta.py uses. Runs in .venv-spark (test/spark/setup-spark.sh).

Usage: spark_read_delta.py <data-dir> <jars-dir> <column>[,<column>...]
"""
import glob
import json
import os
import sys

from pyspark.sql import SparkSession


def main(data_dir, jars_dir, columns):
    cols = columns.split(",")
    jars = ",".join(sorted(glob.glob(os.path.join(jars_dir, "jars", "*.jar"))))
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("dl-delta-check")
        .config("spark.jars", jars)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        # Delta replays the log in 50 tasks by default: one is plenty for a test table.
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
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
