import type { Data, Table } from 'apache-arrow';

/** Smaller buffers are not worth a clone each: the scavenger or the next mark-compact has them. */
const MIN_RELEASED_BYTES = 64 * 1024;

/**
 * Frees the column memory of a table whose IPC stream has been made (a copy), now instead of at
 * the next full garbage collection. A flush's column buffers live through a whole flush, so V8
 * has promoted them to its old generation, where an unreachable ArrayBuffer's memory stays
 * allocated until a mark-compact, which a consumer that mostly makes short-lived garbage runs
 * every few seconds: tens of MB of finished flushes were part of dl ingest's peak RSS. Moving
 * each backing store into a clone that is dropped at once detaches the original (it reads as
 * empty from then on) and leaves the memory to the next scavenge, a few ms later.
 *
 * Only for a table nothing else reads afterwards: the caller's accumulator has started new
 * buffers already (`finish()`), and formats that keep the rows (Delta stages them for file
 * statistics) do not call this. A buffer Node refuses to transfer is left to the collector: Node's
 * shared Buffer pool is marked untransferable (and is 64 KiB on Node 24, so size alone does not
 * tell it apart), and Node refuses it whole, detaching nothing.
 */
export function releaseBuffers(table: Table): void {
  const seen = new Set<ArrayBufferLike>();
  const visit = (d: Data): void => {
    for (const view of [d.values, d.valueOffsets, d.nullBitmap, d.typeIds] as Array<ArrayBufferView | undefined>) {
      const ab = view?.buffer;
      if (ab instanceof ArrayBuffer && ab.byteLength >= MIN_RELEASED_BYTES) seen.add(ab);
    }
    for (const c of d.children) visit(c);
  };
  for (const d of table.data) visit(d);
  for (const ab of seen) {
    try {
      structuredClone(ab, { transfer: [ab as ArrayBuffer] });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'DataCloneError')) throw e;
    }
  }
}
