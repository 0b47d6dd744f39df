export type { ObjectStore, ObjectInfo, ByteRange, ListOptions } from './object-store.js';
export { StorageError, isStorageError, type StorageErrorKind } from './storage-error.js';
export { S3Store, openS3Store } from './s3-store.js';
export type { S3StoreOptions } from './s3-options.js';
export { checkConditionalWrites, PROBE_PREFIX } from './check-conditional-writes.js';
export { LocalStore, compareKeys } from './local-store.js';
export { parseLakeLocation, type LakeLocation } from './parse-lake-location.js';
export { openStore, type S3Settings } from './open-store.js';
