import { describe, expect, it } from 'vitest';
import avsc from 'avsc';
import { DlError, frame } from '@dl/core';
import { KeyDecoder, type KeyFormat } from './key-decoder.js';
import type { RegisteredSchemaLike, RegistryPort } from './registry-port.js';

const keyJson = { type: 'record', name: 'OrderKey', fields: [{ name: 'id', type: 'long' }, { name: 'region', type: 'string' }] };
const keySchema: RegisteredSchemaLike = { id: 7, type: avsc.Type.forSchema(keyJson as avsc.Schema), json: keyJson };
const valueJson = { type: 'record', name: 'V', fields: [{ name: 'a', type: 'int' }] };
const valueSchema: RegisteredSchemaLike = { id: 1, type: avsc.Type.forSchema(valueJson as avsc.Schema), json: valueJson };

/** An in-memory registry: subject `t-key` has id 7; id 1 is a value schema of another subject. */
function registry(opts: { keySubject?: boolean; down?: boolean } = {}): RegistryPort & { calls: number } {
  const r = {
    calls: 0,
    getById: async (id: number) => {
      r.calls++;
      if (opts.down) throw new DlError('REGISTRY_UNAVAILABLE', 'down', { retriable: true });
      if (id === 7) return keySchema;
      if (id === 1) return valueSchema;
      throw new DlError('REGISTRY_NOT_FOUND', `no ${id}`);
    },
    getLatest: async () => {
      r.calls++;
      return { id: 7, version: 1, schema: keySchema };
    },
    getVersion: async () => ({ id: 7, version: 1, schema: keySchema }),
    getSubjectIds: async () => {
      r.calls++;
      if (opts.keySubject === false) throw new DlError('REGISTRY_NOT_FOUND', 'no subject');
      return new Map([[7, 1]]);
    },
  };
  return r;
}

async function decoder(format: KeyFormat, reg = registry()) {
  const d = new KeyDecoder(format, reg, 't-key');
  await d.prepare();
  return d;
}

async function read(d: KeyDecoder, key: Buffer | null) {
  return d.cached(key) ?? (await d.decode(key));
}

const framedKey = frame(7, keySchema.type.toBuffer({ id: 42, region: 'eu' }));
const notUtf8 = Buffer.from('fffe0062696e', 'hex');

describe('KeyDecoder', () => {
  it('auto: decodes a key framed with an id of the key subject, keeping its bytes', async () => {
    const out = await read(await decoder('auto'), framedKey);
    expect(out.kind).toBe('key');
    if (out.kind !== 'key') return;
    expect(out.key.cells).toEqual({ key: null, keyBytes: framedKey });
    expect(out.key.decoded).toMatchObject({ id: 42, region: 'eu' });
  });

  it('auto: text keys stay text, other bytes stay bytes, null stays null', async () => {
    const d = await decoder('auto');
    expect(await read(d, Buffer.from('product0'))).toEqual({ kind: 'key', key: { cells: { key: Buffer.from('product0'), keyBytes: null }, decoded: null } });
    expect(await read(d, notUtf8)).toEqual({ kind: 'key', key: { cells: { key: null, keyBytes: notUtf8 }, decoded: null } });
    expect(await read(d, null)).toEqual({ kind: 'key', key: { cells: { key: null, keyBytes: null }, decoded: null } });
  });

  it('auto: a key starting with 0 whose id is not the key subject\'s stays bytes, without asking the registry', async () => {
    const reg = registry();
    const d = await decoder('auto', reg);
    const before = reg.calls;
    const looksFramed = frame(1, Buffer.from([0xff]));
    expect(await read(d, looksFramed)).toMatchObject({ kind: 'key', key: { cells: { keyBytes: looksFramed }, decoded: null } });
    expect(reg.calls).toBe(before);
  });

  it('auto: no key subject at all: nothing is decoded', async () => {
    const d = await decoder('auto', registry({ keySubject: false }));
    expect(d.reader).toBeUndefined();
    expect(await read(d, framedKey)).toMatchObject({ kind: 'key', key: { decoded: null } });
  });

  it('auto and avro: a framed key of the key subject that does not decode is KEY_DECODE_ERROR', async () => {
    const truncated = framedKey.subarray(0, framedKey.length - 2);
    for (const format of ['auto', 'avro'] as const) {
      const out = await read(await decoder(format), truncated);
      expect(out).toMatchObject({ kind: 'dead', reason: { errorClass: 'KEY_DECODE_ERROR', schemaId: null } });
      expect(out.kind === 'dead' && out.reason.message).toMatch(/^key \(key schema id 7\): body of \d+ bytes ends before the record does \(truncated\?\) \[DECODE_ERROR\]$/);
    }
  });

  it('avro: a key that is not framed is KEY_DECODE_ERROR; a null key is fine', async () => {
    const d = await decoder('avro');
    expect(await read(d, Buffer.from('product0'))).toMatchObject({ kind: 'dead', reason: { errorClass: 'KEY_DECODE_ERROR' } });
    const dead = await read(d, Buffer.from('ab'));
    expect(dead.kind === 'dead' && dead.reason.message).toBe(
      'key is 2 bytes, shorter than the 5-byte Confluent header; the avro key format expects every key framed with a schema of t-key',
    );
    expect(await read(d, frame(1, Buffer.from([2])))).toMatchObject({ kind: 'dead', reason: { errorClass: 'KEY_DECODE_ERROR' } });
    expect(await read(d, null)).toMatchObject({ kind: 'key', key: { cells: { key: null, keyBytes: null } } });
  });

  it('string and bytes never ask the registry', async () => {
    const reg = registry();
    const s = await decoder('string', reg);
    const b = await decoder('bytes', reg);
    expect(await read(s, framedKey)).toMatchObject({ kind: 'key', key: { decoded: null } });
    expect(await read(b, Buffer.from('abc'))).toEqual({ kind: 'key', key: { cells: { key: null, keyBytes: Buffer.from('abc') }, decoded: null } });
    expect(reg.calls).toBe(0);
  });

  it('a registry outage is thrown (retriable), never a dead letter', async () => {
    const reg = registry();
    const d = await decoder('avro', reg);
    const down = new KeyDecoder('avro', registry({ down: true }), 't-key');
    await down.prepare();
    await expect(down.decode(framedKey)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    expect((await read(d, framedKey)).kind).toBe('key');
  });
});
