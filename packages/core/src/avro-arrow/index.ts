export * from './avro-to-arrow-schema.js';
export * from './column-plan.js';
export * from './describe-columns.js';
export * from './format-arrow-schema.js';
export * from './plan-to-field.js';
