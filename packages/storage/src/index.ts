export type { ObjectStore, ObjectInfo, ByteRange, ListOptions } from './object-store.js';
export { StorageError, isStorageError, type StorageErrorKind } from './storage-error.js';
export { S3Store, openS3Store } from './s3-store.js';
export type { S3StoreOptions } from './s3-options.js';
export { checkConditionalWrites, PROBE_PREFIX } from './check-conditional-writes.js';
