import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Field, Int32, Schema, Table, Uint8, Utf8, makeData } from 'apache-arrow';
import { markAsUntransferable } from 'node:worker_threads';
import { releaseBuffers } from './release-buffers.js';
import { TableAccumulator } from './table-accumulator.js';

function table(rows: number) {
  const acc = new TableAccumulator(new Schema([new Field('n', new Int32(), false), new Field('s', new Utf8(), true)]), '');
  for (let i = 0; i < rows; i++) {
    acc.builders[0]!.append(i);
    acc.builders[1]!.append(i % 3 === 0 ? null : `row ${i}`);
    acc.commitRow(BigInt(i));
  }
  return acc.toTable();
}

describe('releaseBuffers', () => {
  it("detaches a finished table's column buffers, after which the IPC stream made before still reads back whole", () => {
    const rows = table(50_000);
    const buffers = rows.data.flatMap((d) => d.children.flatMap((c) => [c.values, c.valueOffsets].filter((v) => v !== undefined)));
    expect(buffers.every((v) => v.buffer.byteLength >= 64 * 1024)).toBe(true);
    const ipc = tableToIPC(rows, 'stream');
    releaseBuffers(rows);
    expect(buffers.map((v) => v.buffer.byteLength)).toEqual(buffers.map(() => 0));
    const back = tableFromIPC(ipc);
    expect(back.numRows).toBe(50_000);
    expect(back.getChild('n')!.get(49_999)).toBe(49_999);
    expect(back.getChild('s')!.get(49_999)).toBe('row 49999');
    expect(back.getChild('s')!.get(49_998)).toBeNull();
  });

  it("leaves small buffers alone: they may be slices of Node's shared Buffer pool", () => {
    const pooled = Buffer.from('a pooled buffer');
    const rows = table(10);
    releaseBuffers(rows);
    expect(rows.getChild('s')!.get(1)).toBe('row 1');
    expect(pooled.toString()).toBe('a pooled buffer');
  });

  it('leaves a buffer Node will not transfer (as its Buffer pool) whole, whatever its size', () => {
    const pool = new ArrayBuffer(128 * 1024);
    markAsUntransferable(pool);
    const bytes = new Uint8Array(pool);
    bytes.fill(7);
    const rows = new Table({ b: makeData({ type: new Uint8(), length: bytes.length, data: bytes }) } as never);
    releaseBuffers(rows);
    expect(pool.byteLength).toBe(128 * 1024);
    expect(rows.getChild('b')!.get(128 * 1024 - 1)).toBe(7);
  });
});
