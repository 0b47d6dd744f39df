// First, before any module below loads kafkajs: the producer's explicit call of the fast paths.
export { FAST_PATHS, fastPathWarning } from './fast-paths.js';
export { produce } from './produce.js';
export {
  BROKEN_KINDS,
  DEFAULT_KEY_TEMPLATE,
  DEFAULT_TOPIC,
  type BrokenKind,
  type ProduceIo,
  type ProduceOptions,
  type ProduceSummary,
} from './produce-options.js';
export { COMPRESSIONS, type CompressionName } from '@dl/kafka';
export { compileKeyTemplate, type KeyFn, type KeyContext } from './key-template.js';
export { valueFn, garbage, UNKNOWN_ID_START, WRONG_SCHEMA, WRONG_SCHEMA_SUBJECT, type ValueContext } from './broken-values.js';
export { ValueEncoder } from './value-encoder.js';
export { seedOrder, generatedOrder } from './order-drafts.js';
export { seededRandom, type Random } from './seeded-random.js';
export { parseOrderLines } from './read-orders.js';
export { localOrderType } from './schema-setup.js';
