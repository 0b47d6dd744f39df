import kafkajs from 'kafkajs';
import { lz4Compress, lz4Decompress } from './lz4-codec.js';
import { snappyCompress, snappyDecompress } from './snappy-codec.js';
import { zstdCompress, zstdDecompress } from './zstd-codec.js';

const { CompressionCodecs, CompressionTypes } = kafkajs;

/** kafkajs hands a codec its encoder (whose `buffer` holds the records) to compress, and bytes to decompress. */
interface Encoder {
  buffer: Buffer;
}

let registered = false;

/** Teaches kafkajs (which only ships gzip) snappy, lz4 and zstd, for producing and consuming. Idempotent. */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = () => ({
    compress: async (encoder: Encoder) => snappyCompress(encoder.buffer),
    decompress: async (buffer: Buffer) => snappyDecompress(buffer),
  });
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: Encoder) => lz4Compress(encoder.buffer),
    decompress: async (buffer: Buffer) => lz4Decompress(buffer),
  });
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: (encoder: Encoder) => zstdCompress(encoder.buffer),
    decompress: async (buffer: Buffer) => zstdDecompress(buffer),
  });
}
