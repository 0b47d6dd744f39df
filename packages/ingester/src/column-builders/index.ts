// Column builders: Arrow accumulation (one file per layout) apart from value coercion
// (value-coercion.ts). The ingester's row writer and the binary Avro decoder use these.
export type { ColumnBuilder } from './column-builder.js';
export { createBuilder } from './create-builder.js';
export { BigIntBuilder } from './bigint-builder.js';
export { BoolBuilder } from './bool-builder.js';
export { BytesBuilder } from './bytes-builder.js';
export { FixedBuilder } from './fixed-builder.js';
export { ListBuilder } from './list-builder.js';
export { MapBuilder } from './map-builder.js';
export { NullBuilder } from './null-builder.js';
export { NumberBuilder } from './number-builder.js';
export { StructBuilder } from './struct-builder.js';
