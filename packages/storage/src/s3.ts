// The S3 backend, apart from the package's main entry: loading @aws-sdk/client-s3 costs ~140 ms,
// which a local `dl view` must not pay (openStore imports this only for s3:// locations).
export { S3Store, openS3Store } from './s3-store.js';
export type { S3StoreOptions } from './s3-options.js';
export { checkConditionalWrites, PROBE_PREFIX } from './check-conditional-writes.js';
