import { randomBytes } from 'node:crypto';
import {
  doneFileName,
  DlError,
  intentFileName,
  readReplayIntent,
  replayLedgerKey,
  type ReplayDone,
  type ReplayIntent,
  type ReplayLanding,
  type ReplayMessage,
} from '@dl/core';
import type { ObjectStore } from '@dl/storage';
import type { ScanRange } from './find-replayed.js';
import { writeLedgerFile } from './ledger-files.js';
import type { ReplaySession } from './replay-session.js';
import { sendReplays } from './send-replays.js';

export interface IntentOutcome {
  run: string;
  /** Found already in the target topics (reconciliation only). */
  found: number;
  sent: number;
  notSent: number;
}

/** Sortable and unique: `<UTC time>-<random>`. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

/**
 * Sends `messages` exactly once, crash or not:
 * 1. read the high watermarks of the target partitions,
 * 2. durably write the intent (messages + those watermarks),
 * 3. send (idempotent producer, acks=all) and learn each message's offset from the acknowledgements,
 * 4. durably write the done record.
 * A crash or failure after 2 leaves an intent without a done record, which `reconcileIntent` finishes.
 */
export async function sendWithIntent(session: ReplaySession, store: ObjectStore, messages: ReplayMessage[], signal?: AbortSignal): Promise<IntentOutcome> {
  const run = newRunId();
  const partitions = targetPartitions(messages);
  const marks = await session.watermarks([...new Set(messages.map((m) => m.topic))]);
  const intent: ReplayIntent = {
    version: 1,
    run,
    createdAt: new Date().toISOString(),
    highWatermarks: marks
      .filter((w) => partitions.has(`${w.topic}/${w.partition}`))
      .map((w) => ({ topic: w.topic, partition: w.partition, high: w.high.toString() })),
    messages,
  };
  await writeLedgerFile(store, intentFileName(run), intent, { create: true });
  return finish(session, store, run, messages, undefined, signal);
}

export interface ReconcileOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Finishes an intent that has no done record: reads each target partition from the watermark the
 * intent recorded to its current end, collecting `dl-replay-of` headers. What is there was sent (it
 * is recorded where it is); the rest was not, and is sent now under the same intent, so a crash
 * during this repeats the same reasoning from the same watermarks.
 */
export async function reconcileIntent(session: ReplaySession, store: ObjectStore, run: string, opts: ReconcileOptions): Promise<IntentOutcome> {
  const intent = await readReplayIntent(store, run);
  const partitions = targetPartitions(intent.messages);
  const topics = [...new Set(intent.messages.map((m) => m.topic))];
  const recorded = new Map(intent.highWatermarks.map((w) => [`${w.topic}/${w.partition}`, BigInt(w.high)]));
  const ranges: ScanRange[] = [];
  for (const w of topics.length > 0 ? await session.watermarks(topics) : []) {
    const key = `${w.topic}/${w.partition}`;
    if (!partitions.has(key)) continue;
    const from = recorded.get(key) ?? 0n;
    if (w.low > from && w.high > from) {
      throw new DlError(
        'KAFKA',
        `Cannot tell which records of the interrupted replay ${run} reached ${key}: its offsets ${from} to ${w.low - 1n} were deleted (retention) before this check. ` +
          `Look for the header dl-replay-of in what is left, then delete ${store.location}/${replayLedgerKey(intentFileName(run))} to let its dead letters be replayed again.`,
      );
    }
    ranges.push({ topic: w.topic, partition: w.partition, from, to: w.high });
  }
  const found = await session.findReplayed(ranges, new Set(intent.messages.map((m) => m.ref)), opts);
  const rest = intent.messages.filter((m) => !found.has(m.ref));
  return finish(session, store, run, rest, found, opts.signal);
}

async function finish(
  session: ReplaySession,
  store: ObjectStore,
  run: string,
  toSend: ReplayMessage[],
  found: Map<string, ReplayLanding> | undefined,
  signal?: AbortSignal,
): Promise<IntentOutcome> {
  const reconciled = found !== undefined;
  found ??= new Map();
  const sent = toSend.length > 0 ? await sendReplays(await session.producer(), toSend, signal) : { landed: [], notSent: [] };
  const done: ReplayDone = {
    version: 1,
    run,
    completedAt: new Date().toISOString(),
    landed: [...found.values(), ...sent.landed],
    notSent: sent.notSent,
    reconciled,
  };
  await writeLedgerFile(store, doneFileName(run), done);
  return { run, found: found.size, sent: sent.landed.length, notSent: sent.notSent.length };
}

function targetPartitions(messages: ReplayMessage[]): Set<string> {
  return new Set(messages.map((m) => `${m.topic}/${m.partition}`));
}
