"""Compares an Avro value as fastavro was given it with what a reader of dl's output returned.

mode `lake`: a row as pyarrow reads it from the table (temporal columns cast to their integers);
mode `decode`: a `decoded` cell of `dl view --decode --format jsonl` (the avsc datum as JSON:
unsafe longs as strings, bytes in base64, NaN/Infinity as null).
"""
import base64
import json
import math

import interop_values as iv

PRIMITIVE_BUCKETS = {"int": "number", "float": "number", "double": "number", "long": "long", "bytes": "buffer", "fixed": "buffer",
                     "string": "string", "enum": "string", "map": "object", "record": "object", "array": "array", "boolean": "boolean", "null": "null"}


class Checker:
    """Compares a value as fastavro got it with what a reader returned (`mode`: lake or decode)."""

    def __init__(self, schema, mode):
        self.mode = mode
        self.named = {}
        self.errors = []
        self.collect(schema, None)

    def collect(self, t, ns):
        if isinstance(t, list):
            for b in t:
                self.collect(b, ns)
        elif isinstance(t, dict):
            if t.get("type") in ("record", "enum", "fixed"):
                full = t["name"] if "." in t["name"] else f"{t.get('namespace', ns)}.{t['name']}"
                self.named[full] = t
                self.named[t["name"]] = t
                ns = full.rsplit(".", 1)[0]
            for f in t.get("fields", []):
                self.collect(f["type"], ns)
            for k in ("items", "values"):
                if k in t:
                    self.collect(t[k], ns)
            if isinstance(t.get("type"), (dict, list)):
                self.collect(t["type"], ns)

    def resolve(self, t):
        while isinstance(t, str) and t in self.named:
            t = self.named[t]
        return t

    def fail(self, path, exp, act):
        if len(self.errors) < 20:
            self.errors.append(f"{path}: expected {exp!r}, got {act!r}")
        return False

    def same(self, t, exp, act, path):
        t = self.resolve(t)
        kind = t if isinstance(t, str) else ("union" if isinstance(t, list) else t["type"])
        logical = t.get("logicalType") if isinstance(t, dict) else None
        if isinstance(t, dict) and isinstance(kind, (dict, list, str)) and kind not in PRIMITIVE_BUCKETS and kind != "union":
            return self.same(kind, exp, act, path)
        if logical == "decimal":
            scale = t.get("scale", 0)
            if self.mode == "lake":
                return (act == exp and act.as_tuple().exponent == -scale) or self.fail(path, exp, act)
            unscaled = int.from_bytes(base64.b64decode(act), "big", signed=True) if act is not None else None
            return unscaled == int(exp.scaleb(scale)) or self.fail(path, exp, act)
        if kind == "null":
            return act is None or self.fail(path, None, act)
        if kind in ("boolean", "string", "enum"):
            return (act == exp and type(act) is type(exp)) or self.fail(path, exp, act)
        if kind in ("int", "long"):
            got = int(act) if self.mode == "decode" and isinstance(act, str) else act
            return (type(got) is int and got == exp) or self.fail(path, exp, act)
        if kind in ("float", "double"):
            return self.same_float(exp, act, path)
        if kind in ("bytes", "fixed"):
            got = base64.b64decode(act) if self.mode == "decode" and isinstance(act, str) else act
            return got == exp or self.fail(path, exp, act)
        if kind == "array":
            if not isinstance(act, list) or len(act) != len(exp):
                return self.fail(path, exp, act)
            return all([self.same(t["items"], e, x, f"{path}[{i}]") for i, (e, x) in enumerate(zip(exp, act))])
        if kind == "map":
            got = dict(act) if self.mode == "lake" and isinstance(act, list) else act
            if not isinstance(got, dict) or sorted(got) != sorted(exp) or (self.mode == "lake" and len(act) != len(exp)):
                return self.fail(path, exp, act)
            return all([self.same(t["values"], exp[k], got[k], f"{path}[{k!r}]") for k in exp])
        if kind in ("record", "error"):
            if not isinstance(act, dict):
                return self.fail(path, exp, act)
            return all([self.same(f["type"], exp.get(f["name"]), act.get(f["name"]), f"{path}.{f['name']}") for f in t["fields"]])
        if kind == "union":
            return self.same_union(t, exp, act, path)
        raise ValueError(f"{path}: unsupported type {t!r}")

    def same_float(self, exp, act, path):
        if self.mode == "decode" and not math.isfinite(exp):
            return act is None or self.fail(path, exp, act)  # dl view's JSON: NaN and ±Infinity are null
        if self.mode == "decode" and type(act) is int:
            act = float(act)  # JSON.stringify writes whole doubles without a fraction: the same double
        if not isinstance(act, float):
            return self.fail(path, exp, act)
        if math.isnan(exp):
            return math.isnan(act) or self.fail(path, exp, act)
        if act != exp:
            return self.fail(path, exp, act)
        # -0 keeps its sign in the lake (dl view's JSON prints it as 0, like JSON.stringify)
        return self.mode == "decode" or math.copysign(1, act) == math.copysign(1, exp) or self.fail(path, exp, act)

    def branch(self, t, exp):
        """(branch type, value) of a written union value (fastavro's tuple notation, or None)."""
        if exp is None:
            return "null", None
        if isinstance(exp, tuple):
            name, value = exp
            for b in t:
                rb = self.resolve(b)
                if (rb if isinstance(rb, str) else rb.get("name") if rb["type"] in ("record", "enum", "fixed") else rb["type"]) in (name, name.rsplit(".", 1)[-1]):
                    return b, value
            raise ValueError(f"no branch {name}")
        return next(b for b in t if b != "null"), exp

    def same_union(self, t, exp, act, path):
        others = [b for b in t if b != "null"]
        b, value = self.branch(t, exp)
        if len(others) == 1 or b == "null":
            if b == "null":
                return act is None or self.fail(path, None, act)
            if len(others) == 1:
                return self.same(b, value, act, path)
        if self.mode == "lake":
            # A Utf8 column holding the Avro JSON encoding: {"<branch>": value} with exact digits.
            if not isinstance(act, str):
                return self.fail(path, exp, act)
            doc = json.loads(act)
            name = self.branch_name(b)
            if not isinstance(doc, dict) or list(doc) != [name]:
                return self.fail(path, exp, act)
            return self.same_json(b, value, doc[name], path)
        buckets = [PRIMITIVE_BUCKETS.get(self.kind(x), self.kind(x)) for x in t]
        if len(set(buckets)) < len(buckets):  # avsc reads an ambiguous union wrapped: {"<branch>": value}
            name = self.branch_name(b)
            return (isinstance(act, dict) and list(act) == [name] and self.same(b, value, act[name], path)) or self.fail(path, exp, act)
        return self.same(b, value, act, path)

    def kind(self, b):
        b = self.resolve(b)
        return b if isinstance(b, str) else b["type"]

    def branch_name(self, b):
        rb = self.resolve(b)
        if isinstance(rb, dict) and rb["type"] in ("record", "enum", "fixed"):
            return rb["name"] if "." in rb["name"] else f"{iv.NS}.{rb['name']}"
        return self.kind(b)

    def same_json(self, t, exp, act, path):
        kind = self.kind(t)
        if kind in ("float", "double") and not math.isfinite(exp) or (kind in ("float", "double") and exp == 0 and math.copysign(1, exp) < 0):
            want = "NaN" if math.isnan(exp) else "Infinity" if exp == math.inf else "-Infinity" if exp == -math.inf else None
            if want is not None:
                return act == want or self.fail(path, want, act)
            return (isinstance(act, float) and act == 0 and math.copysign(1, act) < 0) or self.fail(path, "-0.0", act)
        if kind in ("bytes", "fixed"):
            return act == exp.decode("latin1") or self.fail(path, exp, act)
        if kind == "array":
            items = self.resolve(t)["items"]
            return (isinstance(act, list) and len(act) == len(exp) and all([self.same_json(items, e, x, path) for e, x in zip(exp, act)])) or self.fail(path, exp, act)
        if kind == "record":
            rec = self.resolve(t)
            return all([self.same_json(f["type"], exp[f["name"]], act.get(f["name"]), f"{path}.{f['name']}") for f in rec["fields"]])
        saved, self.mode = self.mode, "lake"
        try:
            return self.same(t, exp, act, path)
        finally:
            self.mode = saved
