import { describe, expect, it } from 'vitest';
import { resolveSettings } from './resolve-settings.js';

describe('key, header and recursion settings', () => {
  it('defaults: keys auto, no headers column, recursive schemas refused', () => {
    const r = resolveSettings('ingest', { flags: {}, env: {} });
    expect(r.problems).toEqual([]);
    expect({ keyFormat: r.values.keyFormat, withHeaders: r.values.withHeaders, recursiveDepth: r.values.recursiveDepth }).toEqual({
      keyFormat: 'auto',
      withHeaders: false,
      recursiveDepth: undefined,
    });
  });

  it('reads them from flags and dl.yaml', () => {
    const r = resolveSettings('ingest', {
      flags: { keyFormat: 'avro' },
      env: {},
      file: { name: 'dl.yaml', data: { 'with-headers': true, 'recursive-depth': 3 } },
    });
    expect(r.problems).toEqual([]);
    expect([r.values.keyFormat, r.values.withHeaders, r.values.recursiveDepth]).toEqual(['avro', true, 3]);
  });

  it('names bad values and the fix', () => {
    const r = resolveSettings('ingest', { flags: { keyFormat: 'json', recursiveDepth: '99' }, env: {} });
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/^--key-format "json" is not one of string, bytes, avro, auto; e\.g\. --key-format auto\.$/);
    expect(r.problems[1]).toMatch(/^--recursive-depth "99" is not a whole number from 0 to 15; e\.g\. --recursive-depth 2\.$/);
  });

  it('--key-format avro under a record strategy needs the key record name', () => {
    const r = resolveSettings('ingest', { flags: { keyFormat: 'avro', subjectStrategy: 'record', recordName: 'dev.Order' }, env: {} });
    expect(r.problems).toEqual([
      "--key-format avro with --subject-strategy record needs the key's record name; pass --key-record-name e.g. dev.dl.orders.OrderKey.",
    ]);
    const ok = resolveSettings('ingest', {
      flags: { keyFormat: 'avro', subjectStrategy: 'record', recordName: 'dev.Order', keyRecordName: 'dev.Key' },
      env: {},
    });
    expect(ok.problems).toEqual([]);
  });
});
