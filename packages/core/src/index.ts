export * from './errors.js';
export * from './wire-format.js';
export * from './lake-layout.js';
export * from './dead-letter.js';
