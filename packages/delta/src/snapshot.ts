import type { ObjectStore } from '@dl/storage';
import { DlError } from '@dl/core/errors';
import { parseCommit, type Action, type AddAction, type MetaDataAction, type ProtocolAction } from './actions.js';
import { readCheckpoint } from './read-checkpoint.js';
import { commitKey, commitVersionOf, lastCheckpointKey, logPrefix } from './log-keys.js';
import type { DeltaStruct } from './schema-string.js';

/**
 * The state of a Delta table at one version: protocol, metadata, the live data files and each
 * application's `txn` version. Built from the newest checkpoint (via `_last_checkpoint`) plus
 * the JSON commits after it, and brought forward with `update()`, which reads only the commits
 * added since. version -1: the table does not exist yet.
 */
export class Snapshot {
  version = -1;
  protocol: ProtocolAction | undefined;
  metaData: MetaDataAction | undefined;
  readonly files = new Map<string, AddAction>();
  /** Tombstones: files a commit removed, with the time of removal (for vacuum's retention). */
  readonly removed = new Map<string, number>();
  readonly txns = new Map<string, number>();
  /** Commits applied since the last checkpoint (for the checkpoint interval). */
  checkpointVersion = -1;

  private constructor(
    readonly store: ObjectStore,
    /** Key prefix of the table in the store ('' when the store is rooted at the table). */
    readonly table: string,
  ) {}

  /** Opens the table's current snapshot (an empty one when there is no `_delta_log`). */
  static async open(store: ObjectStore, table: string): Promise<Snapshot> {
    const s = new Snapshot(store, table);
    const last = await store.get(lastCheckpointKey(table));
    if (last) {
      const { version } = JSON.parse(Buffer.from(last).toString('utf8')) as { version: number };
      for (const a of await readCheckpoint(store, table, version)) s.apply(a);
      s.version = version;
      s.checkpointVersion = version;
    }
    await s.update();
    return s;
  }

  /** Applies every commit after `version`, in order. Returns how many were read. */
  async update(): Promise<number> {
    const startAfter = this.version >= 0 ? commitKey(this.table, this.version) : undefined;
    let read = 0;
    for await (const obj of this.store.list(logPrefix(this.table), startAfter ? { startAfter } : {})) {
      const v = commitVersionOf(obj.key);
      if (v === undefined || v <= this.version) continue;
      if (v !== this.version + 1) {
        throw new DlError(
          'LAKE_IO',
          `The Delta log of ${this.store.location}/${this.table} has no version ${this.version + 1} before ${v}; the log is damaged.`,
        );
      }
      const body = await this.store.get(obj.key);
      if (!body) break; // listed, then gone: cleaned up concurrently; the next update reads on
      this.applyCommit(v, parseCommit(Buffer.from(body).toString('utf8')));
      read++;
    }
    return read;
  }

  /** Applies a commit this process wrote (no need to read it back). */
  applyCommit(version: number, actions: readonly Action[]): void {
    for (const a of actions) this.apply(a);
    this.version = version;
  }

  txnVersion(appId: string): number | undefined {
    return this.txns.get(appId);
  }

  get schema(): DeltaStruct | undefined {
    return this.metaData ? (JSON.parse(this.metaData.schemaString) as DeltaStruct) : undefined;
  }

  /** Rows in the snapshot, from the files' stats (undefined when a file has no numRecords). */
  numRecords(): number | undefined {
    let n = 0;
    for (const f of this.files.values()) {
      const stats = f.stats ? (JSON.parse(f.stats) as { numRecords?: number }) : undefined;
      if (stats?.numRecords === undefined) return undefined;
      n += stats.numRecords;
    }
    return n;
  }

  private apply(a: Action): void {
    if ('add' in a) {
      this.files.set(a.add.path, a.add);
      this.removed.delete(a.add.path);
    } else if ('remove' in a) {
      this.files.delete(a.remove.path);
      this.removed.set(a.remove.path, a.remove.deletionTimestamp ?? 0);
    } else if ('txn' in a) this.txns.set(a.txn.appId, a.txn.version);
    else if ('metaData' in a) this.metaData = a.metaData;
    else if ('protocol' in a) this.protocol = a.protocol;
  }
}
