import { parentPort } from 'node:worker_threads';
import { encodeParquet, type EncodeSettings } from './parquet-encode.js';
import type { WorkerReply } from './parquet-encoder.js';

/**
 * Parquet encoding (zstd) is the slowest stage of ingestion, so it runs here, off the thread
 * that consumes and decodes. One request at a time; buffers are transferred, not copied: the
 * IPC stream goes back as soon as it is in WASM memory (see ParquetEncoder), the result after.
 */
interface Request {
  id: number;
  ipc: Uint8Array;
  settings: EncodeSettings;
}

const reply = (msg: WorkerReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(msg, transfer);

parentPort?.on('message', (req: Request) => {
  try {
    const bytes = encodeParquet(req.ipc, req.settings, () => reply({ id: req.id, took: true, ipc: req.ipc }, [req.ipc.buffer as ArrayBuffer]));
    // writeParquet returns a copy out of WASM memory, so its buffer is ours to transfer.
    reply({ id: req.id, ok: true, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    reply({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
