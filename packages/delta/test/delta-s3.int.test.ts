import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openS3Store } from '@dl/storage/s3';
import { DeltaTable, Snapshot } from '@dl/delta';
import { parquetUnit } from './parquet-unit.js';
import { REPO, deltaRsS3Options, stackS3 } from '../../../test/support/stack-env.js';

const SPEC = { partitionColumns: ['date'], checkpointInterval: 5 };

describe("Delta tables on S3 (the stack's S3 server), read and appended to by delta-rs", () => {
  it(
    'racing writers commit through If-None-Match, checkpoints included; delta-rs reads the table and appends with conditional put; we read its commit',
    { timeout: 180_000 },
    async () => {
      const s3 = stackS3();
      const prefix = `delta-test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
      const open = () => openS3Store({ bucket: s3.bucket, prefix, endpoint: s3.endpoint, region: s3.region, credentials: s3.credentials });
      const writers = ['a', 'b', 'c'];
      const stores = await Promise.all(writers.map(open));
      const tables = await Promise.all(stores.map((st) => DeltaTable.open(st, 't', SPEC)));
      await Promise.all(
        writers.map(async (w, i) => {
          for (let k = 0; k < 5; k++) await tables[i]!.commit([await parquetUnit(stores[i]!, w, k * 10, k * 10 + 9)]);
        }),
      );
      const snap = await Snapshot.open(stores[0]!, 't');
      expect(snap.version).toBe(15);
      expect(snap.numRecords()).toBe(150);
      expect(await stores[0]!.head('t/_delta_log/00000000000000000015.checkpoint.parquet')).toBeDefined();

      const env = {
        ...process.env,
        DL_DELTA_STORAGE_OPTIONS: deltaRsS3Options(s3, { conditional_put: 'etag' }),
      };
      const facts = (extra: string[]) =>
        JSON.parse(
          execFileSync(
            path.join(REPO, '.venv-delta', 'bin', 'python'),
            [path.join(REPO, 'test/python/delta_table_facts.py'), `s3://${s3.bucket}/${prefix}/t`, ...extra],
            { encoding: 'utf8', env },
          ),
        ) as { version: number; rows: number; files: number; txn: Record<string, number | null>; values: number[] };
      const theirs = facts(['--app-id', 'app-a', '--app-id', 'app-c', '--column', 'n']);
      expect(theirs).toMatchObject({ version: 15, rows: 150, files: 15, txn: { 'app-a': 49, 'app-c': 49 } });
      expect(theirs.values).toEqual(writers.flatMap(() => Array.from({ length: 50 }, (_, i) => i)).sort((x, y) => x - y));

      // delta-rs appends version 16 with its own conditional put; our snapshot reads it and commits after it.
      expect(facts(['--append', '3'])).toMatchObject({ version: 16, rows: 153 });
      await snap.update();
      expect(snap.version).toBe(16);
      expect(snap.numRecords()).toBe(153);
      const after = await tables[1]!.commit([await parquetUnit(stores[1]!, 'b', 50, 59)]);
      expect(after.version).toBe(17);
      expect(facts(['--app-id', 'app-b'])).toMatchObject({ version: 17, rows: 163, txn: { 'app-b': 59 } });
      await Promise.all(stores.map((st) => st.close()));
    },
  );
});
