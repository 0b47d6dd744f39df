/** Offsets arrays have one entry more than values: doubles `offsets` when `index` would not fit. */
export function roomForOffset(offsets: Int32Array<ArrayBuffer>, index: number): Int32Array<ArrayBuffer> {
  if (index < offsets.length) return offsets;
  const next = new Int32Array(offsets.length * 2);
  next.set(offsets);
  return next;
}
