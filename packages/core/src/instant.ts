/**
 * Epoch ms of an ISO-8601 text; without a zone it is UTC (the zone every timestamp is printed in),
 * not local time. NaN when the text is not a time. `dl view --where` and `dl replay --since` agree on it.
 */
export function parseInstant(text: string): number {
  // `2024-05-01 12:00:00` (a space for the T, as SQL and many logs write it) is the same instant as
  // `2024-05-01T12:00:00`: both UTC. Date.parse would read the space form as local time.
  const t = text.trim().replace(/^(\d{4}-\d{2}-\d{2}) +(?=\d)/, '$1T');
  return Date.parse(/T[\d:.]+$/.test(t) ? `${t}Z` : t);
}
