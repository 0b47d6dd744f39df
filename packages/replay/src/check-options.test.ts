import { describe, expect, it } from 'vitest';
import { checkReplayOptions } from './check-options.js';
import type { ReplayOptions } from './replay-options.js';

const base: ReplayOptions = {
  kafka: { brokers: ['b:1'], clientId: 'x' },
  registry: { url: 'http://r' },
  dataDir: '/tmp',
  readDeadLetters: async function* () {},
};

describe('replay options', () => {
  it('names the option, the value and the fix for each bad one (API callers: no flag names)', () => {
    const bad = (o: Partial<ReplayOptions>) => () => checkReplayOptions({ ...base, ...o });
    expect(bad({ toTopic: 'a/b' })).toThrow(`toTopic "a/b" is not a Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'.`);
    expect(bad({ fromOffset: 9n, toOffset: 3n })).toThrow('fromOffset 9 is after toOffset 3; both are inclusive, so swap them.');
    expect(bad({ since: new Date(5), until: new Date(5) })).toThrow('is not before until');
    expect(bad({ frameWith: -1 })).toThrow('frameWith takes a schema id (0 to 2147483647) or "latest", got -1.');
    expect(bad({ limit: 0 })).toThrow('limit takes a whole number of dead letters, 1 or more, got 0.');
    expect(bad({ toTopic: 'dev.orders-retry_1', fromOffset: 3n, toOffset: 3n, frameWith: 'latest' })).not.toThrow();
  });
});
