import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { DlError, avroType, frame } from '@dl/core';
import { RecordDecoder } from './record-decoder.js';
import type { RegisteredSchemaLike, RegistryPort } from './registry-port.js';
import { compileColumnDecoder } from './avro-column-decoder.js';
import { appendTableRow, appendTableRowDirect, metaColumnsBefore, tableSchema } from './row-writer.js';
import { TableAccumulator } from './table-accumulator.js';

// One decoder semantics: the avsc path (schema resolution, JSON-text unions, field: partitioning)
// must land the same values as the direct column decoder, and refuse the same bytes.

const LONGS = [0n, -1n, 2n ** 53n - 1n, 2n ** 53n + 1n, -4503599627370497n, -9007199254740991n, -7267498480917424n, 2n ** 63n - 1n, -(2n ** 63n)];
const exact = {
  type: 'record',
  name: 'Exact',
  namespace: 'dl.test',
  fields: [
    { name: 'l', type: 'long' },
    { name: 'nl', type: ['null', 'long'] },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'lts', type: { type: 'long', logicalType: 'local-timestamp-micros' } },
    { name: 't', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'al', type: { type: 'array', items: 'long' } },
    { name: 'ml', type: { type: 'map', values: 'long' } },
    { name: 'r', type: { type: 'record', name: 'In', fields: [{ name: 'x', type: 'long' }] } },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
  ],
};
const SPECIAL = [NaN, Infinity, -Infinity, -0, 5e-324];
const values = LONGS.map((l, i) => ({
  l,
  nl: i % 2 ? null : -l - 1n,
  ts: l,
  lts: -l - 1n,
  t: BigInt(i) * 3_600_000_000n,
  al: [l, -l - 1n],
  ml: { [`k${i}`]: l },
  r: { x: l },
  f: SPECIAL[i % SPECIAL.length]!,
  d: SPECIAL[(i + 1) % SPECIAL.length]!,
  s: `zażółć ${i}`,
}));

function msg(offset: number, value: Buffer): KafkaMessage {
  return { key: null, value, timestamp: '1700000000000', attributes: 0, offset: String(offset), headers: {} } as KafkaMessage;
}

function registryOf(reader: RegisteredSchemaLike, others: RegisteredSchemaLike[] = []): RegistryPort {
  const all = [reader, ...others];
  return {
    getById: async (id) => {
      const s = all.find((x) => x.id === id);
      if (!s) throw new DlError('REGISTRY_NOT_FOUND', `no ${id}`);
      return s;
    },
    getLatest: async () => ({ id: reader.id, version: all.length, schema: reader }),
    getVersion: async () => ({ id: reader.id, version: all.length, schema: reader }),
    getSubjectIds: async () => new Map(all.map((s, i) => [s.id, i + 1])),
  };
}

function schemaOf(id: number, json: object): RegisteredSchemaLike {
  return { id, type: avroType(json), json };
}

/** Rows of the table both ways: the direct decoder, and RecordDecoder (avsc) + appendTableRow. */
async function bothPaths(json: object, bodies: Buffer[]) {
  const reader = schemaOf(1, json);
  const decoder = new RecordDecoder({ registry: registryOf(reader), subject: 's' });
  await decoder.prepare();
  const viaAvsc = new TableAccumulator(tableSchema(json as never, false), '');
  const direct = new TableAccumulator(tableSchema(json as never, false), '');
  const step = compileColumnDecoder(reader.type, direct.builders.slice(metaColumnsBefore(false), direct.builders.length - 2))!;
  expect(step).toBeDefined();
  for (const [n, body] of bodies.entries()) {
    const value = frame(1, body);
    const src = { topic: 't', partition: 0, offset: BigInt(n), message: msg(n, value) };
    const out = await decoder.decode(value);
    if (out.kind !== 'row') throw new Error(`avsc path dead-lettered value ${n}: ${out.reason.message}`);
    expect(appendTableRow(viaAvsc, src, out.value, 1, false)).toBeUndefined();
    expect(appendTableRowDirect(direct, src, step, 1, false)).toBeUndefined();
  }
  return { avsc: viaAvsc.toTable(), direct: direct.toTable() };
}

function column(table: ReturnType<TableAccumulator['toTable']>, name: string): unknown[] {
  // The stored values (Arrow's get() turns timestamps into ms numbers), null where invalid.
  const v = table.getChild(name)!;
  const raw = v.toArray() as ArrayLike<unknown>;
  return Array.from({ length: v.length }, (_, i) => (v.isValid(i) ? raw[i] : null));
}

describe('the avsc path lands the values the direct path does', () => {
  it('every long exact (±2^63 edges, 2^53±1, the values avsc used to flip), floats with NaN/±Inf/-0', async () => {
    const type = avroType(exact);
    const { avsc, direct } = await bothPaths(
      exact,
      values.map((v) => type.toBuffer(v)),
    );
    for (const name of ['l', 'nl', 'ts', 'lts', 't']) expect([...column(avsc, name)], name).toEqual([...column(direct, name)]);
    expect([...column(avsc, 'l')]).toEqual(LONGS);
    expect([...column(avsc, 'ts')]).toEqual(LONGS);
    expect([...column(avsc, 'nl')]).toEqual(values.map((v) => v.nl));
    const nested = (t: typeof avsc) =>
      t.toArray().map((r) => JSON.stringify([[...r.al.toArray()], r.ml.toJSON(), r.r.toJSON()], (_k, v) => (typeof v === 'bigint' ? `${v}` : v)));
    expect(nested(avsc)).toEqual(nested(direct));
    expect(nested(avsc)[7]).toBe('[["9223372036854775807","-9223372036854775808"],{"k7":"9223372036854775807"},{"x":"9223372036854775807"}]');
    const bits = (t: typeof avsc, name: string) => [...column(t, name)].map((x) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x)));
    expect(bits(avsc, 'f')).toEqual(bits(direct, 'f'));
    expect(bits(avsc, 'd')).toEqual(values.map((v) => (Number.isNaN(v.d) ? 'NaN' : Object.is(v.d, -0) ? '-0' : String(v.d))));
  });

  it('an older writer schema resolved to the reader keeps every long exact', async () => {
    const v1 = {
      type: 'record',
      name: 'Exact',
      namespace: 'dl.test',
      fields: [
        { name: 'l', type: 'long' },
        { name: 'n', type: 'int' },
      ],
    };
    const v2 = {
      ...v1,
      fields: [
        { name: 'l', type: 'long' },
        { name: 'n', type: 'long' },
        { name: 'added', type: 'long', default: 9007199254740991 },
      ],
    };
    const writer = schemaOf(2, v1);
    const decoder = new RecordDecoder({ registry: registryOf(schemaOf(1, v2), [writer]), subject: 's' });
    await decoder.prepare();
    for (const l of LONGS) {
      const out = await decoder.decode(frame(2, writer.type.toBuffer({ l, n: -2147483648 })));
      expect(out).toMatchObject({ kind: 'row', value: { l, n: -2147483648n, added: 9007199254740991n } });
    }
  });

  it('unions stored as JSON text carry the exact digits and the branch', async () => {
    const json = {
      type: 'record',
      name: 'U',
      fields: [
        { name: 'u', type: ['boolean', 'double', 'long'] },
        { name: 'nu', type: ['null', 'int', 'long', 'double'] },
      ],
    };
    const reader = schemaOf(1, json);
    const decoder = new RecordDecoder({ registry: registryOf(reader), subject: 's' });
    await decoder.prepare();
    const cases: Array<[unknown, unknown, string, string | null]> = [
      [-(2n ** 63n), null, '{"long":-9223372036854775808}', null],
      [2n ** 53n + 1n, { long: 2n ** 63n - 1n }, '{"long":9007199254740993}', '{"long":9223372036854775807}'],
      [NaN, { double: -0 }, '{"double":"NaN"}', '{"double":-0.0}'],
      [true, { int: -1 }, '{"boolean":true}', '{"int":-1}'],
    ];
    for (const [u, nu, text, ntext] of cases) {
      const out = await decoder.decode(frame(1, reader.type.toBuffer({ u, nu })));
      expect(out).toMatchObject({ kind: 'row', value: { u: text, nu: ntext } });
    }
  });
});

describe('one rule for bad bytes on both paths: DECODE_ERROR, never a changed value', () => {
  const json = {
    type: 'record',
    name: 'B',
    fields: [
      { name: 'i', type: 'int' },
      { name: 's', type: 'string' },
      { name: 'u', type: ['boolean', 'double'] },
    ],
  };
  const type = avroType(json);
  const good = type.toBuffer({ i: 1, s: 'ab', u: true });
  const invalidUtf8 = Buffer.from(good);
  invalidUtf8[2] = 0xff; // 'a'
  const intTooBig = Buffer.concat([Buffer.from([0x80, 0x80, 0x80, 0x80, 0x40]), good.subarray(1)]);

  it.each([
    ['a string that is not UTF-8', invalidUtf8, /a string is not valid UTF-8/],
    ['an int varint beyond 32 bits', intTooBig, /does not fit 32 bits/],
  ])('%s', async (_what, body, reason) => {
    const reader = schemaOf(1, json);
    const decoder = new RecordDecoder({ registry: registryOf(reader), subject: 's' });
    await decoder.prepare();
    const out = await decoder.decode(frame(1, body));
    expect(out).toMatchObject({ kind: 'dead', reason: { errorClass: 'DECODE_ERROR', message: expect.stringMatching(reason) } });
    // The direct path (here: the same schema without the union it declines) refuses the same bytes.
    const plain = { ...json, fields: json.fields.slice(0, 2) };
    const acc = new TableAccumulator(tableSchema(plain as never, false), '');
    const step = compileColumnDecoder(avroType(plain), acc.builders.slice(metaColumnsBefore(false), acc.builders.length - 2))!;
    const value = frame(1, body.subarray(0, body.length - 1));
    const problem = appendTableRowDirect(acc, { topic: 't', partition: 0, offset: 0n, message: msg(0, value) }, step, 1, false);
    expect(problem).toMatch(reason);
  });
});
