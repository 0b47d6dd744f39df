import { deadLetterRef, type DeadLetterReader, type DeadLetterRow, type WhereFilter } from '@dl/core';

/** The ranges the viewer's equality filters cannot say: offsets inclusive, `until` exclusive. */
export interface SelectionWindow {
  fromOffset?: bigint;
  toOffset?: bigint;
  since?: Date;
  until?: Date;
}

export function inWindow(dl: DeadLetterRow, w: SelectionWindow): boolean {
  if (w.fromOffset !== undefined && dl.offset < w.fromOffset) return false;
  if (w.toOffset !== undefined && dl.offset > w.toOffset) return false;
  const t = dl.timestamp.getTime();
  if (w.since !== undefined && t < w.since.getTime()) return false;
  if (w.until !== undefined && t >= w.until.getTime()) return false;
  return true;
}

/** What the ledger says about a dead letter: re-driven already, part of an interrupted replay, or neither. */
export type LedgerState = 'replayed' | 'pending' | undefined;

export interface Selection {
  matched: number;
  alreadyReplayed: number;
  pending: number;
  /** To act on, in (topic, partition, offset) order, so each partition's dead letters go out in their original order. */
  selected: DeadLetterRow[];
}

/** Sorts and counts matching dead letters: those the ledger knows are counted, not selected; `limit` caps the rest. */
export function pickDeadLetters(rows: Iterable<DeadLetterRow>, state: (ref: string) => LedgerState, limit = Infinity): Selection {
  const out: Selection = { matched: 0, alreadyReplayed: 0, pending: 0, selected: [] };
  for (const dl of rows) {
    out.matched++;
    const s = state(deadLetterRef(dl.topic, dl.partition, dl.offset));
    if (s === 'replayed') out.alreadyReplayed++;
    else if (s === 'pending') out.pending++;
    else out.selected.push(dl);
  }
  out.selected.sort(byPosition);
  if (out.selected.length > limit) out.selected.length = limit;
  return out;
}

export interface SelectOptions {
  read: DeadLetterReader;
  dataDir: string;
  where: WhereFilter[];
  window: SelectionWindow;
  limit?: number;
  skipCorrupt?: boolean;
  warn: (message: string) => void;
}

/** Reads the DLQ through the injected reader (the viewer's filters and corrupt-file handling) and picks what to replay. */
export async function selectDeadLetters(opts: SelectOptions, state: (ref: string) => LedgerState): Promise<Selection> {
  const rows: DeadLetterRow[] = [];
  for await (const chunk of opts.read({ dataDir: opts.dataDir, where: opts.where, skipCorrupt: opts.skipCorrupt ?? false, warn: opts.warn })) {
    for (const dl of chunk) if (inWindow(dl, opts.window)) rows.push(dl);
  }
  return pickDeadLetters(rows, state, opts.limit);
}

function byPosition(a: DeadLetterRow, b: DeadLetterRow): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.partition !== b.partition) return a.partition - b.partition;
  return a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0;
}
