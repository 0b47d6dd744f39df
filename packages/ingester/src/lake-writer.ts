import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { tableToIPC, type Table } from 'apache-arrow';
import { releaseBuffers } from './release-buffers.js';
import {
  DLQ_DIR,
  DlError,
  STAGING_PREFIX,
  errorMessage,
  dataFileKey,
  dataFileName,
  stagingWriterOf,
  writerLeaseKey,
  type CommitRecord,
  type CommittedFile,
} from '@dl/core';
import { STALE_UPLOAD_MS, type ObjectStore } from '@dl/storage';
import { CommitLog } from './commit-log.js';
import type { ParquetEncoder } from './parquet-encoder.js';
import type { PartitionBuffer } from './partition-buffer.js';
import type { TableAccumulator } from './table-accumulator.js';
import { withStorageRetry, type StorageRetryOptions } from './storage-retry.js';
import { LEASE_TTL_MS, WriterLease, leaseIsFresh, liveWriters } from './writer-lease.js';
import { ParquetFormat } from './parquet-format.js';
import type { TableFormat } from './table-format.js';

/** Builds the table format once the writer has its store and commit log. */
export type TableFormatFactory = (store: ObjectStore, log: CommitLog) => TableFormat;

export type FlushOutcome = { ok: true; record: CommitRecord } | { ok: false; reason: 'CONFLICT' };

export interface LakeWriterOptions {
  store: ObjectStore;
  encoder: ParquetEncoder;
  retry: StorageRetryOptions;
  /** Lease timing; defaults suit production, tests shorten them. */
  leaseTtlMs?: number;
  leaseRefreshMs?: number;
  /** The publish step (default: plain Parquet, copied into the table directories). */
  format?: TableFormatFactory;
  /** Incomplete multipart uploads older than this are aborted at recovery; default a day. */
  staleUploadMs?: number;
}

/**
 * Turns a partition buffer into published Parquet files, exactly once, through any ObjectStore:
 * 1. encode each accumulator and stage it (the table format says where: under
 *    `_dl/staging/<writer>/<txn>/` for plain Parquet, in place under a unique name for Delta),
 * 2. create the partition's commit record with `putIfAbsent` (CONFLICT if another writer won),
 * 3. publish (`publish`, once for all the records of a flush): copy the files to their table keys,
 *    or one Delta commit per table; idempotent, redone on recovery.
 * A crash before 2 leaves only unreferenced files (staging is cleaned up once the writer's lease
 * expires); after 2, recovery finishes 3.
 */
export class LakeWriter {
  readonly store: ObjectStore;
  readonly log: CommitLog;
  /** Unique per process and machine: staging of a live writer is never touched by another. */
  readonly writerId = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly format: TableFormat;
  private readonly lease: WriterLease;
  private readonly staged = new Set<string>();
  /**
   * Encoded bytes of staged files, kept until their commit is published: a peer may remove this
   * writer's staging while it is stalled past its lease, and then they are staged again.
   */
  private readonly pendingBytes = new Map<string, Uint8Array>();
  private seq = 0;

  constructor(private readonly opts: LakeWriterOptions) {
    this.store = opts.store;
    this.log = new CommitLog(opts.store);
    this.format = (opts.format ?? ((store, log) => new ParquetFormat(store, log)))(opts.store, this.log);
    this.lease = new WriterLease(opts.store, this.writerId, {
      ...(opts.leaseTtlMs === undefined ? {} : { ttlMs: opts.leaseTtlMs }),
      ...(opts.leaseRefreshMs === undefined ? {} : { refreshMs: opts.leaseRefreshMs }),
      onRefreshError: (e) => opts.retry.onWait(e instanceof Error ? e : new Error(String(e))),
    });
  }

  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withStorageRetry(fn, this.opts.retry);
  }

  /** Checks the lake is writable (by writing this writer's lease) before any record is consumed. */
  async prepare(): Promise<void> {
    try {
      await this.retrying(() => this.lease.renew());
    } catch (e) {
      throw unusableDirectory(this.store, e) ?? e;
    }
    this.lease.start();
    await this.retrying(async () => this.format.prepare?.());
  }

  /**
   * A file's rows through the encoder: the IPC stream is made when the encoder is ready for it.
   * The rows are kept only for a format that stages rows (nothing else holds them while encoding).
   */
  private async encode(acc: TableAccumulator): Promise<{ bytes: Uint8Array; arrow?: Table }> {
    let arrow: Table | undefined;
    const bytes = await this.opts.encoder.encode(() => {
      const rows = acc.toTable();
      if (this.format.stagesRows) arrow = rows;
      const ipc = tableToIPC(rows, 'stream');
      if (!this.format.stagesRows) releaseBuffers(rows);
      return ipc;
    });
    return arrow ? { bytes, arrow } : { bytes };
  }

  async flush(buf: PartitionBuffer): Promise<FlushOutcome> {
    const txn = ++this.seq;
    const files: CommittedFile[] = [];
    let rowsTable = 0;
    let rowsDlq = 0;
    for (const { table, acc } of buf.accumulators()) {
      const { bytes, arrow } = await this.encode(acc);
      const final = dataFileKey(table, acc.partitionPath, dataFileName(buf.topic, buf.partition, acc.firstOffset, acc.lastOffset));
      const file = await this.retrying(() =>
        this.format.stage({ table, final, partitionPath: acc.partitionPath, bytes, rows: acc.rows, ...(arrow ? { arrow } : {}), writerId: this.writerId, txn }),
      );
      this.staged.add(file.staged);
      this.pendingBytes.set(file.staged, bytes);
      files.push(file);
      if (table === DLQ_DIR) rowsDlq += acc.rows;
      else rowsTable += acc.rows;
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
    // A writer stalled past its lease may have had its staging cleaned up: renew first (a
    // clean-up re-reads the lease just before deleting), then check every staged file is still
    // there and upload again what is not, so the record never names a missing file.
    await this.retrying(() => this.lease.ensureFresh());
    await this.retrying(() => this.verifyStaged(files));
    const outcome = await this.retrying(() => this.log.append(record));
    if (!outcome.ok) {
      await this.deleteStaged(files);
      return outcome;
    }
    return { ok: true, record };
  }

  /**
   * The partition's newest commit record, riding out storage outages like every other call here
   * (the conflict path, partition loads and --once checks read it outside a flush).
   */
  latest(topic: string, partition: number): Promise<CommitRecord | undefined> {
    return this.retrying(() => this.log.latest(topic, partition));
  }

  /**
   * Publishes commit records (this flush's, or a crashed writer's newest). Idempotent. Returns
   * how many files (Parquet) or records (Delta) were newly published.
   */
  async publish(records: readonly CommitRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    // A clean-up that read the lease just before the renewal can still delete in between: the
    // publish re-stages from memory what it finds in neither place.
    const restage = async (staged: string): Promise<boolean> => {
      const bytes = this.pendingBytes.get(staged);
      if (bytes) await this.store.put(staged, bytes);
      return bytes !== undefined;
    };
    const n = await this.retrying(() => this.format.publish(records, restage));
    for (const r of records) {
      for (const f of r.files) {
        this.staged.delete(f.staged);
        this.pendingBytes.delete(f.staged);
      }
    }
    return n;
  }

  /** Re-uploads staged files that are gone (removed by a peer's recovery while this writer stalled). */
  private async verifyStaged(files: readonly CommittedFile[]): Promise<void> {
    for (const f of files) {
      const bytes = this.pendingBytes.get(f.staged);
      if (bytes && !(await this.store.head(f.staged))) await this.store.put(f.staged, bytes);
    }
  }

  private async deleteStaged(files: CommittedFile[]): Promise<void> {
    for (const f of files) {
      await this.retrying(() => this.store.delete(f.staged));
      this.staged.delete(f.staged);
      this.pendingBytes.delete(f.staged);
    }
  }

  /**
   * Start-up recovery for the whole lake: finish publishing every partition's newest commit (a
   * writer publishes commit N before it writes N+1, so only the newest can be pending), then
   * remove the staging of writers whose lease expired, except files a commit record still names.
   */
  async recover(): Promise<{ republished: number; removedStaging: number; abortedUploads: number }> {
    return this.retrying(async () => {
      const keep = new Set<string>();
      const newest = await this.log.newestRecords();
      for (const rec of newest) for (const f of rec.files) keep.add(f.staged);
      // One publish for all partitions: for Delta, one commit per table instead of one per partition.
      const republished = await this.format.publish(newest);
      const ttl = this.opts.leaseTtlMs ?? LEASE_TTL_MS;
      const now = Date.now();
      const { live, expired } = await liveWriters(this.store, ttl, now);
      const byWriter = new Map<string, Array<{ key: string; fresh: boolean }>>();
      for await (const o of this.store.list(STAGING_PREFIX)) {
        const w = stagingWriterOf(o.key);
        if (w === undefined || w === this.writerId || live.has(w)) continue;
        let list = byWriter.get(w);
        if (!list) byWriter.set(w, (list = []));
        list.push({ key: o.key, fresh: now - o.lastModified.getTime() <= ttl });
      }
      const expiredSet = new Set(expired);
      let removedStaging = 0;
      for (const [w, objects] of byWriter) {
        // No lease at all: a writer of an older version (pid-named staging), or one that just
        // crashed after staging; only what has not been touched for a lease's TTL is abandoned.
        if (!expiredSet.has(w) && objects.some((o) => o.fresh)) continue;
        // The writer may only have stalled and renewed since the listing: re-read its lease
        // right before deleting, so a writer back in time keeps its staging.
        if (await leaseIsFresh(this.store, w, ttl)) continue;
        for (const o of objects) if (!keep.has(o.key)) await this.store.delete(o.key);
        removedStaging++;
      }
      for (const w of expired) if (!(await leaseIsFresh(this.store, w, ttl))) await this.store.delete(writerLeaseKey(w));
      // A writer that crashed mid-upload leaves an invisible multipart upload (S3 only): abort
      // those older than a day, which no live writer's upload is (a lease's TTL is not enough:
      // a writer stalled past it is still uploading).
      const aborted = hasStaleUploads(this.store) ? await this.store.abortStaleUploads(this.opts.staleUploadMs ?? STALE_UPLOAD_MS) : 0;
      return { republished, removedStaging, abortedUploads: aborted };
    });
  }

  /**
   * Stops the lease and removes what this writer still has staged. After a failure the staging
   * stays: a commit whose publish failed still names files in it, and the next run's recovery
   * needs them (the lease then expires, and a later run cleans up the rest).
   */
  async close(clean: boolean): Promise<void> {
    if (!clean)
      return this.lease
        .release()
        .catch(() => {})
        .then(() => undefined);
    for (const key of this.staged) await this.store.delete(key).catch(() => {});
    this.staged.clear();
    this.pendingBytes.clear();
    await this.lease.release().catch(() => {});
  }
}

/** Stores that can abort incomplete multipart uploads (S3); the local store has none. */
function hasStaleUploads(store: ObjectStore): store is ObjectStore & { abortStaleUploads(olderThanMs: number): Promise<number> } {
  return typeof (store as { abortStaleUploads?: unknown }).abortStaleUploads === 'function';
}

/**
 * A local lake whose directory cannot be made at all (a parent such as /proc that cannot hold new
 * directories, a file in the way) is told as one sentence about the data directory, not about
 * the lease file the first write was for.
 */
function unusableDirectory(store: ObjectStore, e: unknown): DlError | undefined {
  if (store.kind !== 'local') return undefined;
  const cause = (e as { cause?: NodeJS.ErrnoException } | undefined)?.cause;
  const code = cause?.code;
  if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EEXIST') return undefined;
  return new DlError('LAKE_IO', `Cannot create the data directory ${store.location}: ${errorMessage(cause)}; choose a path where a directory can be created.`, {
    cause: e,
  });
}
