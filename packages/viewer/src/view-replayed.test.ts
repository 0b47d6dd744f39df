import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_SCHEMA, dataFileName, doneFileName, intentFileName, type ReplayDone } from '@dl/core';
import { captureIo } from '../test/helpers/capture.js';
import { rowsFor } from '../test/helpers/lake-fixtures.js';
import { writeParquetFile } from '../test/helpers/write-parquet.js';
import { readDeadLetters } from './read-dead-letters.js';
import { view } from './view.js';
import type { ViewOptions } from './view-options.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-view-replayed-'));
const lake = path.join(tmp, 'lake');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function deadLetter(partition: number, offset: number): Record<string, unknown> {
  return {
    key: `k${offset}`,
    partition,
    offset,
    topic: 'dev.orders',
    timestamp: new Date(Date.UTC(2021, 1, 27, 18, 0, offset)).toISOString(),
    avro_value: `hex:0${offset % 10}`,
    headers: offset === 1 ? [{ key: 'trace', value: 'abc' }] : [],
    error_class: offset % 2 === 0 ? 'NO_MAGIC_BYTE' : 'DECODE_ERROR',
    error_message: `dead letter ${offset}`,
    ingested_at: '2021-02-27T19:00:00.000Z',
  };
}

// Partition 0: offsets 0-9 in row groups of 3; partition 1: offsets 0-3 (nothing of it replayed).
beforeAll(() => {
  const dir = path.join(lake, 'parquet-dlq', 'date=2021-02-27');
  const p0 = Array.from({ length: 10 }, (_, i) => deadLetter(0, i));
  writeParquetFile(path.join(dir, dataFileName('dev.orders', 0, 0n, 9n)), DLQ_SCHEMA.fields, rowsFor(DLQ_SCHEMA.fields, p0), 3);
  const p1 = Array.from({ length: 4 }, (_, i) => deadLetter(1, i));
  writeParquetFile(path.join(dir, dataFileName('dev.orders', 1, 0n, 3n)), DLQ_SCHEMA.fields, rowsFor(DLQ_SCHEMA.fields, p1));
  const replays = path.join(lake, '_dl', 'replays');
  mkdirSync(replays, { recursive: true });
  const done: ReplayDone = {
    version: 1,
    run: 'r1',
    completedAt: '2021-02-28T00:00:00.000Z',
    landed: [2, 3, 4, 5, 7].map((o, k) => ({ ref: `dev.orders/0/${o}`, topic: 'dev.orders', partition: 0, offset: String(100 + k) })),
    notSent: [],
    reconciled: false,
  };
  writeFileSync(path.join(replays, doneFileName('r1')), JSON.stringify(done));
  // An interrupted replay: reported, its dead letter not counted as replayed.
  writeFileSync(path.join(replays, intentFileName('r2')), JSON.stringify({ version: 1, run: 'r2', messages: [] }));
});

async function rows(opts: Partial<ViewOptions>): Promise<{ rows: Array<Record<string, unknown>>; err: string }> {
  const io = captureIo();
  await view({ target: 'parquet-dlq', dataDir: lake, replayed: 'hide', format: 'json', limit: 0, ...opts }, io);
  return { rows: JSON.parse(io.out()) as Array<Record<string, unknown>>, err: io.err() };
}

const ids = (rs: Array<Record<string, unknown>>) => rs.map((r) => `${String(r.partition)}/${String(r.offset)}`);

describe('view with replayed', () => {
  it('hides replayed dead letters, across row groups, and warns about interrupted replays', async () => {
    const { rows: got, err } = await rows({});
    expect(ids(got)).toEqual(['0/0', '0/1', '0/6', '0/8', '0/9', '1/0', '1/1', '1/2', '1/3']);
    expect(err).toContain('1 interrupted replay(s)');
  });

  it('keeps offset, tail, where and count consistent with what is hidden', async () => {
    expect(ids((await rows({ limit: 2, offset: 1 })).rows)).toEqual(['0/1', '0/6']);
    expect(ids((await rows({ tail: 3, limit: undefined })).rows)).toEqual(['1/1', '1/2', '1/3']);
    expect(
      ids(
        (
          await rows({
            where: [
              { column: 'partition', value: '0' },
              { column: 'error_class', value: 'NO_MAGIC_BYTE' },
            ],
          })
        ).rows,
      ),
    ).toEqual(['0/0', '0/6', '0/8']);
    const io = captureIo();
    await view({ target: 'parquet-dlq', dataDir: lake, replayed: 'hide', count: true }, io);
    expect(io.out()).toBe('9\n');
  });

  it('shows where each went in replayed_to', async () => {
    const { rows: got } = await rows({ replayed: 'show', columns: ['partition', 'offset', 'replayed_to'] });
    expect(got).toHaveLength(14);
    const to = Object.fromEntries(got.map((r) => [`${String(r.partition)}/${String(r.offset)}`, r.replayed_to]));
    expect(to['0/2']).toBe('dev.orders/0/100');
    expect(to['0/7']).toBe('dev.orders/0/104');
    expect(to['0/6']).toBeNull();
    expect(to['1/2']).toBeNull();
    const only = await rows({ replayed: 'show', where: [{ column: 'replayed_to', value: 'dev.orders/0/101' }], columns: ['replayed_to'] });
    expect(only.rows.map((r) => r.replayed_to)).toEqual(['dev.orders/0/101']);
  });

  it('refuses tables other than the DLQ', async () => {
    await expect(view({ target: 'parquet', dataDir: lake, replayed: 'hide' }, captureIo())).rejects.toMatchObject({
      exitCode: 2,
      detail: {
        setting: 'hideReplayed',
        problem: 'works on the dead-letter table only, not on "parquet"',
        fix: 'view that table with it: dl view parquet-dlq {hideReplayed}',
      },
    });
  });
});

describe('readDeadLetters', () => {
  it('reads typed rows with the view filters', async () => {
    const out = [];
    for await (const chunk of readDeadLetters({ dataDir: lake, where: [{ column: 'offset', value: '1' }] })) out.push(...chunk);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ topic: 'dev.orders', partition: 0, offset: 1n, errorClass: 'DECODE_ERROR', schemaId: null });
    expect(out[0]!.timestamp.toISOString()).toBe('2021-02-27T18:00:01.000Z');
    expect(Buffer.from(out[0]!.value!).toString('hex')).toBe('01');
    expect(out[0]!.headers.map((h) => [h.key, Buffer.from(h.value!).toString()])).toEqual([['trace', 'abc']]);
  });

  it('names an unknown --where column', async () => {
    const read = async () => {
      for await (const _ of readDeadLetters({ dataDir: lake, where: [{ column: 'nope', value: '1' }] })) void _;
    };
    await expect(read()).rejects.toMatchObject({ detail: { setting: 'where', value: 'nope=1', problem: 'names column "nope", which is not in the table' } });
  });
});
