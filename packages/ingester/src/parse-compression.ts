import { ConfigError } from '@dl/core';
import { COMPRESSIONS, type ParquetCompression } from './parquet-encode.js';

export function parseCompression(text: string): ParquetCompression {
  if ((COMPRESSIONS as readonly string[]).includes(text)) return text as ParquetCompression;
  throw new ConfigError(`--compression "${text}" is not one of ${COMPRESSIONS.join(', ')}; e.g. --compression zstd.`);
}
