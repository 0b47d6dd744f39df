import { Worker } from 'node:worker_threads';
import { DlError } from '@dl/core';
import type { EncodeSettings } from './parquet-encode.js';

interface Job {
  id: number;
  makeIpc: () => Uint8Array;
  resolve: (bytes: Uint8Array) => void;
  reject: (e: Error) => void;
}

/** What the worker answers: `took` once a file's Arrow IPC is in WASM memory (the IPC comes back), then the result. */
export type WorkerReply =
  | { id: number; took: true; ipc: Uint8Array }
  | { id: number; took?: false; ok: true; bytes: Uint8Array }
  | { id: number; took?: false; ok: false; error: string };

/**
 * Sends Arrow IPC to the encoder worker and gets Parquet bytes back, one file at a time.
 *
 * A file's IPC stream (a copy of all its columns, ~12 MB for 50k orders) is made only when the
 * worker is ready to take it: when it has copied the file before into its WASM memory. So at
 * most one IPC stream waits at any time, instead of one per partition of the flush, and the
 * worker gives each stream back as soon as it is copied in: an ArrayBuffer that lived on in the
 * worker until the worker's next garbage collection (it makes little garbage, so that was
 * seconds) kept tens of MB of the main thread's malloc arena (bench:ingest's peak RSS).
 */
export class ParquetEncoder {
  private readonly worker: Worker;
  private readonly queue: Job[] = [];
  private readonly inWorker = new Map<number, Job>();
  /** A job whose IPC was posted and not yet taken into WASM memory: the next waits for it. */
  private posted: number | undefined;
  private nextId = 1;
  private dead: Error | undefined;

  constructor(private readonly settings: EncodeSettings) {
    // Tests run the sources (.ts); the worker always runs the built .js, with no inherited loader flags.
    const url = new URL(import.meta.url.endsWith('.ts') ? '../dist/parquet-worker.js' : './parquet-worker.js', import.meta.url);
    this.worker = new Worker(url, { execArgv: [] });
    this.worker.on('message', (msg: WorkerReply) => {
      if (msg.took) {
        if (this.posted === msg.id) this.posted = undefined;
        this.pump();
        return;
      }
      const job = this.inWorker.get(msg.id);
      if (!job) return;
      this.inWorker.delete(msg.id);
      if (this.posted === msg.id) this.posted = undefined;
      if (msg.ok) job.resolve(msg.bytes);
      else job.reject(new DlError('INTERNAL', `Parquet encoding failed: ${msg.error || 'unknown error'}`));
      this.pump();
      this.idleUnref();
    });
    const fail = (e: Error) => {
      this.dead ??= new DlError('INTERNAL', `the Parquet encoder stopped: ${e.message}`, { cause: e });
      for (const job of [...this.inWorker.values(), ...this.queue]) job.reject(this.dead);
      this.inWorker.clear();
      this.queue.length = 0;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    // Do not keep the process alive just for an idle encoder.
    this.worker.unref();
  }

  /** Encodes the file whose Arrow IPC stream `makeIpc` makes (called when the worker is ready for it). */
  encode(makeIpc: () => Uint8Array): Promise<Uint8Array> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, makeIpc, resolve, reject });
      this.worker.ref();
      this.pump();
    });
  }

  private pump(): void {
    while (this.posted === undefined && !this.dead) {
      const job = this.queue.shift();
      if (!job) return;
      try {
        const ipc = job.makeIpc();
        // postMessage throws on a shared buffer and silently drops a detached one: either would leave
        // `posted` set and stall every later file, so such a stream fails its own file only.
        if (ipc.buffer.byteLength === 0 || !(ipc.buffer instanceof ArrayBuffer)) {
          throw new DlError('INTERNAL', "a file's Arrow IPC stream was empty, detached or shared: it cannot be moved to the encoder");
        }
        this.inWorker.set(job.id, job);
        this.posted = job.id;
        this.worker.postMessage({ id: job.id, ipc, settings: this.settings }, [ipc.buffer]);
      } catch (e) {
        this.inWorker.delete(job.id);
        this.posted = undefined;
        job.reject(e instanceof Error ? e : new Error(String(e)));
        this.idleUnref();
      }
    }
  }

  private idleUnref(): void {
    if (this.inWorker.size === 0 && this.queue.length === 0) this.worker.unref();
  }

  async close(): Promise<void> {
    this.dead ??= new DlError('INTERNAL', 'the Parquet encoder was closed');
    await this.worker.terminate();
  }
}
