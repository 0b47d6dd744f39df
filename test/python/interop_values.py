"""Random values of every Avro type (the Avro interop schema's types plus logical types), seeded.

Used by value_roundtrip.py: fastavro encodes these values (an encoder nobody here wrote), dl ingests
them, and the lake must hold exactly them. `case` picks the schema:
  direct    every type the direct column decoder handles (writer = reader, no JSON-text union)
  avsc      direct + non-null unions (JSON text columns) + decimals: only the avsc path decodes it
  resolved  avsc with an int field, written as v1 and read as v2 (that field promoted to long,
            one long field added with a default): schema resolution
"""
import copy
import math
import random
import struct
import uuid
from decimal import Decimal

NS = "dl.test"
LONG_EDGES = [0, 1, -1, 2**31, -(2**31) - 1, 2**52, -(2**52), 2**53 - 1, 2**53, 2**53 + 1, -(2**53) + 1, -(2**53),
              -(2**53) - 1, -4503599627370497, -9007199254740991, -7267498480917424, 2**63 - 1, -(2**63), -(2**63) + 1]
INT_EDGES = [0, 1, -1, 2**31 - 1, -(2**31), 2**24 + 1]
F32_EDGES = [math.nan, math.inf, -math.inf, -0.0, 0.0, struct.unpack("<f", b"\x01\0\0\0")[0], struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]]
F64_EDGES = [math.nan, math.inf, -math.inf, -0.0, 0.0, 5e-324, 1.7976931348623157e308, 0.1]
ADDED_DEFAULT = 9007199254740991

FOO = {"type": "record", "name": "Foo", "fields": [{"name": "label", "type": "string"}]}
DIRECT_FIELDS = [
    {"name": "boolField", "type": "boolean"},
    {"name": "intField", "type": "int"},
    {"name": "longField", "type": "long"},
    {"name": "floatField", "type": "float"},
    {"name": "doubleField", "type": "double"},
    {"name": "bytesField", "type": "bytes"},
    {"name": "stringField", "type": "string"},
    {"name": "nullField", "type": "null"},
    {"name": "arrayField", "type": {"type": "array", "items": "double"}},
    {"name": "mapField", "type": {"type": "map", "values": "Foo"}},
    {"name": "nullableLong", "type": ["null", "long"]},
    {"name": "longNullable", "type": ["long", "null"]},
    {"name": "enumField", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
    {"name": "fixedField", "type": {"type": "fixed", "name": "MD5", "size": 16}},
    {"name": "recordField", "type": {"type": "record", "name": "Node", "fields": [
        {"name": "label", "type": "string"}, {"name": "children", "type": {"type": "array", "items": "long"}},
        {"name": "foo", "type": ["null", "Foo"]}]}},
    {"name": "longArray", "type": {"type": "array", "items": "long"}},
    {"name": "longMap", "type": {"type": "map", "values": "long"}},
    {"name": "dateField", "type": {"type": "int", "logicalType": "date"}},
    {"name": "timeMillis", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "timeMicros", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsMillis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "localTsMillis", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "localTsMicros", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
    {"name": "uuid", "type": {"type": "string", "logicalType": "uuid"}},
]
AVSC_FIELDS = [
    # A union of kinds JS tells apart (avsc reads it unwrapped), and one it cannot (int/double: wrapped).
    {"name": "unionField", "type": ["boolean", "double", "long", "string", {"type": "array", "items": "bytes"}]},
    {"name": "nullableUnion", "type": ["null", "int", "long", "Foo"]},
    {"name": "wrappedUnion", "type": ["int", "double", "null"]},
    {"name": "decimalBytes", "type": {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 9}},
    {"name": "decimalFixed", "type": {"type": "fixed", "name": "Dec16", "size": 16, "logicalType": "decimal", "precision": 38, "scale": 4}},
]


def record(fields):
    return {"type": "record", "name": "Interop", "namespace": NS, "fields": [{"name": "foo", "type": FOO}, *copy.deepcopy(fields)]}


def schemas(case):
    """(writer schema, reader schema) of a case; equal except for `resolved`."""
    if case == "direct":
        s = record(DIRECT_FIELDS)
        return s, s
    s = record(DIRECT_FIELDS + AVSC_FIELDS)
    if case in ("avsc", "raw"):
        return s, s
    writer = record(DIRECT_FIELDS + AVSC_FIELDS + [{"name": "promoted", "type": "int"}])
    reader = record(DIRECT_FIELDS + AVSC_FIELDS + [{"name": "promoted", "type": "long"}, {"name": "added", "type": "long", "default": ADDED_DEFAULT}])
    return writer, reader


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def long(self):
        return self.r.choice(LONG_EDGES) if self.r.random() < 0.5 else self.r.getrandbits(64) - 2**63

    def int(self):
        return self.r.choice(INT_EDGES) if self.r.random() < 0.3 else self.r.getrandbits(32) - 2**31

    def float(self):
        return self.r.choice(F32_EDGES) if self.r.random() < 0.4 else struct.unpack("<f", self.r.randbytes(4))[0]

    def double(self):
        return self.r.choice(F64_EDGES) if self.r.random() < 0.4 else struct.unpack("<d", self.r.randbytes(8))[0]

    def string(self):
        ranges = [(0x20, 0x7E), (0xA0, 0x17F), (0x4E00, 0x4FFF), (0x1F300, 0x1F64F), (0, 0x1F)]
        out = []
        for _ in range(self.r.randint(0, 8)):
            lo, hi = self.r.choice(ranges)
            out.append(chr(self.r.randint(lo, hi)))
        return "".join(out)

    def items(self, make):
        return [make() for _ in range(self.r.randint(0, 3))]

    def map(self, make):
        # Now and then a key JS objects treat specially.
        return {("__proto__" if self.r.random() < 0.1 else f"{self.string()}#{i}"): make() for i in range(self.r.randint(0, 3))}

    def foo(self):
        return {"label": self.string()}

    def decimal(self, digits, scale):
        return Decimal(self.r.randint(-(10**digits) + 1, 10**digits - 1)).scaleb(-scale)

    def value(self, case):
        """One record of `case`'s writer schema; unions use fastavro's (branch, value) notation."""
        r = self.r
        v = {
            "foo": self.foo(), "boolField": r.random() < 0.5, "intField": self.int(), "longField": self.long(),
            "floatField": self.float(), "doubleField": self.double(), "bytesField": r.randbytes(r.randint(0, 8)),
            "stringField": self.string(), "nullField": None, "arrayField": self.items(self.double),
            "mapField": self.map(self.foo), "nullableLong": None if r.random() < 0.3 else self.long(),
            "longNullable": None if r.random() < 0.3 else self.long(), "enumField": r.choice("ABC"),
            "fixedField": r.randbytes(16),
            "recordField": {"label": self.string(), "children": self.items(self.long), "foo": None if r.random() < 0.5 else self.foo()},
            "longArray": self.items(self.long), "longMap": self.map(self.long),
            "dateField": self.int(), "timeMillis": r.randint(0, 86_399_999), "timeMicros": r.randint(0, 86_399_999_999),
            "tsMillis": self.long(), "tsMicros": self.long(), "localTsMillis": self.long(), "localTsMicros": self.long(),
            "uuid": str(uuid.UUID(int=r.getrandbits(128))),
        }
        if case == "direct":
            return v
        branch = r.choice(["boolean", "double", "long", "string", "array"])
        v["unionField"] = (branch, {"boolean": lambda: r.random() < 0.5, "double": self.double, "long": self.long,
                                    "string": self.string, "array": lambda: self.items(lambda: r.randbytes(r.randint(0, 4)))}[branch]())
        branch = r.choice([None, "int", "long", f"{NS}.Foo"])
        v["nullableUnion"] = None if branch is None else (branch, {"int": self.int, "long": self.long, f"{NS}.Foo": self.foo}[branch]())
        branch = r.choice([None, "int", "double"])
        v["wrappedUnion"] = None if branch is None else (branch, self.int() if branch == "int" else self.double())
        v["decimalBytes"] = self.decimal(38, 9)
        v["decimalFixed"] = self.decimal(38, 4)
        if case == "resolved":
            v["promoted"] = self.int()
        return v


def values(case, seed, count):
    g = Gen(seed)
    out = [g.value(case) for _ in range(count)]
    if case == "raw":
        # A header-less value must not start with byte 0 (it would look framed): foo.label leads, its length first.
        for v in out:
            v["foo"] = {"label": "raw"}
    return out


BAD_MARK = "\x7f\x7f\x7f\x7f"  # no generated string holds U+007F


def bad_utf8_values(case, seed, count):
    """Records whose stringField the producer makes invalid UTF-8 (its first byte 0xff) after encoding."""
    out = values(case, seed + 1_000_003, count)
    for v in out:
        v["stringField"] = BAD_MARK
    return out


def as_read(case, v):
    """What the reader schema reads a written value as (resolution adds the default, promotes the int)."""
    if case == "resolved":
        v = dict(v)
        v["added"] = ADDED_DEFAULT
    return v
