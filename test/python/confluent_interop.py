"""The Confluent Python client (librdkafka + AvroSerializer/AvroDeserializer) against dl.

  confluent_interop.py produce --brokers B --registry-url R --topic T --count N --compression zstd
      sends N orders with AvroSerializer (registering <topic>-value) and prints {"sent": N}
  confluent_interop.py produce ... --mixed-v2
      the same, but every other value is written with version 2 of the schema (an added optional
      field `coupon`, "C<i>"), so both writer versions interleave; registers v2 on first use
  confluent_interop.py consume --brokers B --registry-url R --topic T --count N
      reads N values with AvroDeserializer and prints them as JSON lines
"""
import argparse
import json
import sys
import warnings

warnings.filterwarnings("ignore")

from confluent_kafka import Consumer, Producer  # noqa: E402
from confluent_kafka.schema_registry import SchemaRegistryClient  # noqa: E402
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer  # noqa: E402
from confluent_kafka.serialization import MessageField, SerializationContext  # noqa: E402


def order(i):
    return {
        "order_id": i,
        "customer": "Zofia Żółć" if i % 2 else "John Doe",
        "description": f"zażółć gęślą jaźń {i}",
        "price": 99.98,
        "products": [{"name": "shoes", "price": 49.99}, {"name": "t-shirt", "price": 49.99}][: 1 + i % 2],
    }


def produce(a):
    registry = SchemaRegistryClient({"url": a.registry_url})
    with open(a.schema) as f:
        text = f.read()
    serializer = AvroSerializer(registry, text)
    v2 = json.loads(text)
    v2["fields"].append({"name": "coupon", "type": ["null", "string"], "default": None})
    serializer_v2 = AvroSerializer(registry, json.dumps(v2)) if a.mixed_v2 else None
    p = Producer({"bootstrap.servers": a.brokers, "compression.type": a.compression, "linger.ms": 20, "enable.idempotence": True})
    for i in range(a.count):
        ctx = SerializationContext(a.topic, MessageField.VALUE)
        if serializer_v2 and i % 2 == 0:
            value = serializer_v2({**order(a.first_id + i), "coupon": f"C{a.first_id + i}"}, ctx)
        else:
            value = serializer(order(a.first_id + i), ctx)
        while True:
            try:
                p.produce(a.topic, key=f"product{i % 2}", value=value)
                break
            except BufferError:
                p.poll(0.1)
    left = p.flush(60)
    print(json.dumps({"sent": a.count - left}))


def consume(a):
    registry = SchemaRegistryClient({"url": a.registry_url})
    deserializer = AvroDeserializer(registry)
    c = Consumer({"bootstrap.servers": a.brokers, "group.id": f"interop-{a.topic}", "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([a.topic])
    seen = 0
    misses = 0
    while seen < a.count and misses < 60:
        m = c.poll(1.0)
        if m is None:
            misses += 1
            continue
        if m.error():
            raise SystemExit(str(m.error()))
        value = deserializer(m.value(), SerializationContext(a.topic, MessageField.VALUE))
        print(json.dumps({"partition": m.partition(), "offset": m.offset(), "value": value}, ensure_ascii=False))
        seen += 1
    c.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["produce", "consume"])
    ap.add_argument("--brokers", required=True)
    ap.add_argument("--registry-url", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--compression", default="none")
    ap.add_argument("--schema", default="packages/core/schemas/order.avsc")
    ap.add_argument("--mixed-v2", action="store_true")
    ap.add_argument("--first-id", type=int, default=0)
    a = ap.parse_args()
    (produce if a.mode == "produce" else consume)(a)
