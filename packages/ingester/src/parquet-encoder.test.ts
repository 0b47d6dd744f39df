import { afterEach, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { ParquetFile } from 'parquet-wasm';
import { ParquetEncoder } from './parquet-encoder.js';

let encoder: ParquetEncoder | undefined;
afterEach(async () => {
  await encoder?.close();
  encoder = undefined;
});

async function rowsOf(bytes: Uint8Array): Promise<number> {
  const file = await ParquetFile.fromFile(new Blob([bytes]));
  return file.metadata().fileMetadata().numRows();
}

describe('ParquetEncoder (the real worker)', () => {
  it('makes each IPC stream only once the worker took the one before, and encodes every file', async () => {
    encoder = new ParquetEncoder({ compression: 'zstd', rowGroupSize: 1000 });
    const made: number[] = [];
    const job = (n: number) => () => {
      made.push(n);
      return tableToIPC(tableFromArrays({ x: Float64Array.from({ length: n }, (_, i) => i) }), 'stream');
    };
    const results = [encoder.encode(job(10)), encoder.encode(job(20)), encoder.encode(job(30))];
    // Three files queued at once: only the first stream exists until the worker has it in WASM memory.
    expect(made).toEqual([10]);
    const bytes = await Promise.all(results);
    expect(made).toEqual([10, 20, 30]);
    expect(await Promise.all(bytes.map(rowsOf))).toEqual([10, 20, 30]);
  });

  it('fails only the file whose stream could not be made, and one the worker cannot read', async () => {
    encoder = new ParquetEncoder({ compression: 'none', rowGroupSize: 1000 });
    const good = () => tableToIPC(tableFromArrays({ x: Float64Array.of(1, 2) }), 'stream');
    const results = await Promise.allSettled([
      encoder.encode(() => {
        throw new Error('no rows today');
      }),
      encoder.encode(() => Uint8Array.of(1, 2, 3, 4)),
      encoder.encode(good),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { message: 'no rows today' } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/^Parquet encoding failed: /) } });
    expect(results[2].status).toBe('fulfilled');
    expect(await rowsOf((results[2] as PromiseFulfilledResult<Uint8Array>).value)).toBe(2);
  });

  it('fails a stream it cannot hand to the worker (detached, shared) and goes on with the next', async () => {
    encoder = new ParquetEncoder({ compression: 'none', rowGroupSize: 1000 });
    const good = () => tableToIPC(tableFromArrays({ x: Float64Array.of(1, 2, 3) }), 'stream');
    const detached = () => {
      const ipc = good();
      structuredClone(ipc.buffer, { transfer: [ipc.buffer] });
      return ipc;
    };
    const shared = () => {
      const ipc = good();
      const out = new Uint8Array(new SharedArrayBuffer(ipc.byteLength));
      out.set(ipc);
      return out;
    };
    const results = await Promise.allSettled([encoder.encode(detached), encoder.encode(shared), encoder.encode(good)]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/detached/) } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/shared/) } });
    expect(results[2].status).toBe('fulfilled');
    expect(await rowsOf((results[2] as PromiseFulfilledResult<Uint8Array>).value)).toBe(3);
  });

  it('rejects every queued file when the worker dies, and every later one', async () => {
    encoder = new ParquetEncoder({ compression: 'zstd', rowGroupSize: 1000 });
    const big = () => tableToIPC(tableFromArrays({ x: Float64Array.from({ length: 200_000 }, (_, i) => i) }), 'stream');
    const queued = [encoder.encode(big), encoder.encode(big), encoder.encode(big)];
    await encoder.close();
    const results = await Promise.allSettled(queued);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await expect(encoder.encode(big)).rejects.toThrow(/closed/);
  });
});
