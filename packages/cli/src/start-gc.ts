import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type V8Gc = (options: { type: 'major'; execution: 'async' }) => void;

/**
 * V8's own `gc`, for dl ingest's collection as each flush seals (IngestIo.startGc; the Flusher
 * says why). `--expose-gc` set at run time puts `gc` in contexts made afterwards, so it is taken
 * from a fresh one and the program's own global stays as it was; this works however Node was
 * started (bin/dl, `node bin/dl`, the Docker image). With `execution: 'async'` V8 runs it from
 * a task of its own, just after the seal's own work; it is a whole (atomic) mark-compact of a heap
 * whose live part is ~16-19 MB, 15-25 ms each (`--trace-gc`), one per flush: ~4% more CPU time
 * (seven alternating runs: 6.17 against 5.94 s). Collecting only when the heap had grown past
 * 48 or 64 MB at the seal kept none of the memory it saves, and collecting while the batch loop
 * waits for the previous flush instead saved no time (six runs each).
 */
export function startGc(): (() => void) | undefined {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as V8Gc | undefined;
  return gc && (() => gc({ type: 'major', execution: 'async' }));
}
