export type { ObjectStore, ObjectInfo, ByteRange, ListOptions } from './object-store.js';
export { StorageError, isStorageError, type StorageErrorKind } from './storage-error.js';
export { LocalStore, compareKeys } from './local-store.js';
export { parseLakeLocation, type LakeLocation } from './parse-lake-location.js';
export { openStore, type S3Settings } from './open-store.js';
export { STALE_UPLOAD_MS } from './stale-upload-ms.js';
// The S3 backend is `@dl/storage/s3` (see s3.ts): importing it here would load the AWS SDK for local lakes too.
