import avsc from 'avsc';

interface Tap {
  readLong(): number;
  skipLong(): void;
  readString(): string;
}
interface Reader {
  valuesType: { _read(tap: Tap): unknown };
}

/**
 * An Avro map decoded into an object without a prototype. avsc decodes into `{}`, where a key
 * named `__proto__` sets the prototype instead of adding an entry: the entry vanished from the row
 * without a trace (the direct column decoder kept it).
 */
export class MapType extends avsc.types.MapType {
  // Also the resolver's read (avsc copies it onto a map-to-map resolver, which has its own valuesType).
  _read(this: Reader, tap: Tap): Record<string, unknown> {
    const values = this.valuesType;
    const out = Object.create(null) as Record<string, unknown>;
    for (;;) {
      let n = tap.readLong();
      if (n === 0) return out;
      if (n < 0) {
        n = -n;
        tap.skipLong(); // the block's byte size
      }
      while (n-- > 0) {
        const key = tap.readString();
        out[key] = values._read(tap);
      }
    }
  }
}
