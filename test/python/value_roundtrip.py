"""Every Avro value through dl, encoded by fastavro and checked with pyarrow (see interop_values.py).

  value_roundtrip.py produce --brokers B --registry-url R --topic T --case C --seed S --count N [--bad K]
      registers the case's schema(s) under T-value, sends N fastavro-encoded values to partition 0
      (Confluent framing: magic 0 + 4-byte big-endian id; `raw`: no header), then K whose
      stringField is not UTF-8, and prints {"sent": N + K}
  value_roundtrip.py check-lake --lake DIR --topic T --case C --seed S --count N [--replayed] [--field F]
      reads every Parquet file of DIR/parquet with pyarrow and compares each row of topic T (by offset,
      or by replay_of with --replayed) with what fastavro encoded; with --field, also each file's
      `<F>_part=` folder with the row values; with --bad K, that offsets N.. are K DECODE_ERROR dead
      letters. Prints {"rows": n, "dead": K}; exits 1 naming the mismatches.
  value_roundtrip.py check-decoded --topic T --case C --seed S --count N --input FILE
      compares `dl view parquet-dlq --decode --format jsonl` lines with what fastavro encoded.
  value_roundtrip.py schemas --case C
      prints {"writer": ..., "reader": ...}
"""
import argparse
import io
import json
import os
import struct
import sys
import urllib.request
import warnings

warnings.filterwarnings("ignore")

import fastavro  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import interop_values as iv  # noqa: E402
from value_checker import Checker  # noqa: E402

def register(registry_url, subject, schema):
    req = urllib.request.Request(f"{registry_url}/subjects/{subject}/versions", data=json.dumps({"schema": json.dumps(schema)}).encode(),
                                 headers={"Content-Type": "application/vnd.schemaregistry.v1+json"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.load(res)["id"]


def produce(a):
    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic
    writer, reader = iv.schemas(a.case)
    subject = f"{a.topic}-value"
    wid = register(a.registry_url, subject, writer)
    if reader is not writer:
        register(a.registry_url, subject, reader)  # the latest version: the ingester's reader schema
    admin = AdminClient({"bootstrap.servers": a.brokers})
    for f in admin.create_topics([NewTopic(a.topic, num_partitions=1, replication_factor=1)]).values():
        f.result()
    parsed = fastavro.parse_schema(writer)
    p = Producer({"bootstrap.servers": a.brokers, "enable.idempotence": True, "linger.ms": 5})
    bad = iv.bad_utf8_values(a.case, a.seed, a.bad)
    for n, v in enumerate(iv.values(a.case, a.seed, a.count) + bad):
        buf = io.BytesIO()
        if a.case != "raw":
            buf.write(b"\0" + struct.pack(">I", wid))
        fastavro.schemaless_writer(buf, parsed, v)
        value = buf.getvalue()
        if n >= a.count:
            mark = iv.BAD_MARK.encode()
            assert value.count(mark) == 1, "the marker must appear once"
            value = value.replace(mark, b"\xff" + mark[1:])
        p.produce(a.topic, value=value, partition=0)
    left = p.flush(60)
    print(json.dumps({"sent": a.count + a.bad - left, "writer_id": wid}))


def temporal_as_ints(t):
    """The same type with dates, times and timestamps as their stored integers (timestamps past year 9999 have no datetime)."""
    if pa.types.is_timestamp(t) or pa.types.is_time64(t):
        return pa.int64()
    if pa.types.is_date32(t) or pa.types.is_time32(t):
        return pa.int32()
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, temporal_as_ints(f.type), f.nullable) for f in t])
    if pa.types.is_map(t):
        return pa.map_(t.key_type, temporal_as_ints(t.item_type))
    if pa.types.is_list(t):
        return pa.list_(pa.field(t.value_field.name, temporal_as_ints(t.value_type), t.value_field.nullable))
    return t


TYPES = {"longField": "int64", "tsMicros": "timestamp[us, tz=UTC]", "tsMillis": "timestamp[ms, tz=UTC]", "localTsMicros": "timestamp[us]",
         "timeMicros": "time64[us]", "timeMillis": "time32[ms]", "dateField": "date32[day]", "floatField": "float", "longArray": "list<element: int64 not null>"}


def check_lake(a):
    _, reader = iv.schemas(a.case)
    expected = [iv.as_read(a.case, v) for v in iv.values(a.case, a.seed, a.count)]
    c = Checker(reader, "lake")
    seen = {}
    root = os.path.join(a.lake, "parquet")
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(("_", "."))]
        for name in sorted(f for f in files if f.endswith(".parquet") and not f.startswith(("_", "."))):
            table = pq.ParquetFile(os.path.join(d, name)).read()
            for col, want in TYPES.items():
                if col in table.column_names and str(table.schema.field(col).type) != want:
                    c.errors.append(f"column {col} is {table.schema.field(col).type}, expected {want}")
            ints = table.cast(pa.schema([pa.field(f.name, temporal_as_ints(f.type), f.nullable) for f in table.schema]))
            folder = os.path.relpath(d, root)
            for row in ints.to_pylist():
                if row["topic"] != a.topic or (a.replayed and row.get("replay_of") is None) or (not a.replayed and row.get("replay_of")):
                    continue
                i = int(row["replay_of"].rsplit("/", 1)[1]) if a.replayed else row["offset"]
                if i in seen:
                    c.errors.append(f"value {i} is in the table twice")
                seen[i] = True
                c.same(reader, expected[i], {k: row[k] for k in row}, f"value {i}")
                if a.field and folder != f"{a.field}_part={row[a.field]}":
                    c.errors.append(f"value {i}: {a.field} {row[a.field]} is in folder {folder}")
    if len(seen) != a.count:
        c.errors.append(f"{len(seen)} of {a.count} values are in the table")
    dead = 0 if a.replayed else check_dead(a, c)
    finish(c, a, {"rows": len(seen), "dead": dead})


def check_dead(a, c):
    """The values made invalid UTF-8 are DECODE_ERROR dead letters with their exact bytes; no other value is."""
    root = os.path.join(a.lake, "parquet-dlq")
    rows = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(("_", "."))]
        for name in files:
            if name.endswith(".parquet") and not name.startswith(("_", ".")):
                rows += [r for r in pq.ParquetFile(os.path.join(d, name)).read().to_pylist() if r["topic"] == a.topic]
    bad = sorted(r["offset"] for r in rows if r["offset"] >= a.count)
    if bad != list(range(a.count, a.count + a.bad)):
        c.errors.append(f"dead letters at offsets {bad}, expected {a.count}..{a.count + a.bad - 1}")
    for r in rows:
        if r["offset"] < a.count and a.case != "raw":
            c.errors.append(f"value {r['offset']} is a dead letter: {r['error_class']} {r['error_message']}")
        elif r["offset"] >= a.count:
            if r["error_class"] != "DECODE_ERROR" or (a.case != "raw" and "not valid UTF-8" not in r["error_message"]):
                c.errors.append(f"invalid UTF-8 at offset {r['offset']} is {r['error_class']}: {r['error_message']}")
            if b"\xff\x7f\x7f\x7f" not in r["avro_value"]:
                c.errors.append(f"dead letter {r['offset']} does not hold the raw bytes")
    return len(bad)


def check_decoded(a):
    writer, _ = iv.schemas(a.case)
    expected = iv.values(a.case, a.seed, a.count)
    c = Checker(writer, "decode")
    n = 0
    for line in open(a.input, encoding="utf8"):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["topic"] != a.topic:
            continue
        n += 1
        i = int(row["offset"])
        if i >= a.count:  # invalid UTF-8: the view does not show a changed value either
            if row["decoded"] is not None:
                c.errors.append(f"value {i} (invalid UTF-8) decoded as {row['decoded']!r}")
            continue
        c.same(writer, expected[i], row["decoded"], f"value {i}")
    if n != a.count + a.bad:
        c.errors.append(f"{n} of {a.count + a.bad} dead letters listed")
    finish(c, a, {"rows": n})


def finish(c, a, summary):
    if c.errors:
        print(f"value_roundtrip {a.mode} --case {a.case}: seed {a.seed}: " + "; ".join(c.errors[:20]), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(summary))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["produce", "check-lake", "check-decoded", "schemas"])
    ap.add_argument("--brokers")
    ap.add_argument("--registry-url")
    ap.add_argument("--lake")
    ap.add_argument("--topic")
    ap.add_argument("--case", required=True, choices=["direct", "avsc", "resolved", "raw"])
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int)
    ap.add_argument("--replayed", action="store_true")
    ap.add_argument("--field")
    ap.add_argument("--input")
    ap.add_argument("--bad", type=int, default=0, help="values whose stringField is invalid UTF-8, sent after the --count good ones")
    a = ap.parse_args()
    if a.mode == "schemas":
        w, r = iv.schemas(a.case)
        print(json.dumps({"writer": w, "reader": r}))
    else:
        {"produce": produce, "check-lake": check_lake, "check-decoded": check_decoded}[a.mode](a)
