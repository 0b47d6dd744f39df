import { describe, expect, it } from 'vitest';
import { DlError, frame, avroType } from '@dl/core';
import { RecordDecoder } from './record-decoder.js';
import type { RegisteredSchemaLike, RegistryPort } from './registry-port.js';

const readerJson = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] };
const writerJson = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] }; // cannot be read as int
const reader: RegisteredSchemaLike = { id: 1, type: avroType(readerJson), json: readerJson };
const writer: RegisteredSchemaLike = { id: 2, type: avroType(writerJson), json: writerJson };

function registry(byId: Record<number, RegisteredSchemaLike | DlError>): RegistryPort {
  return {
    getById: async (id) => {
      const s = byId[id];
      if (!s) throw new DlError('REGISTRY_NOT_FOUND', `no ${id}`);
      if (s instanceof DlError) throw s;
      return s;
    },
    getLatest: async () => ({ id: 1, version: 2, schema: reader }),
    getVersion: async () => ({ id: 1, version: 2, schema: reader }),
    getSubjectIds: async () =>
      new Map([
        [1, 2],
        [2, 1],
        [3, 3],
      ]),
  };
}

describe('RecordDecoder classes', () => {
  it('names every record of an unresolvable writer INCOMPATIBLE_SCHEMA, not only the first', async () => {
    const d = new RecordDecoder({ registry: registry({ 1: reader, 2: writer }), subject: 's' });
    await d.prepare();
    const value = frame(2, writer.type.toBuffer({ a: 'x' }));
    for (let i = 0; i < 3; i++) {
      const out = d.decodeCached(value) ?? (await d.decode(value));
      expect(out).toMatchObject({ kind: 'dead', reason: { errorClass: 'INCOMPATIBLE_SCHEMA', schemaId: 2 } });
    }
  });
  it('dead-letters an id whose schema cannot be parsed instead of stopping', async () => {
    const d = new RecordDecoder({ registry: registry({ 1: reader, 3: new DlError('SCHEMA', 'not Avro: PROTOBUF') }), subject: 's' });
    await d.prepare();
    const out = await d.decode(frame(3, Buffer.from([2])));
    expect(out).toMatchObject({ kind: 'dead', reason: { errorClass: 'INCOMPATIBLE_SCHEMA', schemaId: 3 } });
  });
  it('never dead-letters on a registry outage: the error is thrown, retriable', async () => {
    const down = new DlError('REGISTRY_UNAVAILABLE', 'down', { retriable: true });
    const d = new RecordDecoder({ registry: registry({ 1: reader, 4: down }), subject: 's' });
    await d.prepare();
    await expect(d.decode(frame(4, Buffer.from([2])))).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
  });
});
