import { Worker } from 'node:worker_threads';
import { DlError } from '@dl/core';
import type { EncodeSettings } from './parquet-encode.js';

interface Pending {
  resolve: (bytes: Uint8Array) => void;
  reject: (e: Error) => void;
}

/** Sends Arrow IPC to the encoder worker and gets Parquet bytes back. */
export class ParquetEncoder {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | undefined;

  constructor(private readonly settings: EncodeSettings) {
    // Tests run the sources (.ts); the worker always runs the built .js, with no inherited loader flags.
    const url = new URL(import.meta.url.endsWith('.ts') ? '../dist/parquet-worker.js' : './parquet-worker.js', import.meta.url);
    this.worker = new Worker(url, { execArgv: [] });
    this.worker.on('message', (msg: { id: number; ok: boolean; bytes?: Uint8Array; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok && msg.bytes) p.resolve(msg.bytes);
      else p.reject(new DlError('INTERNAL', `Parquet encoding failed: ${msg.error ?? 'unknown error'}`));
    });
    const fail = (e: Error) => {
      this.dead ??= new DlError('INTERNAL', `the Parquet encoder stopped: ${e.message}`, { cause: e });
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    // Do not keep the process alive just for an idle encoder.
    this.worker.unref();
  }

  encode(ipc: Uint8Array): Promise<Uint8Array> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    const result = new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ipc, settings: this.settings }, [ipc.buffer as ArrayBuffer]);
    });
    return result.finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  async close(): Promise<void> {
    this.dead ??= new DlError('INTERNAL', 'the Parquet encoder was closed');
    await this.worker.terminate();
  }
}
