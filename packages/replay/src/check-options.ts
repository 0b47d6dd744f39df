import { ConfigError } from '@dl/core';
import { parseInstant } from '@dl/viewer';
import type { ReplayOptions } from './replay-options.js';

/** Kafka's rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** `--since` / `--until`: ISO-8601, UTC when no zone is given (as `dl view` prints and compares times). */
export function parseReplayTime(flag: string, text: string): Date {
  const ms = parseInstant(text);
  if (Number.isNaN(ms)) throw new ConfigError(`${flag} takes an ISO-8601 time such as 2024-05-01 or 2024-05-01T12:00:00Z, got "${text}".`);
  return new Date(ms);
}

/** Checks what the cli could not (API callers pass anything); every message names the value and the fix. */
export function checkReplayOptions(opts: ReplayOptions): void {
  if (opts.toTopic !== undefined && !TOPIC_NAME.test(opts.toTopic)) {
    throw new ConfigError(`--to-topic "${opts.toTopic}" is not a Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'.`);
  }
  if (typeof opts.frameWith === 'number' && (!Number.isInteger(opts.frameWith) || opts.frameWith < 0 || opts.frameWith > 0x7fffffff)) {
    throw new ConfigError(`--frame-with takes a schema id (0 to 2147483647) or "latest", got ${opts.frameWith}.`);
  }
  if (opts.fromOffset !== undefined && opts.toOffset !== undefined && opts.fromOffset > opts.toOffset) {
    throw new ConfigError(`--from-offset ${opts.fromOffset} is after --to-offset ${opts.toOffset}; both are inclusive, so swap them.`);
  }
  if (opts.since && opts.until && opts.since.getTime() >= opts.until.getTime()) {
    throw new ConfigError(`--since ${opts.since.toISOString()} is not before --until ${opts.until.toISOString()}; --until is exclusive.`);
  }
  if (opts.limit !== undefined && (!Number.isSafeInteger(opts.limit) || opts.limit < 1)) {
    throw new ConfigError(`--limit takes a whole number of dead letters, 1 or more, got ${opts.limit}.`);
  }
}
