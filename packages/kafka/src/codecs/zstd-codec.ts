import { compress, init } from '@bokuweb/zstd-wasm';
import { decompress } from 'fzstd';

/**
 * zstd without a native build: @bokuweb/zstd-wasm (the reference C library compiled to WASM)
 * compresses; fzstd (pure JS) decompresses, because Java's streaming writer leaves the content size
 * out of the frame and zstd-wasm's one-shot decompressor then guesses a 1 MiB output buffer.
 */
let ready: Promise<void> | undefined;

export async function zstdCompress(input: Buffer): Promise<Buffer> {
  ready ??= init();
  await ready;
  const out = compress(input, 3);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function zstdDecompress(input: Buffer): Buffer {
  const out = decompress(input);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
