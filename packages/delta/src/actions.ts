/**
 * The Delta log actions dl writes and reads (delta-io/delta PROTOCOL.md, "Actions"). A commit
 * file `<table>/_delta_log/<version>.json` holds one action per line, each a JSON object with
 * one key naming the action.
 */
export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

export interface MetaDataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: 'parquet'; options: Record<string, string> };
  /** A serialized StructType (see schema-string.ts). */
  schemaString: string;
  partitionColumns: string[];
  createdTime?: number;
  configuration: Record<string, string>;
}

export interface AddAction {
  /** Relative to the table root, URI-encoded (see data-path.ts). */
  path: string;
  /** Partition column → value as a string; null for a null value. */
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  /** JSON text: numRecords, minValues, maxValues, nullCount (see file-stats.ts). */
  stats?: string;
}

export interface RemoveAction {
  path: string;
  deletionTimestamp?: number;
  dataChange: boolean;
  /** When true, partitionValues and size are given (so readers of the tombstone need not guess). */
  extendedFileMetadata?: boolean;
  partitionValues?: Record<string, string | null>;
  size?: number;
}

/** An application's progress, committed atomically with the files it covers (kafka-delta-ingest's idea). */
export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number;
}

export type CommitInfoAction = Record<string, unknown>;

export type Action =
  | { protocol: ProtocolAction }
  | { metaData: MetaDataAction }
  | { add: AddAction }
  | { remove: RemoveAction }
  | { txn: TxnAction }
  | { commitInfo: CommitInfoAction };

/** One commit file's text: one action per line, newline-terminated. */
export function commitText(actions: readonly Action[]): string {
  return actions.map((a) => `${JSON.stringify(a)}\n`).join('');
}

/** Parses a commit file; unknown actions (cdc, domainMetadata, ...) are kept out, blank lines skipped. */
export function parseCommit(text: string): Action[] {
  const out: Action[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const obj = JSON.parse(line) as Record<string, unknown>;
    for (const k of ['protocol', 'metaData', 'add', 'remove', 'txn', 'commitInfo'] as const) {
      if (obj[k] !== undefined && obj[k] !== null) out.push({ [k]: obj[k] } as Action);
    }
  }
  return out;
}
