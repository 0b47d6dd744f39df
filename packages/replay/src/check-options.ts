import { ConfigError, isTopicName, TOPIC_NAME_RULE } from '@dl/core';
import type { ReplayOptions } from './replay-options.js';

/**
 * Checks what an API caller may get wrong, in the options' own names (the cli checks its flags
 * before, with flag names, so its users never see these).
 */
export function checkReplayOptions(opts: ReplayOptions): void {
  if (opts.toTopic !== undefined && !isTopicName(opts.toTopic)) {
    throw new ConfigError(`toTopic "${opts.toTopic}" ${TOPIC_NAME_RULE}.`);
  }
  if (typeof opts.frameWith === 'number' && (!Number.isInteger(opts.frameWith) || opts.frameWith < 0 || opts.frameWith > 0x7fffffff)) {
    throw new ConfigError(`frameWith takes a schema id (0 to 2147483647) or "latest", got ${opts.frameWith}.`);
  }
  if (opts.fromOffset !== undefined && opts.toOffset !== undefined && opts.fromOffset > opts.toOffset) {
    throw new ConfigError(`fromOffset ${opts.fromOffset} is after toOffset ${opts.toOffset}; both are inclusive, so swap them.`);
  }
  if (opts.since && opts.until && opts.since.getTime() >= opts.until.getTime()) {
    throw new ConfigError(`since ${opts.since.toISOString()} is not before until ${opts.until.toISOString()}; until is exclusive.`);
  }
  if (opts.limit !== undefined && (!Number.isSafeInteger(opts.limit) || opts.limit < 1)) {
    throw new ConfigError(`limit takes a whole number of dead letters, 1 or more, got ${opts.limit}.`);
  }
}
