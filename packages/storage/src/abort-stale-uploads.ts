import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';

export interface AbortStaleUploadsArgs {
  client: S3Client;
  bucket: string;
  /** Only uploads whose key starts with this (the store's root). */
  prefix: string;
  /** Uploads initiated at least this long ago are aborted (0 = all). */
  olderThanMs: number;
  now?: Date;
}

/**
 * Aborts incomplete multipart uploads under `prefix` that were started more than
 * `olderThanMs` ago: the leftovers of writers that crashed mid-upload (their parts are
 * invisible but billed). Returns how many were aborted. A live writer's upload is younger than
 * the age the caller picks (the lake uses far more than one flush interval).
 */
export async function abortStaleUploads(args: AbortStaleUploadsArgs): Promise<number> {
  const cutoff = (args.now ?? new Date()).getTime() - args.olderThanMs;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  let aborted = 0;
  for (;;) {
    const page = await args.client.send(
      new ListMultipartUploadsCommand({
        Bucket: args.bucket,
        Prefix: args.prefix || undefined,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
      }),
    );
    for (const u of page.Uploads ?? []) {
      if (!u.Key || !u.UploadId) continue;
      if (u.Initiated && u.Initiated.getTime() > cutoff) continue;
      await args.client.send(new AbortMultipartUploadCommand({ Bucket: args.bucket, Key: u.Key, UploadId: u.UploadId })).catch((e: unknown) => {
        // Finished or aborted meanwhile by someone else: that is what we wanted.
        if ((e as { name?: string }).name !== 'NoSuchUpload') throw e;
      });
      aborted++;
    }
    if (!page.IsTruncated) return aborted;
    keyMarker = page.NextKeyMarker;
    uploadIdMarker = page.NextUploadIdMarker;
    if (!keyMarker && !uploadIdMarker) return aborted;
  }
}
