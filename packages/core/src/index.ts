export * from './errors.js';
export * from './wire-format.js';
export * from './lake-layout.js';
export * from './dead-letter.js';
export * from './avro-arrow/index.js';
export * from './registry/index.js';
export * from './order/index.js';
