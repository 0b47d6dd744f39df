import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface MultipartPutArgs {
  client: S3Client;
  bucket: string;
  /** The full object key (with the store's prefix). */
  key: string;
  body: Uint8Array;
  partSize: number;
  /** Parts in flight at once. */
  concurrency?: number;
  /** Test hook: runs after the parts are uploaded and before completion; a throw aborts the upload. */
  beforeComplete?: (uploadId: string) => Promise<void>;
}

/**
 * Uploads `body` in parts; the object becomes visible only when CompleteMultipartUpload
 * succeeds, whole. Any failure aborts the upload (best effort: if the abort itself fails, the
 * start-up cleanup `abortStaleUploads` removes it later) and rethrows the original error.
 */
export async function multipartPut(args: MultipartPutArgs): Promise<void> {
  const { client, bucket, key, body, partSize } = args;
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`CreateMultipartUpload for ${key} returned no UploadId`);
  try {
    const count = Math.ceil(body.length / partSize);
    const parts: CompletedPart[] = new Array<CompletedPart>(count);
    let next = 0;
    let failed = false; // once one part fails, the other workers stop taking parts
    const worker = async (): Promise<void> => {
      while (!failed && next < count) {
        const i = next++;
        const chunk = body.subarray(i * partSize, Math.min(body.length, (i + 1) * partSize));
        const res = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: i + 1,
            Body: chunk,
            ContentLength: chunk.length,
          }),
        );
        parts[i] = { PartNumber: i + 1, ETag: res.ETag };
      }
    };
    const guarded = (): Promise<void> =>
      worker().catch((e: unknown) => {
        failed = true;
        throw e;
      });
    // allSettled, not all: the abort below must not race with parts still in flight.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(args.concurrency ?? 4, count) }, guarded));
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    await args.beforeComplete?.(uploadId);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (e) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    throw e;
  }
}
