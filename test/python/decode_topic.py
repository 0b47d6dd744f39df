"""Independent decoder: reads a topic with librdkafka (confluent-kafka), decodes every value with fastavro
using the writer schema fetched from the registry by the id in its Confluent header, and prints one JSON
line per message: {"partition", "offset", "key", "schema_id", "value"}. A value that is not framed, has
an unknown id or does not decode to exactly its bytes is printed with "error" instead of "value".

Usage: decode_topic.py --brokers localhost:9092 --registry-url URL --topic T --count N [--timeout 60]
"""
import argparse
import io
import json
import struct
import sys
import time
import urllib.error
import urllib.request

import fastavro
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING


def fetch_schema(registry_url, schema_id, cache):
    if schema_id not in cache:
        try:
            with urllib.request.urlopen(f"{registry_url}/schemas/ids/{schema_id}", timeout=10) as r:
                body = json.load(r)
            cache[schema_id] = fastavro.parse_schema(json.loads(body["schema"]))
        except urllib.error.HTTPError as e:
            cache[schema_id] = e
    return cache[schema_id]


def decode(value, registry_url, cache):
    if value is None:
        return {"error": "tombstone"}
    if len(value) < 5 or value[0] != 0:
        return {"error": "not framed"}
    schema_id = struct.unpack(">i", value[1:5])[0]
    schema = fetch_schema(registry_url, schema_id, cache)
    if isinstance(schema, Exception):
        return {"schema_id": schema_id, "error": f"schema: {schema}"}
    body = io.BytesIO(value[5:])
    try:
        record = fastavro.schemaless_reader(body, schema)
    except Exception as e:  # noqa: BLE001 - any decode failure is reported, not raised
        return {"schema_id": schema_id, "error": f"decode: {e!r}"}
    if body.tell() != len(value) - 5:
        return {"schema_id": schema_id, "error": f"decoded {body.tell()} of {len(value) - 5} bytes"}
    return {"schema_id": schema_id, "value": record}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--brokers", required=True)
    p.add_argument("--registry-url", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--timeout", type=float, default=60)
    args = p.parse_args()

    consumer = Consumer({
        "bootstrap.servers": args.brokers,
        "group.id": f"dl-python-check-{time.time_ns()}",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    meta = consumer.list_topics(args.topic, timeout=10)
    partitions = meta.topics[args.topic].partitions
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in partitions])

    cache = {}
    seen = 0
    deadline = time.monotonic() + args.timeout
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    while seen < args.count and time.monotonic() < deadline:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            print(f"consumer error: {msg.error()}", file=sys.stderr)
            continue
        line = {"partition": msg.partition(), "offset": msg.offset(), "key": msg.key().decode("utf-8") if msg.key() is not None else None}
        line.update(decode(msg.value(), args.registry_url, cache))
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        seen += 1
    out.flush()
    consumer.close()
    if seen < args.count:
        print(f"only {seen} of {args.count} messages arrived within {args.timeout} s", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
