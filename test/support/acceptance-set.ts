import { runDl } from './run-dl.js';

/** Each broken kind `dl produce --broken` sends, and the dead-letter class it must get. */
export const BROKEN_KINDS: Record<string, string> = {
  'no-header': 'NO_MAGIC_BYTE',
  'bad-magic': 'BAD_MAGIC_BYTE',
  'unknown-id': 'UNKNOWN_SCHEMA_ID',
  truncated: 'DECODE_ERROR',
  garbage: 'DECODE_ERROR',
  'wrong-schema': 'SUBJECT_MISMATCH',
  tombstone: 'TOMBSTONE',
};

/**
 * The acceptance set: `orders` good orders on 3 partitions (seed 7), then `perKind`
 * messages of every broken kind, keyed `<kind>-<i>`. Throws with dl's stderr if a produce fails.
 */
export async function produceAcceptanceSet(topic: string, orders: number, perKind: number): Promise<void> {
  const runs = [['produce', '--topic', topic, '--partitions', '3', '--count', String(orders), '--seed', '7', '--format', 'json']];
  for (const kind of Object.keys(BROKEN_KINDS))
    runs.push(['produce', '--topic', topic, '--broken', kind, '--count', String(perKind), '--key', `${kind}-{i}`, '--format', 'json']);
  for (const args of runs) {
    const r = await runDl(args);
    if (r.code !== 0) throw new Error(`dl ${args.join(' ')} failed: ${r.stderr}`);
  }
}
