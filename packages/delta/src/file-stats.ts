import { Type, type Data, type DataType, type Table } from 'apache-arrow';

/**
 * A data file's `stats` (PROTOCOL.md, "Per-file Statistics") as JSON text: numRecords, and
 * minValues / maxValues / nullCount for the top-level primitive columns engines skip files on
 * (offsets, partition, timestamps, ids, numbers, dates). Strings are left out: their min/max
 * would need truncation rules that are easy to get wrong, and a wrong max skips live data.
 * Longs are written from their exact 64-bit value, never through a double.
 */
export function fileStats(table: Table): string {
  const min: string[] = [];
  const max: string[] = [];
  const nulls: string[] = [];
  for (const field of table.schema.fields) {
    const vec = table.getChild(field.name);
    if (!vec || isNested(field.type)) continue;
    const name = JSON.stringify(field.name);
    nulls.push(`${name}:${vec.nullCount}`);
    const fmt = formatter(field.type);
    if (!fmt) continue;
    const range = minMax(vec.data as Data[]);
    if (range) {
      min.push(`${name}:${fmt(range.min, false)}`);
      max.push(`${name}:${fmt(range.max, true)}`);
    }
  }
  return `{"numRecords":${table.numRows},"minValues":{${min.join(',')}},"maxValues":{${max.join(',')}},"nullCount":{${nulls.join(',')}}}`;
}

function isNested(t: DataType): boolean {
  return [Type.List, Type.LargeList, Type.FixedSizeList, Type.Struct, Type.Map, Type.Union, Type.Dictionary].includes(t.typeId);
}

type Raw = number | bigint;

/** How a raw Arrow value is written in stats, or undefined for columns without min/max. */
function formatter(t: DataType): ((v: Raw, up: boolean) => string) | undefined {
  switch (t.typeId) {
    case Type.Int:
    case Type.Float:
      return (v) => (typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
    case Type.Date:
      // DateDay holds days since the epoch; DateMillisecond holds ms.
      return (t as DataType & { unit: number }).unit === 0
        ? (v) => JSON.stringify(new Date(Number(v) * 86_400_000).toISOString().slice(0, 10))
        : (v) => JSON.stringify(new Date(Number(v)).toISOString().slice(0, 10));
    case Type.Timestamp: {
      // TimeUnit: 0 s, 1 ms, 2 us, 3 ns. Stats are ISO-8601 with milliseconds, rounded outward
      // (min down, max up), so a sub-millisecond part only widens the range, never narrows it.
      const perMs = [1 / 1000, 1, 1000, 1_000_000][(t as DataType & { unit: number }).unit] ?? 1;
      const tz = (t as DataType & { timezone?: string | null }).timezone;
      return (v, up) => {
        const ms = Number(v) / perMs;
        const iso = new Date(up ? Math.ceil(ms) : Math.floor(ms)).toISOString();
        return JSON.stringify(tz ? iso : iso.slice(0, -1));
      };
    }
    default:
      return undefined;
  }
}

function minMax(chunks: Data[]): { min: Raw; max: Raw } | undefined {
  let min: Raw | undefined;
  let max: Raw | undefined;
  for (const d of chunks) {
    const values = d.values as ArrayLike<Raw>;
    const stride = d.stride || 1;
    for (let i = 0; i < d.length; i++) {
      if (d.nullCount > 0 && !d.getValid(i)) continue;
      const v = values[i * stride]!;
      if (typeof v === 'number' && Number.isNaN(v)) continue;
      if (min === undefined || v < min) min = v;
      if (max === undefined || v > max) max = v;
    }
  }
  return min === undefined || max === undefined ? undefined : { min, max };
}
