export type { ObjectStore, ObjectInfo, ByteRange, ListOptions } from './object-store.js';
export { StorageError, isStorageError, type StorageErrorKind } from './storage-error.js';
export { DiskStore } from './disk-store.js';
