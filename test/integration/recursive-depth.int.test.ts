import { describe, expect, it } from 'vitest';
import path from 'node:path';
import avsc from 'avsc';
import { createRegistry, frame } from '@dl/core';
import { runDl } from '../support/run-dl.js';
import { createTopic, send } from '../support/produce-raw.js';
import { stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';
import { readRows } from '../support/read-lake.js';
import { runPython } from '../support/python.js';

const NODE = {
  type: 'record',
  name: 'Node',
  namespace: 'dev.dl.test',
  fields: [
    { name: 'value', type: 'int' },
    { name: 'next', type: ['null', 'Node'], default: null },
  ],
};

function list(n: number): Record<string, unknown> | null {
  let node: Record<string, unknown> | null = null;
  for (let i = n; i >= 1; i--) node = { value: i, next: node === null ? null : { 'dev.dl.test.Node': node } };
  return node;
}

describe('recursive value schemas', () => {
  it('--recursive-depth 1 ingests a linked list: one struct level, the rest as JSON text; without it the clear sentence', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('recursive');
    const registry = createRegistry({ url: stackEndpoints().registryUrl });
    const id = await registry.register(`${topic}-value`, NODE);
    const type = avsc.Type.forSchema(NODE as avsc.Schema, { wrapUnions: true });
    await createTopic(topic, 1);
    await send(
      topic,
      [1, 2, 4].map((n) => ({ key: `list-${n}`, value: frame(id, type.toBuffer(list(n))) })),
    );

    const refused = tempLake();
    const r0 = await runDl(['ingest', '--once', '--topic', topic, '--group', `g0-${topic}`, '--data-dir', refused, '--progress', 'none']);
    expect(r0.code).not.toBe(0);
    expect(r0.stderr).toContain('Avro type dev.dl.test.Node is recursive: field next refers back to it');

    const lake = tempLake();
    const r = await runDl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'none', '--recursive-depth', '1']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readRows(path.join(lake, 'parquet')).sort((a, b) => Number(a['value']) - Number(b['value']));
    expect(rows.map((x) => x['value'])).toEqual([1, 1, 1]);
    const next = rows.map((x) => (x['next'] as { toJSON(): Record<string, unknown> } | null)?.toJSON() ?? null);
    expect(next[0]).toBeNull();
    expect(next[1]).toEqual({ value: 2, next: null });
    expect(next[2]!['value']).toBe(2);
    // The Avro JSON encoding of the sub-tree, as union columns hold theirs.
    expect(JSON.parse(next[2]!['next'] as string)).toEqual({ value: 3, next: { 'dev.dl.test.Node': { value: 4, next: null } } });
    // pyarrow, pandas and DuckDB read the table too.
    const read = JSON.parse(runPython('confluent_keys.py', ['read', '--lake', lake])) as {
      pandas_rows: number;
      types: Record<string, string>;
      duckdb: Record<string, unknown>;
    };
    expect(read.pandas_rows).toBe(3);
    expect(read.types['next']).toBe('struct<value: int32 not null, next: string>');
    expect(Object.keys(read.duckdb)).toHaveLength(3);
  });
});
