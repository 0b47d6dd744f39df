/** Hive writes this for a null partition value; the ingester writes `__EMPTY__` for an empty one. */
const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';
const EMPTY = '__EMPTY__';

/**
 * `date=2024-01-31` → `['date', '2024-01-31']`; undefined for a folder that is not `key=value`.
 * Values are %XX-unescaped, the inverse of @dl/core's `sanitizeSegment`.
 */
export function parsePartitionSegment(segment: string): [string, string | null] | undefined {
  const eq = segment.indexOf('=');
  if (eq <= 0) return undefined;
  const key = unescapeHive(segment.slice(0, eq));
  const raw = segment.slice(eq + 1);
  if (raw === HIVE_NULL) return [key, null];
  if (raw === EMPTY) return [key, ''];
  return [key, unescapeHive(raw)];
}

/** Decodes %XX runs as UTF-8 bytes; a `%` not followed by two hex digits stays as it is. */
function unescapeHive(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
}
