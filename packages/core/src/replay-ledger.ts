import { DlError, errorMessage } from './errors.js';
import { REPLAYS_PREFIX } from './lake-layout.js';

/**
 * `dl replay`'s ledger, the keys under `_dl/replays/` of the lake's store (a directory or s3://):
 * what `dl replay` writes and what the viewer (`--hide-replayed`, `--show-replayed`) and the next
 * `dl replay` read.
 *
 *   <run>.intent.json   created (put-if-absent) before a batch of dead letters is sent: the exact
 *                       messages, and the target partitions' high watermarks just before the first send
 *   <run>.done.json     written after the sends are acknowledged: where each one landed
 *   locks/<id>.json     the lease of a `dl replay` working on the lake, one per run, created
 *                       put-if-absent; a run works only when its own is the one live lease
 *
 * An intent without its done record is a replay that crashed (or failed) mid-way; the next run
 * reconciles it by reading the targets from the recorded high watermarks (see @dl/replay).
 */
/** Where replay runs' lock leases live, under the ledger (names with a `/` are not ledger files). */
export const REPLAY_LOCKS_DIR = 'locks/';
const INTENT_SUFFIX = '.intent.json';
const DONE_SUFFIX = '.done.json';

/** `<topic>/<partition>/<offset>`: names a dead letter (Kafka topic names cannot hold `/`). The `dl-replay-of` header's value. */
export function deadLetterRef(topic: string, partition: number, offset: bigint | number | string): string {
  return `${topic}/${partition}/${offset}`;
}

export function parseDeadLetterRef(ref: string): { topic: string; partition: number; offset: bigint } | undefined {
  const m = /^(.+)\/(\d+)\/(\d+)$/.exec(ref);
  return m ? { topic: m[1]!, partition: Number(m[2]), offset: BigInt(m[3]!) } : undefined;
}

/** One message a replay sends, as stored in its intent. Bytes are base64; null stays null. */
export interface ReplayMessage {
  /** The dead letter it re-drives. */
  ref: string;
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: Array<{ key: string; value: string | null }>;
}

export interface ReplayIntent {
  version: 1;
  run: string;
  createdAt: string;
  /** Next offset of every partition of the target topics, read before the first send: what the run sends lands at or after it. */
  highWatermarks: Array<{ topic: string; partition: number; high: string }>;
  messages: ReplayMessage[];
}

/** Where a re-driven dead letter landed. */
export interface ReplayLanding {
  ref: string;
  topic: string;
  partition: number;
  offset: string;
}

export interface ReplayDone {
  version: 1;
  run: string;
  completedAt: string;
  landed: ReplayLanding[];
  /** Messages of the intent that were not sent (the run was stopped): they stay dead letters. */
  notSent: string[];
  /** True when a later run found the landings by reading the topic (the sender crashed before it recorded them). */
  reconciled: boolean;
}

export function intentFileName(run: string): string {
  return `${run}${INTENT_SUFFIX}`;
}

export function doneFileName(run: string): string {
  return `${run}${DONE_SUFFIX}`;
}

/** The key of a ledger file (an intent, a done record, the lock) in the lake's store. */
export function replayLedgerKey(name: string): string {
  return `${REPLAYS_PREFIX}${name}`;
}

/**
 * What reading the ledger needs of the lake's store: @dl/storage's ObjectStore has it (core
 * declares the shape, so it stays free of storage clients).
 */
export interface LedgerReader {
  readonly location: string;
  list(prefix: string): AsyncIterable<{ key: string }>;
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface ReplayLedger {
  dir: string;
  /** Every dead letter a replay re-drove, by ref; a later landing of the same ref wins. */
  landed: Map<string, ReplayLanding>;
  /** Runs with an intent and no done record, oldest first. */
  pending: string[];
}

/** Reads the done records (small) and lists the pending intents; a lake without a ledger is an empty one. */
export async function readReplayLedger(store: LedgerReader): Promise<ReplayLedger> {
  const dir = `${store.location.replace(/\/+$/, '')}/${REPLAYS_PREFIX.replace(/\/$/, '')}`;
  const names: string[] = [];
  try {
    for await (const o of store.list(REPLAYS_PREFIX)) {
      const name = o.key.slice(REPLAYS_PREFIX.length);
      if (!name.includes('/')) names.push(name);
    }
  } catch (e) {
    throw new DlError('LAKE_IO', `Cannot read the replay ledger ${dir}: ${errorMessage(e).replace(/\.$/, '')}.`, { cause: e });
  }
  names.sort();
  const done = new Set(names.filter((n) => n.endsWith(DONE_SUFFIX)).map((n) => n.slice(0, -DONE_SUFFIX.length)));
  const landed = new Map<string, ReplayLanding>();
  for (const run of done) {
    for (const l of (await readLedgerFile<ReplayDone>(store, doneFileName(run))).landed) landed.set(l.ref, l);
  }
  const pending = names
    .filter((n) => n.endsWith(INTENT_SUFFIX))
    .map((n) => n.slice(0, -INTENT_SUFFIX.length))
    .filter((r) => !done.has(r));
  return { dir, landed, pending };
}

export function readReplayIntent(store: LedgerReader, run: string): Promise<ReplayIntent> {
  return readLedgerFile<ReplayIntent>(store, intentFileName(run));
}

async function readLedgerFile<T>(store: LedgerReader, name: string): Promise<T> {
  const where = `${store.location.replace(/\/+$/, '')}/${replayLedgerKey(name)}`;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await store.get(replayLedgerKey(name));
  } catch (e) {
    throw new DlError('LAKE_IO', `Cannot read ${where}: ${errorMessage(e).replace(/\.$/, '')}.`, { cause: e });
  }
  if (!bytes) throw new DlError('LAKE_IO', `Cannot read ${where}: it was listed but is gone; was the ledger moved while dl ran?`);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch (e) {
    // Ledger files appear whole (put or put-if-absent), so a torn one means someone edited or damaged it.
    throw new DlError('LAKE_CORRUPT', `Replay ledger file ${where} is not valid JSON (${errorMessage(e)}); restore it or move it away.`, { cause: e });
  }
}
