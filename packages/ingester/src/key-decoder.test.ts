import { describe, expect, it } from 'vitest';
import avsc from 'avsc';
import { DlError, frame, keyCells } from '@dl/core';
import { KeyDecoder, type KeyFormat } from './key-decoder.js';
import type { RegisteredSchemaLike, RegistryPort } from './registry-port.js';

const keyJson = {
  type: 'record',
  name: 'OrderKey',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'region', type: 'string' },
  ],
};
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

  it("auto: a key starting with 0 whose id is not the key subject's stays bytes; the subject is read once per such id", async () => {
    const reg = registry();
    const d = await decoder('auto', reg);
    const before = reg.calls;
    const looksFramed = frame(1, Buffer.from([0xff]));
    expect(await read(d, looksFramed)).toMatchObject({ kind: 'key', key: { cells: { keyBytes: looksFramed }, decoded: null } });
    const once = reg.calls;
    expect(once).toBeGreaterThan(before);
    for (let i = 0; i < 5; i++) expect(await read(d, looksFramed)).toMatchObject({ kind: 'key', key: { decoded: null } });
    expect(reg.calls).toBe(once);
  });

  it('auto: a key of a key schema version registered after start is decoded from its first record', async () => {
    const v2Json = { ...keyJson, fields: [...keyJson.fields, { name: 'shard', type: 'int', default: 0 }] };
    const v2: RegisteredSchemaLike = { id: 8, type: avsc.Type.forSchema(v2Json as avsc.Schema), json: v2Json };
    const reg = registry();
    const d = await decoder('auto', reg);
    // Registered now: the subject lists id 8 and returns it by id.
    reg.getSubjectIds = async () =>
      new Map([
        [7, 1],
        [8, 2],
      ]);
    const getById = reg.getById;
    reg.getById = async (id) => (id === 8 ? v2 : getById(id));
    const out = await read(d, frame(8, v2.type.toBuffer({ id: 1, region: 'eu', shard: 3 })));
    expect(out).toMatchObject({ kind: 'key', key: { decoded: { id: 1, region: 'eu' } } });
  });

  it('auto: an outage while checking an unknown id is thrown, and the id is checked again after it', async () => {
    const reg = registry();
    const d = await decoder('auto', reg);
    const ids = reg.getSubjectIds;
    reg.getSubjectIds = async () => {
      throw new DlError('REGISTRY_UNAVAILABLE', 'down', { retriable: true });
    };
    const looksFramed = frame(1, Buffer.from([0xff]));
    await expect(read(d, looksFramed)).rejects.toMatchObject({ retriable: true });
    reg.getSubjectIds = ids;
    expect(d.cached(looksFramed)).toBeUndefined(); // not remembered: asked again
    expect(await read(d, looksFramed)).toMatchObject({ kind: 'key', key: { decoded: null } });
  });

  it('auto: no key subject at all: nothing is decoded, and no key asks the registry', async () => {
    const reg = registry({ keySubject: false });
    const d = await decoder('auto', reg);
    expect(d.reader).toBeUndefined();
    const before = reg.calls;
    for (let id = 0; id < 50; id++) expect(await read(d, frame(id, Buffer.from([0xff])))).toMatchObject({ kind: 'key', key: { decoded: null } });
    expect(await read(d, framedKey)).toMatchObject({ kind: 'key', key: { decoded: null } });
    expect(reg.calls).toBe(before);
  });

  it('auto and avro: a framed key of the key subject that does not decode is KEY_DECODE_ERROR', async () => {
    const truncated = framedKey.subarray(0, framedKey.length - 2);
    for (const format of ['auto', 'avro'] as const) {
      const out = await read(await decoder(format), truncated);
      expect(out).toMatchObject({ kind: 'dead', reason: { errorClass: 'KEY_DECODE_ERROR', schemaId: null } });
      expect(out.kind === 'dead' && out.reason.message).toMatch(/^key \(key schema id 7\): body .+ \[DECODE_ERROR\]$/);
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

  it('auto: a key subject that cannot be used (not Avro, or no column type) turns decoding off with a warning; avro stops', async () => {
    const protobuf = registry();
    protobuf.getLatest = async () => {
      throw new DlError('SCHEMA', 'schema 7 is PROTOBUF, not AVRO');
    };
    const d = new KeyDecoder('auto', protobuf, 't-key');
    expect(await d.prepare()).toBe('key subject t-key cannot be used to decode keys (schema 7 is PROTOBUF, not AVRO); keys are kept as text or bytes');
    expect(await read(d, framedKey)).toEqual({ kind: 'key', key: { cells: keyCells(framedKey, true), decoded: null } });
    expect(d.keyField).toBeUndefined();
    await expect(new KeyDecoder('avro', protobuf, 't-key').prepare()).rejects.toThrow('PROTOBUF');

    const recursiveJson = { type: 'record', name: 'K', fields: [{ name: 'next', type: ['null', 'K'] }] };
    const recursive = registry();
    recursive.getLatest = async () => ({ id: 9, version: 1, schema: { id: 9, type: avsc.Type.forSchema(recursiveJson as avsc.Schema), json: recursiveJson } });
    expect(await new KeyDecoder('auto', recursive, 't-key').prepare()).toMatch(/^key subject t-key cannot be used to decode keys \(Avro type K is recursive/);
  });

  it('names the key_decoded column after the key reader schema', async () => {
    const d = await decoder('auto');
    expect(d.keyField?.name).toBe('key_decoded');
    expect(String(d.keyField?.type)).toBe('Struct<{id:Int64, region:Utf8}>');
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

describe('KeyDecoder plain keys in a row', () => {
  it.each(['string', 'bytes', 'auto'] as const)('%s: a key with the bytes of the one before gets the same cells; another key its own', async (format) => {
    const d = await decoder(format);
    const a1 = d.cached(Buffer.from('product0'))!;
    const a2 = d.cached(Buffer.from('product0'))!;
    const b = d.cached(notUtf8)!;
    const a3 = d.cached(Buffer.from('product0'))!;
    expect(a2).toBe(a1);
    expect(b).not.toBe(a1);
    expect(b).toEqual({ kind: 'key', key: { cells: keyCells(notUtf8, format !== 'bytes'), decoded: null } });
    expect(a3).toEqual(a1);
    expect(a1).toEqual({ kind: 'key', key: { cells: keyCells(Buffer.from('product0'), format !== 'bytes'), decoded: null } });
  });
});
