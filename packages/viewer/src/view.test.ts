import { copyFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParquetFile } from 'parquet-wasm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DlError, type OptionError } from '@dl/core';
import { captureIo } from '../test/helpers/capture.js';
import { DLQ_ROWS, writeDlqTable, writeOrdersTable } from '../test/helpers/lake-fixtures.js';
import { fieldsOf, writeParquetFile } from '../test/helpers/write-parquet.js';
import { view } from './view.js';
import type { ViewOptions } from './view-options.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-view-'));
const lake = path.join(tmp, 'lake');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

// 3 files of 10 orders (offsets 0-29) in row groups of 4, under date=2021-02-27 (files 0, 2) and date=2021-02-28 (file 1).
beforeAll(() => {
  writeOrdersTable(path.join(lake, 'parquet'), 3, 10, 4);
  writeDlqTable(path.join(lake, 'parquet-dlq'));
});

async function run(opts: Partial<ViewOptions> & { target?: string }, columns = 120) {
  const io = captureIo({ columns });
  const result = await view({ target: 'parquet', dataDir: lake, ...opts }, io);
  return { result, out: io.out(), err: io.err() };
}

async function json(opts: Partial<ViewOptions>): Promise<Array<Record<string, unknown>>> {
  return JSON.parse((await run({ ...opts, format: 'json' })).out) as Array<Record<string, unknown>>;
}

const offsets = async (opts: Partial<ViewOptions>) => (await json({ ...opts, columns: ['offset'] })).map((r) => r.offset);

describe('rows: limit, offset, tail', () => {
  // Files are read in path order: date=2021-02-27 holds offsets 0-9 and 20-29, date=2021-02-28 10-19.
  it('prints the first 20 rows by default', async () => {
    expect(await offsets({})).toEqual([...range(0, 10), ...range(20, 30)]);
  });
  it('skips and caps across files and row groups', async () => {
    expect(await offsets({ offset: 7, limit: 5 })).toEqual([7, 8, 9, 20, 21]);
  });
  it('--limit 0 prints everything', async () => {
    expect(await offsets({ limit: 0 })).toHaveLength(30);
  });
  it('--tail takes the last rows, in table order', async () => {
    expect(await offsets({ tail: 3 })).toEqual([17, 18, 19]);
    expect(await offsets({ tail: 12 })).toEqual([28, 29, ...range(10, 20)]);
  });
  it('--tail with --offset skips from the end', async () => {
    expect(await offsets({ tail: 2, offset: 3 })).toEqual([15, 16]);
  });
  it('an offset past the end prints no rows', async () => {
    expect(await offsets({ offset: 100 })).toEqual([]);
  });
});

describe('rows: --where and --columns', () => {
  it('keeps rows whose column equals the value, all filters together', async () => {
    const rows = await json({ where: [{ column: 'customer', value: 'John Doe' }], columns: ['offset', 'customer'], limit: 0 });
    expect(rows.map((r) => r.offset)).toEqual([0, 3, 6, 9, 21, 24, 27, 12, 15, 18]);
    const both = await offsets({
      where: [
        { column: 'customer', value: 'John Doe' },
        { column: 'key', value: 'product0' },
      ],
      limit: 0,
    });
    // Row 24 has a null key (every 7th row from 3).
    expect(both).toEqual([0, 6, 12, 18]);
  });
  it('filters on partition values without reading data', async () => {
    expect(await offsets({ where: [{ column: 'date', value: '2021-02-28' }], limit: 3 })).toEqual([10, 11, 12]);
  });
  it('compares numbers, 64-bit integers, nulls and timestamps by value', async () => {
    expect(await offsets({ where: [{ column: 'price', value: '99.980' }], limit: 1 })).toEqual([0]);
    expect(await offsets({ where: [{ column: 'offset', value: '25' }] })).toEqual([25]);
    expect(await offsets({ where: [{ column: 'key', value: 'null' }], limit: 0 })).toEqual([3, 24, 10, 17]);
    expect(await offsets({ where: [{ column: 'timestamp', value: '2021-02-27T18:39:04.253Z' }] })).toEqual([2]);
  });
  it('applies --offset and --tail to the matching rows', async () => {
    const where = [{ column: 'customer', value: 'John Doe' }];
    expect(await offsets({ where, offset: 2, limit: 2 })).toEqual([6, 9]);
    expect(await offsets({ where, tail: 2 })).toEqual([15, 18]);
  });
  it('prints the columns asked for, in that order', async () => {
    const rows = await json({ columns: ['date', 'offset', 'description'], limit: 1 });
    expect(rows).toEqual([{ date: '2021-02-27', offset: 0, description: '1234' }]);
  });
  it('names an unknown column and lists the ones there are (exit 2)', async () => {
    const err = await run({ columns: ['offset', 'nope'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DlError);
    expect((err as DlError).exitCode).toBe(2);
    // The setting's schema key and value as data (the cli names the flag, see setting-words.test.ts).
    expect((err as OptionError).detail).toEqual({
      setting: 'columns',
      value: 'offset,nope',
      problem: 'names column "nope", which is not in the table',
      fix: 'its columns are key, key_bytes, partition, offset, topic, timestamp, avro_value, order_id, customer, description, price, products, schema_id, replay_of, date',
    });
    await expect(run({ where: [{ column: 'x', value: '1' }] })).rejects.toMatchObject({
      detail: { setting: 'where', value: 'x=1', problem: 'names column "x", which is not in the table' },
    });
  });
});

describe('formats', () => {
  const dir = path.join(tmp, 'types');
  beforeAll(() => {
    const columns = fieldsOf([
      { name: 'id', type: 'int64' },
      { name: 'bytes', type: 'binary' },
      { name: 'at', type: 'timestamp' },
      { name: 'text', type: 'utf8' },
      { name: 'items', type: { list: { struct: { name: 'utf8', price: 'float64' } } } },
      { name: 'ok', type: 'bool' },
    ]);
    writeParquetFile(path.join(dir, 'a.parquet'), columns, [
      ['9007199254740993', 'hex:00ff10', '2021-02-27T18:39:02.253Z', 'a, "quoted"\nline', [{ name: 'shoes', price: 49.99 }], true],
      ['-12', null, null, '', [], null],
      [null, '', '1970-01-01T00:00:00.000Z', null, null, false],
    ]);
  });

  it('json: an array of row objects; unsafe int64 as strings, binary base64, timestamps ISO', async () => {
    const { out } = await run({ target: dir, format: 'json' });
    expect(out).toBe(
      '[\n' +
        '{"id":"9007199254740993","bytes":"AP8Q","at":"2021-02-27T18:39:02.253Z","text":"a, \\"quoted\\"\\nline","items":[{"name":"shoes","price":49.99}],"ok":true},\n' +
        '{"id":-12,"bytes":null,"at":null,"text":"","items":[],"ok":null},\n' +
        '{"id":null,"bytes":"","at":"1970-01-01T00:00:00.000Z","text":null,"items":null,"ok":false}\n' +
        ']\n',
    );
  });
  it('jsonl: one object per line', async () => {
    const { out } = await run({ target: dir, format: 'jsonl', columns: ['id', 'ok'] });
    expect(out).toBe('{"id":"9007199254740993","ok":true}\n{"id":-12,"ok":null}\n{"id":null,"ok":false}\n');
  });
  it('csv: RFC 4180 quoting, nested values as JSON, null empty and "" an empty string', async () => {
    const { out } = await run({ target: dir, format: 'csv' });
    expect(out).toBe(
      'id,bytes,at,text,items,ok\n' +
        '9007199254740993,AP8Q,2021-02-27T18:39:02.253Z,"a, ""quoted""\nline","[{""name"":""shoes"",""price"":49.99}]",true\n' +
        '-12,,,"",[],\n' +
        ',"",1970-01-01T00:00:00.000Z,,,false\n',
    );
  });
  it('an empty result is still valid output', async () => {
    const where = [{ column: 'text', value: 'nothing' }];
    expect((await run({ target: dir, format: 'json', where })).out).toBe('[]\n');
    expect((await run({ target: dir, format: 'jsonl', where })).out).toBe('');
    expect((await run({ target: dir, format: 'csv', where })).out).toBe('id,bytes,at,text,items,ok\n');
  });
});

describe('hive partitions and private files', () => {
  const dir = path.join(tmp, 'hive');
  beforeAll(() => {
    const fields = fieldsOf([{ name: 'n', type: 'int32' }]);
    writeParquetFile(path.join(dir, 'date=2024-01-01', 'hour=07', 'a.parquet'), fields, [[1]]);
    writeParquetFile(path.join(dir, 'date=2024-01-01', 'hour=08', 'a.parquet'), fields, [[2]]);
    writeParquetFile(path.join(dir, 'customer=Jan%20K%2Fowalski', 'date=__HIVE_DEFAULT_PARTITION__', 'b.parquet'), fields, [[3]]);
    // The writer's staging and logs, and other files: never read (they are not even Parquet).
    for (const p of ['_dl/staging/x.parquet', 'date=2024-01-01/_tmp.parquet', '.hidden/y.parquet', 'date=2024-01-01/.z.parquet', 'notes.txt']) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), 'not parquet');
    }
  });
  it('adds partition columns as strings after the file columns, %XX-unescaped', async () => {
    expect(await json({ target: dir })).toEqual([
      { n: 3, customer: 'Jan K/owalski', date: null, hour: null },
      { n: 1, customer: null, date: '2024-01-01', hour: '07' },
      { n: 2, customer: null, date: '2024-01-01', hour: '08' },
    ]);
  });
  it('lists only the data files', async () => {
    const files = (await json({ target: dir, files: true })).map((f) => f.file);
    expect(files).toEqual([
      'customer=Jan%20K%2Fowalski/date=__HIVE_DEFAULT_PARTITION__/b.parquet',
      'date=2024-01-01/hour=07/a.parquet',
      'date=2024-01-01/hour=08/a.parquet',
    ]);
  });
  it('--schema lists partition columns as strings', async () => {
    expect(await json({ target: dir, schema: true })).toEqual([
      { column: 'n', type: 'int32', nullable: true, partition: false, shown: '' },
      { column: 'customer', type: 'string', nullable: true, partition: true, shown: '' },
      { column: 'date', type: 'string', nullable: true, partition: true, shown: '' },
      { column: 'hour', type: 'string', nullable: true, partition: true, shown: '' },
    ]);
  });
});

describe('reading only what is printed', () => {
  it('--count comes from the footers: no data is decoded', async () => {
    const read = vi.spyOn(ParquetFile.prototype, 'read');
    // Without filters the footers are parsed in JS (read-footer.ts): parquet-wasm does not even open a file.
    const open = vi.spyOn(ParquetFile, 'fromFile');
    expect((await run({ count: true })).out).toBe('30\n');
    expect((await run({ files: true, format: 'jsonl' })).out.trim().split('\n')).toHaveLength(3);
    expect(open).not.toHaveBeenCalled();
    expect(read).not.toHaveBeenCalled();
    // The spy does see the files that printing rows opens.
    await run({ limit: 1 });
    expect(open).toHaveBeenCalled();
    read.mockClear();
    expect((await run({ count: true, format: 'json', where: [{ column: 'date', value: '2021-02-27' }] })).out).toBe('{"rows":20}\n');
    expect(read).not.toHaveBeenCalled();
  });
  it('--count with a filter on data reads only that column', async () => {
    const read = vi.spyOn(ParquetFile.prototype, 'read');
    expect((await run({ count: true, where: [{ column: 'customer', value: 'John Doe' }] })).out).toBe('10\n');
    expect(new Set(read.mock.calls.map(([o]) => JSON.stringify(o?.columns)))).toEqual(new Set(['["customer"]']));
  });
  it('the first rows read one row group of one file', async () => {
    const read = vi.spyOn(ParquetFile.prototype, 'read');
    const { result } = await run({ limit: 3 });
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0]![0]).toMatchObject({ rowGroups: [0], offset: 0, limit: 3 });
    expect(result.filesRead).toBe(1);
  });
  it('rows that end with a file open no further file (on S3 that is a GET less)', async () => {
    const open = vi.spyOn(ParquetFile, 'fromFile');
    const first = (await run({ limit: 1, format: 'jsonl' })).out;
    expect(open).toHaveBeenCalledTimes(1);
    open.mockClear();
    // All rows of the first file: the scan stops there instead of opening the second.
    const { out, result } = await run({ limit: 10, format: 'jsonl' });
    expect(out.split('\n')[0]).toBe(first.trim());
    expect(out.trim().split('\n')).toHaveLength(10);
    expect(open).toHaveBeenCalledTimes(1);
    expect(result.filesRead).toBe(1);
  });
  it('--tail reads the last row group of the last file only', async () => {
    const read = vi.spyOn(ParquetFile.prototype, 'read');
    await run({ tail: 2 });
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0]![0]).toMatchObject({ rowGroups: [2], offset: 0, limit: 2 });
  });
  it('a narrow table reads only the columns it prints', async () => {
    const read = vi.spyOn(ParquetFile.prototype, 'read');
    const { out } = await run({ limit: 2, format: 'table' }, 60);
    const printed = out
      .split('\n')[1]!
      .split('│')
      .map((s) => s.trim())
      .filter((s) => s && s !== '…');
    expect(read.mock.calls[0]![0]?.columns).toEqual(printed.filter((c) => c !== 'date'));
    expect(printed).not.toContain('avro_value');
    expect(out).toContain('[2 rows x 15 columns]');
  });
});

describe('dead letters', () => {
  it('always shows error_class and error_message', async () => {
    const rows = await json({ target: 'parquet-dlq', columns: ['offset'] });
    expect(rows).toEqual(DLQ_ROWS.map((r) => ({ offset: r.offset, error_class: r.error_class, error_message: r.error_message })));
  });
  it('--decode adds what each raw value holds, after error_message', async () => {
    const decodeRaw = vi.fn(async (bytes: Uint8Array, topic: string) => (bytes.length > 6 ? { topic, size: bytes.length } : undefined));
    const rows = await json({ target: 'parquet-dlq', columns: ['offset', 'error_message'], decodeRaw });
    expect(rows.map((r) => Object.keys(r))).toEqual(Array(3).fill(['offset', 'error_message', 'decoded', 'error_class']));
    expect(rows.map((r) => r.decoded)).toEqual([{ topic: 'dev.orders', size: 24 }, null, null]);
    expect(decodeRaw).toHaveBeenCalledTimes(2);
  });
  it('--columns may place decoded; without --decode it is a usage error', async () => {
    const decodeRaw = async () => 'x';
    const rows = await json({ target: 'parquet-dlq', columns: ['decoded', 'offset'], decodeRaw, limit: 1 });
    expect(Object.keys(rows[0]!)).toEqual(['decoded', 'offset', 'error_class', 'error_message']);
    await expect(run({ target: 'parquet-dlq', columns: ['decoded'] })).rejects.toMatchObject({
      exitCode: 2,
      detail: {
        setting: 'columns',
        value: 'decoded',
        problem: 'names column "decoded", which exists only with {decode}',
        fix: 'pass {decode}, or leave "decoded" out',
      },
    });
  });
  it('compares a binary key with the text given', async () => {
    expect(await offsets({ target: 'parquet-dlq', where: [{ column: 'key', value: 'k2' }] })).toEqual([7]);
  });
});

describe('empty, missing and corrupt tables', () => {
  it('an empty DLQ prints its columns from the contract, and says why on stderr', async () => {
    const dataDir = path.join(tmp, 'empty');
    mkdirSync(path.join(dataDir, 'parquet-dlq'), { recursive: true });
    mkdirSync(path.join(dataDir, 'parquet'), { recursive: true });
    const dlq = captureIo({ columns: 200 });
    await view({ target: 'parquet-dlq', dataDir }, dlq);
    expect(dlq.out()).toMatch(/^┌.*\n│ key .*│ error_class .*│ error_message .*│ ingested_at │\n├.*\n└.*\n\[0 rows x 11 columns\]\n$/);
    expect(dlq.err()).toBe(`dl: No Parquet files under ${dataDir}/parquet-dlq yet.\n`);
    const main = captureIo();
    await view({ target: 'parquet', dataDir }, main);
    expect(main.out()).toBe('[0 rows x 0 columns]\n');
    const count = captureIo();
    await view({ target: 'parquet', dataDir, count: true }, count);
    expect(count.out()).toBe('0\n');
  });
  it('--schema says how binary columns are shown', async () => {
    const dataDir = path.join(tmp, 'empty-schema');
    mkdirSync(path.join(dataDir, 'parquet-dlq'), { recursive: true });
    const io = captureIo();
    await view({ target: 'parquet-dlq', dataDir, schema: true, format: 'json' }, io);
    const rows = JSON.parse(io.out()) as Array<{ column: string; shown: string }>;
    const shown = Object.fromEntries(rows.map((r) => [r.column, r.shown]));
    expect(shown).toMatchObject({
      key: 'text if printable UTF-8, else hex',
      avro_value: 'text if printable UTF-8, else hex',
      headers: 'text if printable UTF-8, else hex',
      topic: '',
      offset: '',
    });
  });
  it('a table that was never written is empty, not an error', async () => {
    const dataDir = path.join(tmp, 'fresh');
    mkdirSync(dataDir, { recursive: true });
    const io = captureIo();
    await view({ target: 'parquet-dlq', dataDir, format: 'json' }, io);
    expect(io.out()).toBe('[]\n');
    expect(io.err()).toBe(`dl: ${dataDir}/parquet-dlq does not exist yet: nothing has been written to it.\n`);
  });
  it('a path that does not exist lists the tables there are', async () => {
    const err = (await run({ target: 'nope' }).catch((e: unknown) => e)) as DlError;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`No table or file at "nope". Tables under ${lake}: parquet, parquet-dlq.`);
    await expect(view({ target: 'parquet', dataDir: path.join(tmp, 'absent') }, captureIo())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      exitCode: 1,
      message: `dataDir "${path.join(tmp, 'absent')}" does not exist, so there is no table or file "parquet" in it; pass dataDir (or set it in the environment or dl.yaml) to read another lake.`,
    });
  });
  it('a corrupt file is an error naming it; --skip-corrupt shows the rest with a warning', async () => {
    const dir = path.join(tmp, 'corrupt');
    const [first, second] = writeOrdersTable(dir, 2, 3);
    copyFileSync(second!, path.join(dir, 'z-copy.parquet'));
    truncateSync(second!, 100);
    const name = path.relative(process.cwd(), second!);
    const err = (await run({ target: dir, limit: 0 }).catch((e: unknown) => e)) as DlError;
    expect(err.code).toBe('LAKE_CORRUPT');
    expect(err.message).toContain(name.startsWith('..') ? second! : name);
    expect(err.message).toContain('(100 bytes)');
    const { out, err: stderr, result } = await run({ target: dir, limit: 0, skipCorrupt: true, format: 'jsonl', columns: ['offset'] });
    expect(out.trim().split('\n')).toHaveLength(6);
    expect(stderr).toMatch(
      /^dl: skipping a corrupt file: Cannot read ".*dev\.orders\+0\+00000000000000000003-00000000000000000005\.parquet" \(100 bytes\) as Parquet: .+\n$/,
    );
    expect(result.skipped).toHaveLength(1);
    expect(first).toBeDefined();
  });
  it('--count and --files report a corrupt file as reading rows does, and skip it alike', async () => {
    const dir = path.join(tmp, 'corrupt-count');
    const [, second] = writeOrdersTable(dir, 2, 3);
    truncateSync(second!, 100);
    const rowsErr = (await run({ target: dir, limit: 0 }).catch((e: unknown) => e)) as DlError;
    for (const mode of [{ count: true }, { files: true }]) {
      const err = (await run({ target: dir, ...mode }).catch((e: unknown) => e)) as DlError;
      expect(err.code).toBe('LAKE_CORRUPT');
      expect(err.message).toBe(rowsErr.message);
    }
    const counted = await run({ target: dir, count: true, skipCorrupt: true });
    expect(counted.out).toBe('3\n');
    expect(counted.err).toBe(`dl: skipping a corrupt file: ${rowsErr.message}\n`);
  });
  it('a corrupt data page (the reader traps) is reported like a corrupt footer', async () => {
    const dir = path.join(tmp, 'trap');
    const [file] = writeOrdersTable(dir, 1, 50);
    const bytes = (await import('node:fs')).readFileSync(file!);
    const footer = bytes.readUInt32LE(bytes.length - 8);
    for (let i = 4; i < bytes.length - 8 - footer; i++) bytes[i] = (bytes[i]! * 7 + 3) & 0xff;
    writeFileSync(file!, bytes);
    await expect(run({ target: dir })).rejects.toMatchObject({ code: 'LAKE_CORRUPT' });
    const ok = await run({ target: dir, skipCorrupt: true, format: 'json' });
    expect(ok.out).toBe('[]\n');
    expect(ok.err).toContain('skipping a corrupt file');
  });
});

describe('options', () => {
  it('rejects combinations and values that cannot work (exit 2)', async () => {
    await expect(run({ count: true, schema: true })).rejects.toMatchObject({ exitCode: 2, message: 'schema and count cannot be combined; pick one.' });
    await expect(run({ limit: -1 })).rejects.toMatchObject({ exitCode: 2, message: 'limit takes a whole number of rows, 0 or more, got -1.' });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe('targets', () => {
  it('a data directory is not a table: the error says which to name (exit 2)', async () => {
    await expect(run({ target: lake })).rejects.toMatchObject({
      exitCode: 2,
      message: `"${lake}" is a data directory, not a table; view one of its tables, e.g. "dl view parquet dataDir ${lake}".`,
      detail: { setting: 'dataDir', fix: `view one of its tables, e.g. "dl view parquet {dataDir} ${lake}"` },
    });
  });
  it('a single file is a table of its own', async () => {
    const [file] = writeOrdersTable(path.join(tmp, 'single'), 1, 3);
    expect(await offsets({ target: file! })).toEqual([0, 1, 2]);
  });
});
