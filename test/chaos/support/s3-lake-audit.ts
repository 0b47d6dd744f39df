import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitLogPrefix, parseCommitRecord, parseCommitRecordKey } from '@dl/core';
import { openStore, type ObjectStore } from '@dl/storage';
import type { S3TestServer } from '../../support/s3-env.js';

/** The lake's store, opened as `dl` opens it (with the server's test credentials). */
export function openS3Lake(server: S3TestServer, lake: string): Promise<ObjectStore> {
  return openStore(lake, {
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
  });
}

/** Per partition, the last offset the commit log of `topic` covers (-1: nothing yet), read from the store. */
export async function s3LakeEnds(store: ObjectStore, topic: string, partitions: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let p = 0; p < partitions; p++) {
    let last: string | undefined;
    for await (const o of store.list(commitLogPrefix(topic, p))) if (parseCommitRecordKey(o.key)) last = o.key;
    const bytes = last === undefined ? undefined : await store.get(last);
    out.set(p, bytes ? Number(parseCommitRecord(bytes).to) : -1);
  }
  return out;
}

/**
 * Copies every object of the lake into a fresh local directory, key for key, so the local audit
 * (chain, exactly-once, nothing uncommitted visible) reads exactly what the bucket holds.
 */
export async function mirrorLake(store: ObjectStore): Promise<{ dir: string; objects: number; bytes: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-s3-mirror-'));
  let objects = 0;
  let bytes = 0;
  for await (const o of store.list('')) {
    const body = await store.get(o.key);
    if (!body) continue; // deleted since it was listed (a staged file after its publish)
    const file = path.join(dir, ...o.key.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
    objects++;
    bytes += body.length;
  }
  return { dir, objects, bytes };
}
