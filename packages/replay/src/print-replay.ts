import type { ReplayFailure, ReplayPlanLine, ReplaySummary } from './replay-options.js';

/** One line per dead letter of a dry run: what would happen to it. */
export function planLine(l: ReplayPlanLine): string {
  const what = l.action === 'send' ? `→ ${l.to}  ${l.repair}` : l.reason;
  return `${l.action.padEnd(12)}  ${l.ref}  ${l.errorClass.padEnd(17)}  ${what}\n`;
}

export function failureLine(f: ReplayFailure): string {
  return planLine({ ref: f.ref, errorClass: f.errorClass, action: 'unrepairable', reason: f.reason });
}

/** The summary line (stderr in text mode). */
export function summaryLine(s: ReplaySummary): string {
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const head = `dl replay: ${s.dryRun ? 'dry run: ' : ''}${n(s.matched, 'dead letter')} match`;
  const parts = s.dryRun ? [`would send ${s.toSend}`] : [`sent ${s.sent}`];
  parts.push(`${s.unrepairable} cannot be repaired${s.unrepairable > 0 ? ' (they stay dead letters)' : ''}`, `${s.alreadyReplayed} already replayed`);
  if (s.pending > 0) parts.push(`${s.pending} belong to an interrupted replay that the next run finishes first`);
  if (s.notSent > 0) parts.push(`${s.notSent} not sent (stopped; they stay dead letters)`);
  let line = `${head}; ${parts.join(', ')}`;
  if (s.reconciled.runs > 0) {
    line += `; finished ${n(s.reconciled.runs, 'interrupted replay')} first (${s.reconciled.found} had landed, ${s.reconciled.resent} sent now)`;
  }
  return `${line}${s.dryRun ? '. Nothing was sent.' : '.'}\n`;
}
