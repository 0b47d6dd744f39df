import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDlqTable, writeOrdersTable } from './helpers/lake-fixtures.js';

/** `bin/dl view` as a user runs it (needs the build: `pnpm build`). */
const DL = path.resolve(import.meta.dirname, '../../../bin/dl');
const cwd = mkdtempSync(path.join(os.tmpdir(), 'dl-view-cli-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function dl(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [DL, 'view', ...args], { cwd, encoding: 'utf8', env: { ...process.env, DL_DATA_DIR: '', COLUMNS: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('dl view', () => {
  beforeAll(() => {
    writeOrdersTable(path.join(cwd, 'ingestion_data', 'parquet'), 2, 5);
    writeDlqTable(path.join(cwd, 'ingestion_data', 'parquet-dlq'));
    writeOrdersTable(path.join(cwd, 'elsewhere', 'parquet'), 1, 3);
  });

  it('reads ./ingestion_data by default, DL_DATA_DIR or --data-dir otherwise', () => {
    expect(dl(['parquet', '--count'])).toEqual({ code: 0, out: '10\n', err: '' });
    expect(dl(['parquet', '--count'], { DL_DATA_DIR: 'elsewhere' }).out).toBe('3\n');
    expect(dl(['parquet', '--count', '--data-dir', 'elsewhere'], { DL_DATA_DIR: 'nope' }).out).toBe('3\n');
  });

  it('fits the table into $COLUMNS off a terminal', () => {
    const { code, out } = dl(['parquet', '--limit', '2'], { COLUMNS: '70' });
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('[2 rows x 15 columns]');
    for (const line of lines.slice(0, -1)) expect([...line].length).toBeLessThanOrEqual(70);
    expect(lines[0]!.length).toBeGreaterThan(50);
  });

  it('a missing table or file: exit 1 with the tables there are', () => {
    expect(dl(['nope'])).toEqual({ code: 1, out: '', err: 'dl: No table or file at "nope". Tables under ./ingestion_data: parquet, parquet-dlq.\n' });
  });

  it.each([
    [['parquet', '--limit', 'x'], '--limit "x" is not a whole number of at least 0; e.g. --limit 20.'],
    [['parquet', '--where', 'foo'], '--where "foo" is not column=value; e.g. --where error_class=NO_MAGIC_BYTE.'],
    [['parquet', '--format', 'xml'], '--format "xml" is not one of table, json, jsonl, csv; e.g. --format table.'],
    [['parquet', '--limit', '1', '--tail', '1'], 'Pass either --limit or --tail, not both (got --limit 1 and --tail 1).'],
    [['parquet', '--columns', 'offset,nope'], 'Column "nope" in --columns is not in the table;'],
  ])('bad flags exit 2 naming the value: %j', (args, message) => {
    const r = dl(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });

  it('ends quietly when the reader stops early (| head -1)', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${DL}" view parquet --limit 0 --format jsonl | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`], {
      cwd,
      encoding: 'utf8',
    });
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('exit=0\n');
  });

  it('never loads the Kafka client', () => {
    const probe = path.join(cwd, 'probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => { if (Object.keys(require.cache).some((p) => p.includes('kafkajs'))) process.stderr.write('kafkajs loaded\\n'); });`,
    );
    const r = spawnSync(process.execPath, ['-r', probe, DL, 'view', 'parquet-dlq', '--format', 'json'], { cwd, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });
});
