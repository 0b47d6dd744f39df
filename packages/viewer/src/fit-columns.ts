/** What the fitter needs to know of a column: its widths and how much it matters. */
export interface FitColumn {
  /** Widest cell or header, in terminal columns. */
  natural: number;
  headerWidth: number;
  /** 0: dropped first (binary); 1: normal; 2: kept and given room first (a DLQ's error columns). */
  priority: number;
  /** Narrowest useful width (e.g. 24 for a timestamp); default: most of the header. */
  floor?: number;
  /** Numbers: widened to their natural width before text columns get any extra room. */
  fillFirst?: boolean;
}

/** A column to print with its content width, or the `…` marking dropped columns. */
export type FitSlot = { index: number; width: number } | { gap: true };

/** cli-table3 adds one padding space each side and one border per column, plus the last border. */
const PER_COLUMN = 3;
const GAP_WIDTH = 1 + PER_COLUMN;
const MIN_CELL = 6;
const MIN_HEADER = 12;
const MIN_PRIORITY = 20;

type Floored = Pick<FitColumn, 'headerWidth' | 'priority' | 'floor'>;

/** The narrowest a column may get before it is dropped instead: most of its header, more for priority columns. */
function floorWidth(c: Floored): number {
  if (c.floor !== undefined) return c.floor;
  return c.priority >= 2 ? Math.max(MIN_PRIORITY, c.headerWidth) : Math.max(MIN_CELL, Math.min(c.headerWidth, MIN_HEADER));
}

/**
 * Which columns fit into `available` terminal columns, like pandas decides: when the narrowest
 * layout is too wide, columns are dropped — the least important first, then those nearest the
 * middle. It looks at headers only, never at cells, so the viewer knows before reading which
 * columns it will print and reads only those.
 */
export function keptColumns(columns: Floored[], available: number): number[] {
  const floor = columns.map(floorWidth);
  const kept = columns.map((_, i) => i);
  const dropped: number[] = [];
  const middle = (columns.length - 1) / 2;
  while (kept.length > 1 && layoutWidth(kept, floor, columns.length) > available) {
    let drop = 0;
    for (let k = 1; k < kept.length; k++) {
      const [a, b] = [columns[kept[k]!]!, columns[kept[drop]!]!];
      const nearer = Math.abs(kept[k]! - middle) < Math.abs(kept[drop]! - middle);
      if (a.priority < b.priority || (a.priority === b.priority && nearer)) drop = k;
    }
    dropped.push(...kept.splice(drop, 1));
  }
  // Dropping in that order can leave room that a narrower column, dropped earlier, fits into
  // (not a priority-0 one: that room is better spent on the others' cells).
  for (const i of dropped.reverse().filter((d) => columns[d]!.priority > 0)) {
    const candidate = [...kept, i].sort((a, b) => a - b);
    if (layoutWidth(candidate, floor, columns.length) <= available) kept.splice(0, kept.length, ...candidate);
  }
  return kept;
}

/**
 * Widths for the kept columns (each run of dropped ones shows as one `…` column): every column
 * starts at its floor (or its natural width, if narrower); leftover room first widens numbers to
 * their natural width (a cut number misleads more than a cut text), then goes evenly to the
 * columns that would be cut until each has its natural width.
 */
export function fitColumns(columns: FitColumn[], available: number): FitSlot[] {
  const kept = keptColumns(columns, available);
  const min = columns.map((c) => Math.min(c.natural, floorWidth(c)));
  const widths = kept.map((i) => min[i]!);
  let room = available - layoutWidth(kept, min, columns.length);
  if (kept.length === 1 && room < 0) widths[0] = Math.max(1, widths[0]! + room);
  kept.forEach((i, k) => {
    if (!columns[i]!.fillFirst || room <= 0) return;
    const add = Math.min(room, columns[i]!.natural - widths[k]!);
    widths[k] = widths[k]! + add;
    room -= add;
  });
  while (room > 0) {
    const open = kept.map((_, k) => k).filter((k) => widths[k]! < columns[kept[k]!]!.natural);
    if (open.length === 0) break;
    const share = Math.max(1, Math.floor(room / open.length));
    for (const k of open) {
      const add = Math.min(share, columns[kept[k]!]!.natural - widths[k]!, room);
      widths[k] = widths[k]! + add;
      room -= add;
      if (room === 0) break;
    }
  }
  return slots(kept, widths, columns.length);
}

function layoutWidth(kept: number[], width: number[], total: number): number {
  const gaps = slots(
    kept,
    kept.map((i) => width[i]!),
    total,
  ).filter((s) => 'gap' in s).length;
  return 1 + kept.reduce((sum, i) => sum + width[i]! + PER_COLUMN, 0) + gaps * GAP_WIDTH;
}

function slots(kept: number[], widths: number[], total: number): FitSlot[] {
  const out: FitSlot[] = [];
  let next = 0;
  kept.forEach((index, k) => {
    if (index > next) out.push({ gap: true });
    out.push({ index, width: widths[k]! });
    next = index + 1;
  });
  if (next < total) out.push({ gap: true });
  return out;
}
