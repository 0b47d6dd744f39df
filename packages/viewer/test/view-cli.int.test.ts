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
    // Found in the data by the viewer, which knows settings, not flags: the cli names the flag.
    [['parquet', '--columns', 'offset,nope'], 'dl: --columns "offset,nope" names column "nope", which is not in the table; its columns are'],
    [['parquet', '--where', 'nope=1'], 'dl: --where "nope=1" names column "nope", which is not in the table; its columns are'],
    [
      ['parquet-dlq', '--columns', 'decoded'],
      'dl: --columns "decoded" names column "decoded", which exists only with --decode; pass --decode, or leave "decoded" out.',
    ],
    [
      ['parquet', '--hide-replayed'],
      'dl: --hide-replayed works on the dead-letter table only, not on "parquet"; view that table with it: dl view parquet-dlq --hide-replayed.',
    ],
  ])('bad flags exit 2 naming the value: %j', (args, message) => {
    const r = dl(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });

  it('a data directory that does not exist is named as it was given: flag, env, dl.yaml or the default (exit 1)', () => {
    const tail =
      'does not exist, so there is no table or file "parquet" in it; pass --data-dir (or set it in the environment or dl.yaml) to read another lake.\n';
    expect(dl(['parquet', '--data-dir', 'absent'])).toEqual({ code: 1, out: '', err: `dl: --data-dir "absent" ${tail}` });
    expect(dl(['parquet'], { DL_DATA_DIR: 'absent' })).toEqual({ code: 1, out: '', err: `dl: DL_DATA_DIR="absent" ${tail}` });
    const conf = path.join(cwd, 'other.yaml');
    writeFileSync(conf, 'view:\n  data-dir: absent\n');
    expect(dl(['parquet', '--config', conf])).toEqual({ code: 1, out: '', err: `dl: data-dir "absent" in ${conf} ${tail}` });
    const bare = mkdtempSync(path.join(os.tmpdir(), 'dl-view-bare-'));
    try {
      const r = spawnSync(process.execPath, [DL, 'view', 'parquet'], { cwd: bare, encoding: 'utf8', env: { ...process.env, DL_DATA_DIR: '' } });
      expect(r.stderr).toBe(`dl: --data-dir "./ingestion_data" (the default) ${tail}`);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('a per-run argument in dl.yaml is refused with one sentence (exit 2)', () => {
    const conf = path.join(cwd, 'per-run.yaml');
    writeFileSync(conf, 'limit: 5\n');
    expect(dl(['parquet', '--config', conf])).toEqual({
      code: 2,
      out: '',
      err: `dl: "limit" in ${conf} is a per-run argument (--limit of dl view, dl replay), read from the command line only; remove it and pass --limit when you run the command.\n`,
    });
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
