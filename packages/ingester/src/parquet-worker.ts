import { parentPort } from 'node:worker_threads';
import { encodeParquet, type EncodeSettings } from './parquet-encode.js';

/**
 * Parquet encoding (zstd) is the slowest stage of ingestion, so it runs here, off the thread
 * that consumes and decodes. One request at a time; the result buffer is transferred, not copied.
 */
interface Request {
  id: number;
  ipc: Uint8Array;
  settings: EncodeSettings;
}

parentPort?.on('message', (req: Request) => {
  try {
    const bytes = encodeParquet(req.ipc, req.settings);
    // writeParquet returns a copy out of WASM memory, so its buffer is ours to transfer.
    parentPort!.postMessage({ id: req.id, ok: true, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
