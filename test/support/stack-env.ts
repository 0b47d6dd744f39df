import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The running local stack's endpoints (`pnpm stack:up`), or env overrides. */
export function stackEndpoints(): { brokers: string[]; registryUrl: string } {
  const file = path.join(process.env.DL_STACK_DIR ?? path.join(REPO, '.stack'), 'endpoints.json');
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { brokers: string; registryUrl: string }) : undefined;
  const brokers = process.env.KAFKA_BROKERS ?? fromFile?.brokers;
  const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? fromFile?.registryUrl;
  if (!brokers || !registryUrl) {
    throw new Error('Integration tests need the local stack: run `pnpm stack:up` first (or set KAFKA_BROKERS and SCHEMA_REGISTRY_URL).');
  }
  return { brokers: brokers.split(','), registryUrl };
}

export function uniqueTopic(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function tempLake(prefix = 'dl-lake-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const ORDER_SCHEMA = JSON.parse(readFileSync(path.join(REPO, 'packages/core/schemas/order.avsc'), 'utf8')) as Record<string, unknown>;
