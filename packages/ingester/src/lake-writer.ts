import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { tableToIPC } from 'apache-arrow';
import { DLQ_DIR, dataFileName, isDlError, lakePaths, type LakePaths, isProcessAlive } from '@dl/core';
import { CommitLog, type CommitRecord, type CommittedFile } from './commit-log.js';
import { exists, fsyncDir, lakeIoError, mkdirp, writeFileDurable } from './fs-durable.js';
import type { ParquetEncoder } from './parquet-encoder.js';
import type { PartitionBuffer } from './partition-buffer.js';
import { ParquetFormat } from './parquet-format.js';
import type { TableFormat } from './table-format.js';

/** Builds the table format once the writer knows its paths and commit log. */
export type TableFormatFactory = (dataDir: string, log: CommitLog) => TableFormat;

export type FlushOutcome = { ok: true; record: CommitRecord } | { ok: false; reason: 'CONFLICT' };

/**
 * Turns a partition buffer into published Parquet files, exactly once:
 * 1. encode each accumulator and stage it (the table format says where; fsynced),
 * 2. append the commit record to the partition's log (atomic; CONFLICT if another writer won),
 * 3. publish (`publish`, once for all the records of a flush): rename into the table directories,
 *    or one Delta commit per table; idempotent, redone on recovery.
 * A crash before 2 leaves only unreferenced files; after 2, recovery finishes 3.
 */
export class LakeWriter {
  readonly paths: LakePaths;
  readonly log: CommitLog;
  /** Unique per process: staging files of a live writer are never touched by another. */
  readonly writerId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly format: TableFormat;
  private seq = 0;
  /** Staging directory of each appended, not yet published record (by `recordId`). */
  private readonly staged = new Map<string, string>();

  constructor(
    dataDir: string,
    private readonly encoder: ParquetEncoder,
    makeFormat: TableFormatFactory = (dir, log) => new ParquetFormat(dir, log),
  ) {
    this.paths = lakePaths(dataDir);
    this.log = new CommitLog(this.paths.dataDir, this.paths.log);
    this.format = makeFormat(this.paths.dataDir, this.log);
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
      throw lakeIoError('write to', this.paths.dataDir, e);
    }
    await this.format.prepare?.();
  }

  /** Stages the buffer's files and appends its commit record; `publish` makes them visible. */
  async flush(buf: PartitionBuffer): Promise<FlushOutcome> {
    const seq = ++this.seq;
    const txn = path.join(this.stagingDir, String(seq));
    const files: CommittedFile[] = [];
    let rowsTable = 0;
    let rowsDlq = 0;
    try {
      for (const { table, acc } of buf.accumulators()) {
        const arrow = acc.toTable();
        const ipc = tableToIPC(arrow, 'stream');
        const bytes = await this.encoder.encode(ipc);
        const name = dataFileName(buf.topic, buf.partition, acc.firstOffset, acc.lastOffset);
        const finalRel = path.join(table, acc.partitionPath, name);
        files.push(await this.format.stage({ table, finalRel, partitionPath: acc.partitionPath, bytes, rows: acc.rows, arrow, writerId: this.writerId, seq }));
        if (table === DLQ_DIR) rowsDlq += acc.rows;
        else rowsTable += acc.rows;
      }
      const dirs = new Set(files.filter((f) => f.staged !== f.final).map((f) => path.dirname(path.join(this.paths.dataDir, f.staged))));
      for (const d of dirs) await fsyncDir(d);
    } catch (e) {
      await fs.rm(txn, { recursive: true, force: true }).catch(() => {});
      await this.format.discard(files).catch(() => {});
      // Our own errors (a storage failure, a schema the table cannot take) already say what happened.
      if (isDlError(e)) throw e;
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
      await this.format.discard(files);
      return outcome;
    }
    this.staged.set(recordId(record), txn);
    return { ok: true, record };
  }

  /**
   * Publishes commit records (this flush's, or a crashed writer's newest). Idempotent. The
   * staging directories of published flushes are removed afterwards.
   */
  async publish(records: readonly CommitRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const n = await this.format.publish(records);
    for (const r of records) {
      const dir = this.staged.get(recordId(r));
      if (dir === undefined) continue;
      await fs.rm(dir, { recursive: true, force: true });
      this.staged.delete(recordId(r));
    }
    return n;
  }

  /**
   * Start-up recovery for the whole lake: finish publishing every partition's newest commit
   * (a writer publishes commit N before it writes N+1, so only the newest can be pending), then
   * remove staging directories of writers on this host that are no longer running.
   */
  async recover(): Promise<{ republished: number; removedStaging: number }> {
    let republished = 0;
    const newest: CommitRecord[] = [];
    for (const { topicDir, partition } of await this.log.partitions()) {
      const rec = await this.log.latestInDir(topicDir, partition);
      if (!rec) continue;
      if (this.format.name === 'parquet') {
        for (const f of rec.files) {
          if (!(await exists(path.join(this.paths.dataDir, f.final)))) republished++;
        }
      }
      newest.push(rec);
    }
    // One publish for all partitions: for Delta, one commit per table instead of one per partition.
    const published = await this.format.publish(newest);
    if (this.format.name === 'delta') republished = published;
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

function recordId(r: CommitRecord): string {
  return `${r.topic}\u0000${r.partition}\u0000${r.from}`;
}
