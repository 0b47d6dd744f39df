import { Writable } from 'node:stream';
import type { ViewIo } from '../../src/view-options.js';

/** A ViewIo whose stdout and stderr are strings, for assertions. */
export function captureIo(options: { columns?: number; isTTY?: boolean } = {}): ViewIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    isTTY: options.isTTY ?? false,
    ...(options.columns ? { columns: options.columns } : {}),
    out: () => out,
    err: () => err,
  };
}
