import { existsSync } from 'node:fs';
import { openStore, parseLakeLocation, type ObjectStore } from '@dl/storage';
import {
  createRegistry,
  DlError,
  literal,
  OptionError,
  readReplayIntent,
  readReplayLedger,
  type ReplayLedger,
  type ReplayMessage,
  type SchemaRegistry,
} from '@dl/core';
import { checkReplayOptions } from './check-options.js';
import { partitionChooser } from './choose-partition.js';
import { frameSchemas } from './frame-schemas.js';
import { REPLAY_LOCK_TTL_MS, acquireReplayLock } from './replay-lock.js';
import { planReplays, type Plan } from './plan-replays.js';
import { failureLine, planLine, summaryLine } from './print-replay.js';
import { toStored } from './replay-message.js';
import { reconcileIntent, sendWithIntent } from './replay-intent.js';
import type { ReplayIo, ReplayOptions, ReplaySummary } from './replay-options.js';
import { openReplaySession, type ReplaySession } from './replay-session.js';
import { selectDeadLetters } from './select-dead-letters.js';

/** Messages per intent: bounds the intent file (a few MB) and what one crash leaves to reconcile. */
const INTENT_MESSAGES = 5000;

/**
 * `dl replay parquet-dlq`: re-drives dead letters to Kafka, repaired if asked, each exactly once.
 * Interrupted replays are finished first (see replay-intent.ts); then the matching dead letters not
 * replayed yet are repaired, and sent under an intent in the lake's `_dl/replays/`.
 */
export async function replay(opts: ReplayOptions, io: ReplayIo): Promise<ReplaySummary> {
  const started = performance.now();
  checkReplayOptions(opts);
  const loc = parseLakeLocation(opts.dataDir);
  if (loc.kind === 'local' && !existsSync(loc.path)) {
    throw new OptionError(
      {
        setting: 'dataDir',
        value: opts.dataDir,
        problem: 'is a data directory that does not exist',
        fix: "pass {dataDir} (or set it in the environment or dl.yaml) to replay another lake's dead letters",
      },
      { code: 'NOT_FOUND' },
    );
  }
  // A dry run only reads: read-only credentials do.
  const store = await openStore(opts.dataDir, opts.s3 ?? {}, { access: opts.dryRun ? 'read' : 'read-write' });
  try {
    return await replayOn(store, opts, io, started);
  } finally {
    await store.close();
  }
}

async function replayOn(store: ObjectStore, opts: ReplayOptions, io: ReplayIo, started: number): Promise<ReplaySummary> {
  const dryRun = opts.dryRun ?? false;
  const warn = (message: string) => void io.stderr.write(`dl replay: ${message}\n`);
  const summary: ReplaySummary = {
    dryRun,
    matched: 0,
    alreadyReplayed: 0,
    pending: 0,
    unrepairable: 0,
    toSend: 0,
    sent: 0,
    notSent: 0,
    reconciled: { runs: 0, found: 0, resent: 0 },
    failures: [],
    seconds: 0,
  };
  // A dry run writes nothing and takes no lock: it may run beside a real one.
  const lock = dryRun ? undefined : await acquireReplayLock(store);
  // A run that lost its lock (it stalled past the TTL and another took over) sends nothing more.
  const signals = [opts.signal, lock?.lost].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  let session: ReplaySession | undefined;
  const kafka = async () => (session ??= await openReplaySession(opts.kafka, io.stderr));
  let registry: SchemaRegistry | undefined;
  try {
    let ledger = await readReplayLedger(store);
    if (!dryRun && ledger.pending.length > 0) {
      await finishInterrupted(await kafka(), store, ledger, summary, { ...opts, signal }, warn);
      ledger = await readReplayLedger(store);
    }
    const pending = dryRun ? await pendingRefs(store, ledger) : new Set<string>();
    const selection = await selectDeadLetters(
      { read: opts.readDeadLetters, dataDir: opts.dataDir, where: opts.where ?? [], window: opts, limit: opts.limit, skipCorrupt: opts.skipCorrupt, warn },
      (ref) => (ledger.landed.has(ref) ? 'replayed' : pending.has(ref) ? 'pending' : undefined),
    );
    Object.assign(summary, { matched: selection.matched, alreadyReplayed: selection.alreadyReplayed, pending: selection.pending });
    const plan = await planReplays(selection.selected, {
      toTopic: opts.toTopic,
      samePartition: opts.samePartition,
      frameFor: opts.frameWith === undefined ? undefined : frameSchemas(() => (registry ??= createRegistry(opts.registry)), opts.frameWith),
    });
    if (dryRun) {
      summary.plan = plan.lines;
    } else if (plan.outgoing.length > 0 && !signal?.aborted) {
      await send(await kafka(), store, plan, summary, { toTopic: opts.toTopic, signal });
    } else {
      summary.notSent += plan.outgoing.length;
    }
    summary.failures = plan.failures;
    summary.unrepairable = plan.failures.length;
    summary.toSend = plan.outgoing.length;
  } finally {
    await session?.close();
    await lock?.release();
  }
  if (lock?.lost.aborted) {
    throw new DlError(
      'LAKE_IO',
      `dl replay stopped because its lock went stale (not refreshed for half of its ${REPLAY_LOCK_TTL_MS / 60_000}-minute TTL) and another run may have taken over, with ${summary.notSent} dead letter(s) not sent: run dl replay again.`,
    );
  }
  summary.seconds = (performance.now() - started) / 1000;
  print(summary, opts.format ?? 'text', io);
  return summary;
}

/** Reconciles every intent left without its done record, oldest first. */
async function finishInterrupted(
  session: ReplaySession,
  store: ObjectStore,
  ledger: ReplayLedger,
  summary: ReplaySummary,
  opts: ReplayOptions,
  warn: (m: string) => void,
): Promise<void> {
  for (const run of ledger.pending) {
    warn(`finishing the interrupted replay ${run} first`);
    const r = await reconcileIntent(session, store, run, { timeoutMs: opts.reconcileTimeoutMs ?? 120_000, signal: opts.signal });
    summary.reconciled.runs++;
    summary.reconciled.found += r.found;
    summary.reconciled.resent += r.sent;
    summary.sent += r.sent;
    summary.notSent += r.notSent;
  }
}

/** Chooses partitions (failures join the plan's), then sends in intents of INTENT_MESSAGES. */
async function send(
  session: ReplaySession,
  store: ObjectStore,
  plan: Plan,
  summary: ReplaySummary,
  { toTopic, signal }: { toTopic?: string; signal?: AbortSignal | undefined },
): Promise<void> {
  const topics = [...new Set(plan.outgoing.map((o) => o.topic))];
  // Before anything is written: a target that does not exist is named (dl replay never creates topics).
  await session.watermarks(topics).catch((e: unknown) => {
    if (!(e instanceof DlError && e.code === 'NOT_FOUND')) throw e;
    const found = e.message.replace(/\.$/, '');
    if (toTopic === undefined) {
      throw new DlError('NOT_FOUND', `${literal(found)}; dl replay sends only to existing topics: create it, or send elsewhere with {toTopic}.`, {
        cause: e,
        namesSettings: true,
      });
    }
    throw new OptionError(
      {
        setting: 'toTopic',
        value: toTopic,
        problem: `is not a topic Kafka has (${literal(found)})`,
        fix: 'dl replay sends only to existing topics: create it, or pass another {toTopic}',
      },
      { code: 'NOT_FOUND', cause: e },
    );
  });
  const choose = partitionChooser(await session.metadata(topics));
  const messages: ReplayMessage[] = [];
  const kept = [];
  for (const o of plan.outgoing) {
    const p = choose(o);
    if (typeof p === 'number') {
      messages.push(toStored(o, p));
      kept.push(o);
    } else {
      const line = plan.lines.find((l) => l.ref === o.ref)!;
      plan.failures.push({ ref: o.ref, errorClass: line.errorClass, reason: p.missing });
    }
  }
  plan.outgoing = kept;
  for (let i = 0; i < messages.length; i += INTENT_MESSAGES) {
    if (signal?.aborted) {
      summary.notSent += messages.length - i;
      break;
    }
    const r = await sendWithIntent(session, store, messages.slice(i, i + INTENT_MESSAGES), signal);
    summary.sent += r.sent;
    summary.notSent += r.notSent;
  }
}

/** Dead letters of interrupted replays: a dry run reports them apart, as the next real run finishes them first. */
async function pendingRefs(store: ObjectStore, ledger: ReplayLedger): Promise<Set<string>> {
  const refs = new Set<string>();
  for (const run of ledger.pending) for (const m of (await readReplayIntent(store, run)).messages) refs.add(m.ref);
  return refs;
}

function print(s: ReplaySummary, format: 'text' | 'json', io: ReplayIo): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  if (s.plan) for (const l of s.plan) io.stdout.write(planLine(l));
  else for (const f of s.failures) io.stdout.write(failureLine(f));
  io.stderr.write(summaryLine(s));
}
