import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { view } from '../src/view.js';
import { captureIo } from './helpers/capture.js';
import { writeDlqTable, writeOrdersTable } from './helpers/lake-fixtures.js';

/**
 * Cross-check against pyarrow, which the seed's `pd.read_parquet` uses: the same fixture must give
 * the same values in the same column order (with the JSON conventions of `--format json` applied to
 * pyarrow's Python values: int64 beyond 2^53 as strings, bytes as base64, datetimes ISO-8601 UTC).
 */
const PYTHON = path.resolve(import.meta.dirname, '../../../.venv/bin/python');
const TO_JSON = `
import base64, datetime, json, math, sys
import pyarrow.parquet as pq
table = pq.read_table(sys.argv[1])
n = int(sys.argv[3])
rows = table.slice(0, n) if sys.argv[2] == 'head' else table.slice(max(0, table.num_rows - n))
def conv(v):
    if v is None: return None
    if isinstance(v, bytes): return base64.b64encode(v).decode()
    if isinstance(v, datetime.datetime): return v.astimezone(datetime.timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')
    if isinstance(v, datetime.date): return v.isoformat()
    if isinstance(v, bool): return v
    if isinstance(v, int): return v if abs(v) <= 2**53 - 1 else str(v)
    if isinstance(v, float): return v if math.isfinite(v) else None
    if isinstance(v, list): return [conv(x) for x in v]
    if isinstance(v, dict): return {k: conv(x) for k, x in v.items()}
    return v
print(json.dumps([{k: conv(v) for k, v in row.items()} for row in rows.to_pylist()]))
`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-view-pyarrow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function pyarrowRows(dir: string, end: 'head' | 'tail', n: number): unknown {
  return JSON.parse(execFileSync(PYTHON, ['-c', TO_JSON, dir, end, String(n)], { encoding: 'utf8' }));
}

async function viewRows(dir: string, end: 'head' | 'tail', n: number): Promise<Array<Record<string, unknown>>> {
  const io = captureIo();
  await view({ target: dir, format: 'json', ...(end === 'head' ? { limit: n } : { tail: n }) }, io);
  return JSON.parse(io.out()) as Array<Record<string, unknown>>;
}

describe('dl view --format json agrees with pyarrow', () => {
  beforeAll(() => {
    if (!existsSync(PYTHON)) throw new Error(`No Python venv at ${PYTHON}: run test/python/setup-venv.sh (it installs pyarrow) first.`);
    // Three files over two date= folders, row groups of 4: pyarrow must order files as we do.
    writeOrdersTable(path.join(tmp, 'parquet'), 3, 10, 4);
    writeDlqTable(path.join(tmp, 'parquet-dlq'));
  });

  for (const table of ['parquet', 'parquet-dlq']) {
    for (const end of ['head', 'tail'] as const) {
      it(`${table}: the ${end === 'head' ? 'first' : 'last'} five rows`, async () => {
        const dir = path.join(tmp, table);
        const ours = await viewRows(dir, end, 5);
        const theirs = pyarrowRows(dir, end, 5) as Array<Record<string, unknown>>;
        expect(ours.map((r) => Object.keys(r))).toEqual(theirs.map((r) => Object.keys(r)));
        expect(ours).toEqual(theirs);
      });
    }
  }
});
