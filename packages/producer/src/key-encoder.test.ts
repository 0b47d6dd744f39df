import { describe, expect, it } from 'vitest';
import avsc from 'avsc';
import { ConfigError, unframe, type SchemaRegistry } from '@dl/core';
import { avroKeyFn } from './key-encoder.js';
import { compileKeyTemplate } from './key-template.js';

function registry(): SchemaRegistry & { subjects: string[] } {
  const subjects: string[] = [];
  return { subjects, register: async (subject: string) => (subjects.push(subject), 42) } as unknown as SchemaRegistry & { subjects: string[] };
}

describe('avroKeyFn', () => {
  it('frames each key as Avro of the key schema, registered under <topic>-key', async () => {
    const reg = registry();
    const fn = await avroKeyFn(compileKeyTemplate('{i}'), reg, { topic: 't', strategy: 'topic', schema: 'long' });
    const framed = unframe(fn({ i: 7, orderId: 0 }) as Buffer);
    expect(framed).toMatchObject({ ok: true, schemaId: 42 });
    expect(framed.ok && avsc.Type.forSchema('long').fromBuffer(framed.body)).toBe(7);
    expect(reg.subjects).toEqual(['t-key']);
  });

  it('reads record keys as JSON and names the record subject with the record strategy', async () => {
    const schema = { type: 'record', name: 'K', namespace: 'dev', fields: [{ name: 'n', type: 'int' }] };
    const reg = registry();
    const fn = await avroKeyFn(compileKeyTemplate('{{"n": {i}}}'), reg, { topic: 't', strategy: 'record', schema });
    const framed = unframe(fn({ i: 3, orderId: 0 }) as Buffer);
    expect(framed.ok && avsc.Type.forSchema(schema as avsc.Schema).fromBuffer(framed.body)).toMatchObject({ n: 3 });
    expect(reg.subjects).toEqual(['dev.K']);
  });

  it('refuses a template whose keys do not fit, before anything is sent', async () => {
    await expect(avroKeyFn(compileKeyTemplate('product{i}'), registry(), { topic: 't', strategy: 'topic', schema: 'int' })).rejects.toThrow(ConfigError);
    await expect(avroKeyFn(compileKeyTemplate('x'), registry(), { topic: 't', strategy: 'topic', schema: { type: 'nope' } })).rejects.toThrow(
      /^The key schema is not valid Avro/,
    );
  });

  it('keeps messages without a key keyless', async () => {
    const fn = await avroKeyFn(compileKeyTemplate(''), registry(), { topic: 't', strategy: 'topic', schema: 'string' });
    expect(fn({ i: 0, orderId: 0 })).toBeNull();
  });
});
