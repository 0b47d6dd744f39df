/**
 * Epoch ms of an ISO-8601 text; without a zone it is UTC (the zone every timestamp is printed in),
 * not local time. NaN when the text is not a time. `dl view --where` and `dl replay --since` agree on it.
 */
export function parseInstant(text: string): number {
  const t = text.trim();
  return Date.parse(/T[\d:.]+$/.test(t) ? `${t}Z` : t);
}
