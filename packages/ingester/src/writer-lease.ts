import os from 'node:os';
import { WRITERS_PREFIX, writerLeaseKey } from '@dl/core';
import type { ObjectStore } from '@dl/storage';

/** How long a lease holds without a refresh. Generous: a clock skew of minutes must not kill a live writer's staging. */
export const LEASE_TTL_MS = 5 * 60_000;
export const LEASE_REFRESH_MS = 30_000;

/**
 * `_dl/writers/<id>.json`, rewritten every `refreshMs` while the writer runs. Another writer
 * (on any machine) may delete the staging of a writer whose lease has not been refreshed for
 * `ttlMs`; that is how staging of crashed writers goes away without pids, which only mean
 * something on one host. Before each commit the writer makes sure its own lease is fresh, so it
 * never commits staged files that a clean-up may already consider abandoned.
 */
export class WriterLease {
  private lastRenewed = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: ObjectStore,
    readonly writerId: string,
    private readonly opts: { ttlMs?: number; refreshMs?: number; onRefreshError?: (e: unknown) => void } = {},
  ) {}

  get key(): string {
    return writerLeaseKey(this.writerId);
  }

  /** Writes the lease (also the first write of a run: it checks the lake is writable). */
  async renew(): Promise<void> {
    const started = Date.now();
    const body = { writer: this.writerId, host: os.hostname(), pid: process.pid, renewedAt: new Date(started).toISOString() };
    await this.store.put(this.key, `${JSON.stringify(body)}\n`);
    this.lastRenewed = started;
  }

  /** Starts refreshing in the background; a failed refresh is reported and retried on the next tick. */
  start(): void {
    this.timer ??= setInterval(() => {
      this.renew().catch((e: unknown) => this.opts.onRefreshError?.(e));
    }, this.opts.refreshMs ?? LEASE_REFRESH_MS);
    this.timer.unref();
  }

  /**
   * Renews now unless the last renewal is recent (well inside the TTL) and the lease is still in
   * the store: a peer's recovery deletes leases it considers expired.
   */
  async ensureFresh(): Promise<void> {
    const margin = (this.opts.ttlMs ?? LEASE_TTL_MS) / 3;
    const recent = Date.now() - this.lastRenewed <= margin;
    if (!recent || !(await this.store.head(this.key))) await this.renew();
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.store.delete(this.key);
  }
}

/** Writer ids whose lease was refreshed within `ttlMs` (by the store's clock of the write, against ours). */
export async function liveWriters(store: ObjectStore, ttlMs = LEASE_TTL_MS, now = Date.now()): Promise<{ live: Set<string>; expired: string[] }> {
  const live = new Set<string>();
  const expired: string[] = [];
  for await (const o of store.list(WRITERS_PREFIX)) {
    const m = /^([^/]+)\.json$/.exec(o.key.slice(WRITERS_PREFIX.length));
    if (!m) continue;
    if (now - o.lastModified.getTime() <= ttlMs) live.add(m[1]!);
    else expired.push(m[1]!);
  }
  return { live, expired };
}

/** Re-reads one writer's lease: true when it was refreshed within `ttlMs`. */
export async function leaseIsFresh(store: ObjectStore, writerId: string, ttlMs = LEASE_TTL_MS): Promise<boolean> {
  const info = await store.head(writerLeaseKey(writerId));
  return info !== undefined && Date.now() - info.lastModified.getTime() <= ttlMs;
}
