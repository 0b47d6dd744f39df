"""Keys and headers as a Confluent Python producer sends them, and how the lake holds them.

  confluent_keys.py produce --brokers B --registry-url R --topic T --kind K
      sends orders (AvroSerializer values) to T with keys of kind K and prints, as JSON, what
      was sent: per offset the key's bytes (hex, or null), the typed key, and the headers.
      K: string|int|long|record (AvroSerializer for keys, subject <topic>-key), raw (text,
      empty, null, non-UTF-8 and look-alike framed bytes), headers (100 headers per record),
      bad-key (framed keys of the key subject that do not decode, between good ones),
      mixed-long / mixed-record (AvroSerializer long / record keys with every fourth key a raw
      non-UTF-8 one, and 100 headers on every record: the Spark check's topics).
  confluent_keys.py read --lake DIR
      prints the main table's key, key_bytes, key_decoded and headers per offset, read with
      pyarrow (and pandas for the row count), plus DuckDB's view of the same columns.
"""
import argparse
import json
import struct
import sys
import warnings

warnings.filterwarnings("ignore")

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.schema_registry import SchemaRegistryClient  # noqa: E402
from confluent_kafka.schema_registry.avro import AvroSerializer  # noqa: E402
from confluent_kafka.serialization import MessageField, SerializationContext  # noqa: E402

KEY_SCHEMAS = {
    "string": '"string"',
    "int": '"int"',
    "long": '"long"',
    "record": json.dumps({"type": "record", "name": "OrderKey", "namespace": "dev.dl.test",
                          "fields": [{"name": "region", "type": "string"}, {"name": "id", "type": "long"}]}),
}


def typed_key(kind, i):
    if kind == "string":
        return f"clé-{i}-ü"
    if kind == "int":
        return [i, -i, 2**31 - 1 - i, -(2**31) + i, 1 << (i % 31)][i % 5]
    if kind == "long":
        # Within +-2**52: exact 64-bit longs beyond that are the `longs` work (issue 10).
        return [i, -i, 2**40 + i, -(2**45) - i, 2**52 - i][i % 5]
    return {"region": ["eu", "us", "日本"][i % 3], "id": 2**33 + i}


RAW_KEYS = [b"\xff\xfe\x00bin", b"", None, b"product0", "zażółć".encode(), b"\x00\x00\x00\x05",
            b"\x00\x00\x00\x00\x01\xff", b"\x80", b"a\x00b", b"\xed\xa0\x80"]

# Keys that are not UTF-8 and not framed for a key subject: kept in key_bytes with a null key_decoded.
NOT_UTF8_KEYS = [b"\xff\xfe\x00bin", b"\x80", b"\xed\xa0\x80", b"\xc3"]


def hundred_headers(i):
    """100 headers as [key, hex value or None]: binary values, an empty one (h010), a null one (h050), a trace id."""
    hs = [(f"h{j:03d}", bytes([j, 255 - j, i % 256]) if j % 10 else (None if j == 50 else b"")) for j in range(100)]
    hs[1] = ("trace-id", f"00-{i:032x}-{i:016x}-01".encode())
    return [[k, None if v is None else v.hex()] for k, v in hs]


def order(i):
    return {"order_id": i, "customer": "John Doe", "description": f"d{i}", "price": 1.5,
            "products": [{"name": "shoes", "price": 1.5}]}


def produce(a):
    registry = SchemaRegistryClient({"url": a.registry_url})
    with open(a.schema) as f:
        values = AvroSerializer(registry, f.read())
    p = Producer({"bootstrap.servers": a.brokers, "linger.ms": 5, "enable.idempotence": True})
    ctx_v = SerializationContext(a.topic, MessageField.VALUE)
    ctx_k = SerializationContext(a.topic, MessageField.KEY)
    sent = []
    if a.kind in KEY_SCHEMAS:
        keys = AvroSerializer(registry, KEY_SCHEMAS[a.kind])
        for i in range(a.count):
            k = typed_key(a.kind, i)
            raw = keys(k, ctx_k)
            sent.append({"key": raw.hex(), "typed": k, "headers": []})
    elif a.kind == "bad-key":
        keys = AvroSerializer(registry, KEY_SCHEMAS["record"])
        for i in range(a.count):
            raw = keys(typed_key("record", i), ctx_k)
            if i % 3 == 1:
                raw = raw[:-3]  # framed with the key subject's id, body cut short
            sent.append({"key": raw.hex(), "typed": None if i % 3 == 1 else typed_key("record", i), "headers": [], "bad": i % 3 == 1})
    elif a.kind == "raw":
        for i, raw in enumerate(RAW_KEYS):
            sent.append({"key": None if raw is None else raw.hex(), "typed": None, "headers": []})
    elif a.kind == "headers":
        for i in range(a.count):
            sent.append({"key": f"k{i}".encode().hex(), "typed": None, "headers": hundred_headers(i)})
    elif a.kind.startswith("mixed-"):
        keys = AvroSerializer(registry, KEY_SCHEMAS[a.kind[len("mixed-"):]])
        for i in range(a.count):
            if i % 4 == 3:
                raw, typed = NOT_UTF8_KEYS[i % len(NOT_UTF8_KEYS)], None
            else:
                typed = typed_key(a.kind[len("mixed-"):], i)
                raw = keys(typed, ctx_k)
            sent.append({"key": raw.hex(), "typed": typed, "headers": hundred_headers(i)})
    for i, s in enumerate(sent):
        key = None if s["key"] is None else bytes.fromhex(s["key"])
        headers = [(k, None if v is None else bytes.fromhex(v)) for k, v in s["headers"]]
        p.produce(a.topic, key=key, value=values(order(i), ctx_v), headers=headers or None)
        p.poll(0)
    left = p.flush(60)
    if left:
        raise SystemExit(f"{left} messages not delivered")
    print(json.dumps(sent, ensure_ascii=False))


def hexes(v):
    return None if v is None else bytes(v).hex()


def read(a):
    import duckdb
    import pandas as pd
    import pyarrow.parquet as pq

    t = pq.read_table(f"{a.lake}/parquet")
    rows = {}
    names = t.column_names
    for r in t.to_pylist():
        rows[r["offset"]] = {
            "key": r["key"],
            "key_bytes": hexes(r["key_bytes"]),
            "key_decoded": r.get("key_decoded"),
            "headers": [[h["key"], hexes(h["value"])] for h in r["headers"]] if "headers" in names else None,
        }
    out = {"columns": names, "types": {n: str(t.schema.field(n).type) for n in names},
           "pandas_rows": len(pd.read_parquet(f"{a.lake}/parquet")), "rows": rows}
    con = duckdb.connect()
    glob = f"{a.lake}/parquet/**/*.parquet"
    select = '"offset", "key", hex("key_bytes")' + (', "key_decoded"' if "key_decoded" in names else "") + (', len("headers"), "headers"[2]."key"' if "headers" in names else "")
    out["duckdb"] = {str(r[0]): [str(x) if x is not None else None for x in r[1:]]
                     for r in con.execute(f"SELECT {select} FROM read_parquet('{glob}', hive_partitioning=true) ORDER BY \"offset\"").fetchall()}
    print(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["produce", "read"])
    ap.add_argument("--brokers")
    ap.add_argument("--registry-url")
    ap.add_argument("--topic")
    ap.add_argument("--kind", choices=[*KEY_SCHEMAS, "raw", "headers", "bad-key", "mixed-long", "mixed-record"])
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--lake")
    ap.add_argument("--schema", default="packages/core/schemas/order.avsc")
    a = ap.parse_args()
    (produce if a.mode == "produce" else read)(a)
