import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { tableToIPC } from 'apache-arrow';
import { DLQ_DIR, DlError, PRIVATE_DIR, errorMessage, dataFileName, lakePaths, type LakePaths, isProcessAlive } from '@dl/core';
import { CommitLog, type CommitRecord, type CommittedFile } from './commit-log.js';
import { exists, fsyncDir, lakeIoError, mkdirp, writeFileDurable } from './fs-durable.js';
import type { ParquetEncoder } from './parquet-encoder.js';
import type { PartitionBuffer } from './partition-buffer.js';

export type FlushOutcome = { ok: true; record: CommitRecord } | { ok: false; reason: 'CONFLICT' };

/**
 * Turns a partition buffer into published Parquet files, exactly once:
 * 1. encode each accumulator and write it under `_dl/staging/<writer>/` (fsynced),
 * 2. append the commit record to the partition's log (atomic; CONFLICT if another writer won),
 * 3. rename the files into the table directories (idempotent; redone on recovery).
 * A crash before 2 leaves only staging garbage; after 2, recovery finishes 3.
 */
export class LakeWriter {
  readonly paths: LakePaths;
  readonly log: CommitLog;
  /** Unique per process: staging files of a live writer are never touched by another. */
  readonly writerId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private seq = 0;

  constructor(
    dataDir: string,
    private readonly encoder: ParquetEncoder,
  ) {
    this.paths = lakePaths(dataDir);
    this.log = new CommitLog(this.paths.dataDir, this.paths.log);
  }

  get stagingDir(): string {
    return path.join(this.paths.staging, this.writerId);
  }

  /** Checks the data directory is writable before any record is consumed. */
  async prepare(): Promise<void> {
    const probe = path.join(this.stagingDir, '.probe');
    try {
      await mkdirp(this.paths.table);
      await mkdirp(this.paths.dlq);
      await mkdirp(this.stagingDir);
      await writeFileDurable(probe, 'ok');
      await fs.rm(probe);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Not a permission or disk problem: the path itself cannot be a directory (a file on the
      // way, or a parent such as /proc that cannot hold new directories).
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EEXIST') {
        throw new DlError('LAKE_IO', `Cannot create the data directory ${path.normalize(this.paths.dataDir)}: ${errorMessage(e)}; choose a path where a directory can be created.`, { cause: e });
      }
      throw lakeIoError('write to', this.paths.dataDir, e);
    }
  }

  async flush(buf: PartitionBuffer): Promise<FlushOutcome> {
    const txn = path.join(this.stagingDir, String(++this.seq));
    const files: CommittedFile[] = [];
    const dirs = new Set<string>();
    let rowsTable = 0;
    let rowsDlq = 0;
    try {
      for (const { table, acc } of buf.accumulators()) {
        const ipc = tableToIPC(acc.toTable(), 'stream');
        const bytes = await this.encoder.encode(ipc);
        const name = dataFileName(buf.topic, buf.partition, acc.firstOffset, acc.lastOffset);
        const finalRel = path.join(table, acc.partitionPath, name);
        const stagedRel = path.join(PRIVATE_DIR, 'staging', this.writerId, String(this.seq), finalRel);
        const staged = path.join(this.paths.dataDir, stagedRel);
        await mkdirp(path.dirname(staged));
        await writeFileDurable(staged, bytes);
        dirs.add(path.dirname(staged));
        files.push({ table, staged: stagedRel, final: finalRel, rows: acc.rows, bytes: bytes.length });
        if (table === DLQ_DIR) rowsDlq += acc.rows;
        else rowsTable += acc.rows;
      }
      for (const d of dirs) await fsyncDir(d);
    } catch (e) {
      await fs.rm(txn, { recursive: true, force: true }).catch(() => {});
      if ((e as { code?: string }).code === 'LAKE_IO') throw e;
      throw lakeIoError('write staged files in', txn, e);
    }

    const record: CommitRecord = {
      version: 1,
      topic: buf.topic,
      partition: buf.partition,
      from: buf.from.toString(),
      to: buf.lastOffset.toString(),
      files,
      rows: { table: rowsTable, dlq: rowsDlq },
      readerSchemaId: buf.readerSchemaId,
      committedAt: new Date().toISOString(),
      writer: this.writerId,
    };
    const outcome = await this.log.append(record);
    if (!outcome.ok) {
      await fs.rm(txn, { recursive: true, force: true });
      return outcome;
    }
    await this.log.publish(record);
    await fs.rm(txn, { recursive: true, force: true });
    return { ok: true, record };
  }

  /**
   * Start-up recovery for the whole lake: finish publishing every partition's newest commit
   * (a writer publishes commit N before it writes N+1, so only the newest can be pending), then
   * remove staging directories of writers on this host that are no longer running.
   */
  async recover(): Promise<{ republished: number; removedStaging: number }> {
    let republished = 0;
    for (const { topicDir, partition } of await this.log.partitions()) {
      const rec = await this.log.latestInDir(topicDir, partition);
      if (!rec) continue;
      for (const f of rec.files) {
        if (!(await exists(path.join(this.paths.dataDir, f.final)))) republished++;
      }
      await this.log.publish(rec);
    }
    let removedStaging = 0;
    let entries: string[] = [];
    try {
      entries = await fs.readdir(this.paths.staging);
    } catch {
      entries = [];
    }
    const host = os.hostname();
    for (const e of entries) {
      const m = /^(.*)-(\d+)-[0-9a-f]{6}$/.exec(e);
      if (!m || m[1] !== host || e === this.writerId) continue;
      if (isProcessAlive(Number(m[2]))) continue;
      await fs.rm(path.join(this.paths.staging, e), { recursive: true, force: true });
      removedStaging++;
    }
    return { republished, removedStaging };
  }

  /**
   * Removes this writer's staging directory. After a failure it stays: a commit whose publish
   * failed still names files in it, and the next run's recovery needs them.
   */
  async close(clean: boolean): Promise<void> {
    if (clean) await fs.rm(this.stagingDir, { recursive: true, force: true }).catch(() => {});
  }
}
