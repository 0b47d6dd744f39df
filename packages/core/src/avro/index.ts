export { BIGINT_LONG, LongVarintError, isLong, longVarint, readLongVarint } from './bigint-long.js';
export { avroType, avroTypeOptions } from './avro-type.js';
export { avroEnd, avroProblem } from './avro-bounds.js';
export { avroJsonText } from './avro-json-text.js';
