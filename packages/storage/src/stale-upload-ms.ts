/**
 * Age past which an incomplete multipart upload counts as abandoned: a day, as common bucket
 * lifecycle rules use. Far above any live upload, and above the writer lease's TTL on purpose:
 * a writer stalled past its lease may still complete its upload.
 *
 * Its own module so that `@dl/storage`'s index does not load the AWS SDK (abort-stale-uploads.ts
 * imports it) for local lakes: that import cost `dl view` ~150 ms.
 */
export const STALE_UPLOAD_MS = 24 * 3_600_000;
