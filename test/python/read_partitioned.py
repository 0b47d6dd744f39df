"""Reads one table directory of a dl lake with pandas/pyarrow, three ways, and prints one JSON summary.

Usage: read_partitioned.py <table-dir> <field>   (the lake was written with --partition-by field:<field>)

- "files": pd.read_parquet without partition discovery: the columns exactly as stored in the files.
- "hive": pd.read_parquet with pyarrow's Hive partitioning: the <field>_part column comes from the
  folder names (%XX-decoded by pyarrow), as a Hive/Spark reader sees it.
- "default": plain pd.read_parquet(dir), as the seed reads the lake.
"""
import json
import sys

import pandas as pd
import pyarrow.dataset as ds


def summary(frame, column):
    return {
        "rows": len(frame),
        "values": sorted({str(v) for v in frame[column]}),
        "topics": sorted({str(v) for v in frame["topic"]}),
    }


def main(table_dir, column):
    out = {
        "files": summary(pd.read_parquet(table_dir, partitioning=None), column),
        "hive": summary(pd.read_parquet(table_dir, partitioning=ds.partitioning(flavor="hive")), f"{column}_part"),
    }
    try:
        out["default"] = summary(pd.read_parquet(table_dir), column)
    except Exception as e:  # noqa: BLE001 - reported to the caller
        out["default"] = {"error": str(e)}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
