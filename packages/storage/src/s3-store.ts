import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import { abortStaleUploads } from './abort-stale-uploads.js';
import { checkConditionalWrites } from './check-conditional-writes.js';
import { multipartPut } from './multipart-put.js';
import type { ByteRange, ListOptions, ObjectInfo, ObjectStore } from './object-store.js';
import { isConditionalConflict, isPreconditionFailed, isSdkNotFound, sdkErrorName, toStorageError } from './s3-error.js';
import { makeS3Client, resolveS3Options, type ResolvedS3Options, type S3StoreOptions } from './s3-options.js';
import { StorageError } from './storage-error.js';

// 409 ConditionalRequestConflict (AWS, racing conditional writes): retried this often, with backoff.
const CONFLICT_RETRIES = 8;
// A multipart put whose upload vanished (NoSuchUpload) is started over this often.
const UPLOAD_ATTEMPTS = 3;

/** How many HTTP attempts the SDK made for the call that threw `e`. */
function sdkAttempts(e: unknown): number {
  return (e as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
}

function bytesOf(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** `ObjectStore` over one bucket and prefix of S3 or an S3-compatible server. */
export class S3Store implements ObjectStore {
  readonly kind = 's3' as const;
  readonly location: string;
  private readonly cfg: ResolvedS3Options;

  constructor(
    private readonly client: S3Client,
    opts: S3StoreOptions,
  ) {
    this.cfg = resolveS3Options(opts);
    this.location = `s3://${this.cfg.bucket}/${this.cfg.root.replace(/\/$/, '')}`;
  }

  private full(key: string): string {
    return this.cfg.root + key;
  }

  private fail(e: unknown, key: string): StorageError {
    return toStorageError(e, {
      bucket: this.cfg.bucket,
      endpoint: this.cfg.endpoint,
      key,
      where: `s3://${this.cfg.bucket}/${this.full(key)}`,
    });
  }

  /**
   * PUT with `If-None-Match: *`. When a PUT that created the object loses its response and the
   * SDK retries it, the retry gets 412 although this call created the object: after a 412 on a
   * second or later attempt, the stored object is read back and the answer is true when it holds
   * exactly our bytes (the rule in object-store.ts).
   */
  async putIfAbsent(key: string, body: Uint8Array | string): Promise<boolean> {
    const Body = bytesOf(body);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new PutObjectCommand({ Bucket: this.cfg.bucket, Key: this.full(key), Body, IfNoneMatch: '*' }));
        return true;
      } catch (e) {
        if (isPreconditionFailed(e)) return sdkAttempts(e) > 1 && (await this.holds(key, Body));
        if (isConditionalConflict(e) && attempt < CONFLICT_RETRIES) {
          await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random()));
          continue;
        }
        if (isConditionalConflict(e)) {
          throw new StorageError(
            'UNAVAILABLE',
            key,
            `Conditional writes on ${this.location}/${key} kept conflicting (HTTP 409) after ${CONFLICT_RETRIES + 1} attempts; retrying later may help.`,
            { cause: e },
          );
        }
        throw this.fail(e, key);
      }
    }
  }

  /** Whether `key` holds exactly `bytes`. */
  private async holds(key: string, bytes: Uint8Array): Promise<boolean> {
    const there = await this.get(key);
    return there !== undefined && Buffer.from(there).equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const bytes = bytesOf(body);
    for (let attempt = 1; ; attempt++) {
      try {
        if (bytes.length >= this.cfg.multipartThreshold) {
          await multipartPut({ client: this.client, bucket: this.cfg.bucket, key: this.full(key), body: bytes, partSize: this.cfg.partSize });
        } else {
          await this.client.send(new PutObjectCommand({ Bucket: this.cfg.bucket, Key: this.full(key), Body: bytes }));
        }
        return;
      } catch (e) {
        // NoSuchUpload: a CompleteMultipartUpload retried after it had succeeded, or an upload
        // aborted by someone's clean-up. A put overwrites, so uploading the whole object again is
        // always right.
        if (sdkErrorName(e) === 'NoSuchUpload' && attempt < UPLOAD_ATTEMPTS) continue;
        throw this.fail(e, key);
      }
    }
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    if (range && range.length <= 0) return (await this.head(key)) ? new Uint8Array(0) : undefined;
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.cfg.bucket,
          Key: this.full(key),
          Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined,
        }),
      );
      return res.Body ? await res.Body.transformToByteArray() : new Uint8Array(0);
    } catch (e) {
      if (isSdkNotFound(e)) return undefined;
      // A range that starts at or past the end: no bytes there (like pread at EOF).
      if ((e as { name?: string }).name === 'InvalidRange') return new Uint8Array(0);
      throw this.fail(e, key);
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.cfg.bucket, Key: this.full(key) }));
      return { key, size: res.ContentLength ?? 0, lastModified: res.LastModified ?? new Date(0) };
    } catch (e) {
      if (isSdkNotFound(e)) return undefined;
      throw this.fail(e, key);
    }
  }

  async *list(prefix: string, opts: ListOptions = {}): AsyncIterable<ObjectInfo> {
    const root = this.cfg.root;
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.cfg.bucket,
            Prefix: root + prefix,
            ContinuationToken: token,
            // StartAfter is ignored by S3 once a continuation token is given; pass it on the first page only.
            StartAfter: token === undefined && opts.startAfter !== undefined ? root + opts.startAfter : undefined,
          }),
        );
      } catch (e) {
        throw this.fail(e, prefix);
      }
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        yield { key: o.Key.slice(root.length), size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Single CopyObject: enough up to 5 GiB, far above the lake's files (multipart copy is not needed now). */
  async copy(from: string, to: string): Promise<void> {
    const source = `${this.cfg.bucket}/${this.full(from)}`.split('/').map(encodeURIComponent).join('/');
    try {
      await this.client.send(new CopyObjectCommand({ Bucket: this.cfg.bucket, Key: this.full(to), CopySource: source }));
    } catch (e) {
      throw this.fail(e, from);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: this.full(key) }));
    } catch (e) {
      if (isSdkNotFound(e)) return;
      throw this.fail(e, key);
    }
  }

  /**
   * Aborts incomplete multipart uploads under this store's prefix started more than
   * `olderThanMs` ago (crashed writers' leftovers). S3-only: the lake calls it at start-up when
   * the store has it. Returns how many were aborted.
   */
  async abortStaleUploads(olderThanMs: number): Promise<number> {
    try {
      return await abortStaleUploads({ client: this.client, bucket: this.cfg.bucket, prefix: this.cfg.root, olderThanMs });
    } catch (e) {
      throw this.fail(e, '');
    }
  }

  /** One ListObjectsV2 of at most one key: the bucket exists, the credentials may read, the server answers. */
  async probeRead(): Promise<void> {
    try {
      await this.client.send(new ListObjectsV2Command({ Bucket: this.cfg.bucket, Prefix: this.cfg.root, MaxKeys: 1 }));
    } catch (e) {
      throw this.fail(e, '');
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/**
 * Opens `s3://bucket/prefix` and checks, with a probe object under `_dl/`, that the server
 * honours conditional writes (see checkConditionalWrites; `access: 'read'` lists one key
 * instead); a missing bucket, missing or wrong credentials and an unreachable server fail here,
 * as StorageErrors with a sentence.
 */
export async function openS3Store(opts: S3StoreOptions): Promise<S3Store> {
  if (!opts.bucket) throw new StorageError('OTHER', '', 'An S3 store needs a bucket name (s3://bucket/prefix).');
  const store = new S3Store(makeS3Client(opts), opts);
  try {
    if (opts.access === 'read') await store.probeRead();
    else await checkConditionalWrites(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
