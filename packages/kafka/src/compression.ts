import kafkajs from 'kafkajs';
import { KAFKA_COMPRESSIONS } from '@dl/core/config';

export const COMPRESSIONS = KAFKA_COMPRESSIONS;
export type CompressionName = (typeof COMPRESSIONS)[number];
/** kafkajs's numeric compression attribute. */
export type CompressionType = kafkajs.CompressionTypes;

const TYPES: Record<CompressionName, kafkajs.CompressionTypes> = {
  none: kafkajs.CompressionTypes.None,
  gzip: kafkajs.CompressionTypes.GZIP,
  snappy: kafkajs.CompressionTypes.Snappy,
  lz4: kafkajs.CompressionTypes.LZ4,
  zstd: kafkajs.CompressionTypes.ZSTD,
};

/** kafkajs's compression attribute for a codec name (all five work once `createKafka` ran). */
export function compressionType(name: CompressionName): kafkajs.CompressionTypes {
  return TYPES[name];
}
