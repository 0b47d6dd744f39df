import { MapRow, tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import type { ObjectStore } from '@dl/storage';
import { DlError } from '@dl/core/errors';
import type { Action } from './actions.js';
import { checkpointKey } from './log-keys.js';

const KINDS = ['protocol', 'metaData', 'txn', 'add', 'remove'] as const;

/**
 * The actions of a single-file checkpoint (ours, or one delta-rs or Spark wrote): each row is
 * one action, in the one non-null struct column. Maps come back as plain objects and longs as
 * numbers, the shapes the JSON commits have.
 */
export async function readCheckpoint(store: ObjectStore, table: string, version: number): Promise<Action[]> {
  const key = checkpointKey(table, version);
  const bytes = await store.get(key);
  if (!bytes) {
    throw new DlError('LAKE_IO', `${store.location}/${key} is named by _last_checkpoint but does not exist; the Delta log is damaged.`);
  }
  const arrow = tableFromIPC(readParquet(bytes).intoIPCStream());
  const out: Action[] = [];
  const cols = KINDS.map((k) => [k, arrow.getChild(k)] as const).filter(([, v]) => v !== null);
  for (let i = 0; i < arrow.numRows; i++) {
    for (const [kind, vec] of cols) {
      const v = vec!.get(i);
      if (v === null || v === undefined) continue;
      out.push({ [kind]: plain(v.toJSON()) } as Action);
    }
  }
  return out;
}

/**
 * Arrow values to JSON-like ones: struct rows and map rows (their toJSON gives an object), vectors
 * (toJSON gives an array), BigInt to number. A struct's null members are dropped, as a JSON
 * commit omits them; a map keeps its null values (a null partition value is a value).
 */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plain);
  const keepNulls = v instanceof MapRow;
  const j = typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v;
  if (Array.isArray(j)) return j.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(j as Record<string, unknown>)) {
    if (x === undefined || (x === null && !keepNulls)) continue;
    out[k] = plain(x);
  }
  return out;
}
