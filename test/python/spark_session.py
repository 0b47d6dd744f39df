"""The one Spark session the Spark readers of the tests use: local, quiet, UTC, with Delta Lake's
connector from the jars test/spark/setup-spark.sh copied (Ivy's --packages cannot reach a registry
here). Runs in .venv-spark."""
import glob
import os

from pyspark.sql import SparkSession


def delta_spark(jars_dir, app_name):
    jars = ",".join(sorted(glob.glob(os.path.join(jars_dir, "jars", "*.jar"))))
    spark = (
        SparkSession.builder.master("local[1]")
        .appName(app_name)
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
    return spark
