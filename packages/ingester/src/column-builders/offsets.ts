/**
 * The capacity to start a column's next flush with: what the last flush needed, and a little more.
 * Flushes are usually alike, so the next one's buffers then never grow (each doubling copied the
 * column and left the old buffer to the garbage collector: tens of MB per flush).
 */
export function nextCapacity(used: number): number {
  return Math.ceil(used * 1.125);
}

/** Offsets arrays have one entry more than values: doubles `offsets` when `index` would not fit. */
export function roomForOffset(offsets: Int32Array<ArrayBuffer>, index: number): Int32Array<ArrayBuffer> {
  if (index < offsets.length) return offsets;
  const next = new Int32Array(offsets.length * 2);
  next.set(offsets);
  return next;
}
