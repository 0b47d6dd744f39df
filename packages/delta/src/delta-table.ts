import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '@dl/storage';
import { DlError } from '@dl/core/errors';
import { commitText, type Action, type AddAction, type ProtocolAction } from './actions.js';
import { encodeDataPath } from './data-path.js';
import { evolveSchema } from './evolve-schema.js';
import { commitKey } from './log-keys.js';
import { usesTimestampNtz, type DeltaStruct } from './schema-string.js';
import { Snapshot } from './snapshot.js';
import { writeCheckpoint } from './write-checkpoint.js';

/** One data file to add, with its path relative to the table root (not yet URI-encoded). */
export interface DataFileEntry {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  stats?: string;
}

/**
 * What one application transaction adds: the files covering its progress up to `version`
 * (for dl: one topic-partition's commit record, version = its last offset) and their schema.
 */
export interface TxnUnit {
  appId: string;
  version: number;
  files: DataFileEntry[];
  /** The Delta schema of these files, partition columns included. */
  schema: DeltaStruct;
}

export interface TableSpec {
  partitionColumns: string[];
  configuration?: Record<string, string>;
  /** Write a checkpoint after every this many commits (0: never). */
  checkpointInterval: number;
}

export interface CommitResult {
  /** The table version that holds the units (the newest version when nothing was committed). */
  version: number;
  committed: number;
  /** Units whose txn the log already had (published before, by us or another writer). */
  alreadyPublished: number;
  /** Versions another writer created first while this commit was being made. */
  lostRaces: number;
}

/** Lost races in a row before giving up: with a handful of writers, far more than ever needed. */
const MAX_ATTEMPTS = 1000;

/**
 * A Delta table written through an ObjectStore. Every commit is created with `putIfAbsent`, so
 * of two writers racing for a version exactly one wins; the other reads the winner's commit and
 * retries at the next version. Idempotent by `txn`: a unit whose appId already has a version >=
 * its own is dropped, so republishing after a crash never adds a file twice.
 */
export class DeltaTable {
  /** Commits of one process run one at a time: they share the snapshot they bring forward. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly snapshot: Snapshot,
    private readonly spec: TableSpec,
  ) {}

  static async open(store: ObjectStore, table: string, spec: TableSpec): Promise<DeltaTable> {
    return new DeltaTable(await Snapshot.open(store, table), spec);
  }

  commit(units: readonly TxnUnit[], info: Record<string, unknown> = {}): Promise<CommitResult> {
    const run = this.queue.then(() => this.commitNow(units, info));
    this.queue = run.catch(() => {});
    return run;
  }

  private async commitNow(units: readonly TxnUnit[], info: Record<string, unknown>): Promise<CommitResult> {
    const s = this.snapshot;
    let lostRaces = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await s.update();
      const todo = units.filter((u) => (s.txnVersion(u.appId) ?? -1) < u.version);
      if (todo.length === 0) return { version: s.version, committed: 0, alreadyPublished: units.length, lostRaces };
      if (s.version < 0) {
        await this.create(todo[0]!.schema);
        continue;
      }
      const actions = this.actionsFor(todo, info);
      const version = s.version + 1;
      if (!(await s.store.putIfAbsent(commitKey(s.table, version), commitText(actions)))) {
        lostRaces++;
        continue;
      }
      s.applyCommit(version, actions);
      await this.maybeCheckpoint();
      return { version, committed: todo.length, alreadyPublished: units.length - todo.length, lostRaces };
    }
    throw new DlError(
      'LAKE_IO',
      `Gave up committing to the Delta table ${s.store.location}/${s.table} after ${MAX_ATTEMPTS} lost races; is another writer stuck in a loop?`,
    );
  }

  /**
   * Commits `actions` (a rewrite such as a compaction: `remove` + `add`, no `txn`) at the next
   * free version. Returns undefined, committing nothing, when a file the actions remove is no
   * longer in the snapshot (another rewrite got there first).
   */
  commitActions(actions: readonly Action[], info: Record<string, unknown>): Promise<number | undefined> {
    const run = this.queue.then(() => this.commitActionsNow(actions, info));
    this.queue = run.catch(() => {});
    return run;
  }

  private async commitActionsNow(actions: readonly Action[], info: Record<string, unknown>): Promise<number | undefined> {
    const s = this.snapshot;
    const removes = actions.flatMap((a) => ('remove' in a ? [a.remove.path] : []));
    const all: Action[] = [...actions, { commitInfo: { timestamp: Date.now(), engineInfo: 'dl', isBlindAppend: false, ...info } }];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await s.update();
      if (removes.some((p) => !s.files.has(p))) return undefined;
      const version = s.version + 1;
      if (await s.store.putIfAbsent(commitKey(s.table, version), commitText(all))) {
        s.applyCommit(version, all);
        await this.maybeCheckpoint();
        return version;
      }
    }
    throw new DlError(
      'LAKE_IO',
      `Gave up committing to the Delta table ${s.store.location}/${s.table} after ${MAX_ATTEMPTS} lost races; is another writer stuck in a loop?`,
    );
  }

  /** Version 0: protocol and metadata only, created once whoever races for it. */
  private async create(schema: DeltaStruct): Promise<void> {
    const s = this.snapshot;
    const now = Date.now();
    const actions: Action[] = [
      { protocol: protocolFor(schema) },
      {
        metaData: {
          id: randomUUID(),
          format: { provider: 'parquet', options: {} },
          schemaString: JSON.stringify(schema),
          partitionColumns: this.spec.partitionColumns,
          createdTime: now,
          configuration: this.spec.configuration ?? {},
        },
      },
      { commitInfo: { timestamp: now, operation: 'CREATE TABLE', engineInfo: 'dl', isBlindAppend: true } },
    ];
    // Losing this race is fine: the caller's update() reads the winner's version 0.
    await s.store.putIfAbsent(commitKey(s.table, 0), commitText(actions));
  }

  private actionsFor(todo: readonly TxnUnit[], info: Record<string, unknown>): Action[] {
    const s = this.snapshot;
    const actions: Action[] = [];
    let schema = s.schema!;
    let changed = false;
    for (const u of todo) {
      const next = evolveSchema(schema, u.schema);
      schema = next.schema;
      changed ||= next.changed;
    }
    if (changed) {
      const needed = protocolFor(schema);
      if (needed.minWriterVersion > (s.protocol?.minWriterVersion ?? 0)) actions.push({ protocol: needed });
      actions.push({ metaData: { ...s.metaData!, schemaString: JSON.stringify(schema) } });
    }
    const now = Date.now();
    let files = 0;
    let rows = 0;
    for (const u of todo) {
      for (const f of u.files) {
        const add: AddAction = {
          path: encodeDataPath(f.path),
          partitionValues: f.partitionValues,
          size: f.size,
          modificationTime: f.modificationTime,
          dataChange: true,
          ...(f.stats ? { stats: f.stats } : {}),
        };
        actions.push({ add });
        files++;
        rows += f.stats ? ((JSON.parse(f.stats) as { numRecords?: number }).numRecords ?? 0) : 0;
      }
      actions.push({ txn: { appId: u.appId, version: u.version, lastUpdated: now } });
    }
    actions.push({
      commitInfo: {
        timestamp: now,
        operation: 'STREAMING UPDATE',
        operationParameters: { outputMode: 'Append' },
        operationMetrics: { numFiles: String(files), numOutputRows: String(rows) },
        engineInfo: 'dl',
        isBlindAppend: true,
        ...info,
      },
    });
    return actions;
  }

  private async maybeCheckpoint(): Promise<void> {
    const { checkpointInterval } = this.spec;
    const v = this.snapshot.version;
    if (checkpointInterval === 0 || v === 0 || v % checkpointInterval !== 0) return;
    try {
      await writeCheckpoint(this.snapshot);
    } catch {
      // The commit is in; a checkpoint only makes opening faster. Readers use the previous one
      // plus the JSON commits, and the next interval writes a new one.
    }
  }
}

/** Reader 1 / writer 2 (no table features), unless a timestamp without zone needs timestampNtz. */
function protocolFor(schema: DeltaStruct): ProtocolAction {
  if (usesTimestampNtz(schema)) {
    return { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['timestampNtz'] };
  }
  return { minReaderVersion: 1, minWriterVersion: 2 };
}
