import { describe, expect, it } from 'vitest';
import { checkReplayOptions, parseReplayTime } from './check-options.js';
import type { ReplayOptions } from './replay-options.js';

const base: ReplayOptions = { kafka: { brokers: ['b:1'], clientId: 'x' }, registry: { url: 'http://r' }, dataDir: '/tmp' };

describe('replay options', () => {
  it('reads times as UTC unless they say otherwise', () => {
    expect(parseReplayTime('--since', '2024-05-01').toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseReplayTime('--since', '2024-05-01T12:30:00').toISOString()).toBe('2024-05-01T12:30:00.000Z');
    expect(parseReplayTime('--until', '2024-05-01T12:30:00+02:00').toISOString()).toBe('2024-05-01T10:30:00.000Z');
    expect(() => parseReplayTime('--since', 'yesterday')).toThrow('--since takes an ISO-8601 time such as 2024-05-01 or 2024-05-01T12:00:00Z, got "yesterday".');
  });

  it('names the value and the fix for each bad option', () => {
    const bad = (o: Partial<ReplayOptions>) => () => checkReplayOptions({ ...base, ...o });
    expect(bad({ toTopic: 'a/b' })).toThrow(`--to-topic "a/b" is not a Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'.`);
    expect(bad({ fromOffset: 9n, toOffset: 3n })).toThrow('--from-offset 9 is after --to-offset 3; both are inclusive, so swap them.');
    expect(bad({ since: new Date(5), until: new Date(5) })).toThrow('is not before --until');
    expect(bad({ frameWith: -1 })).toThrow('--frame-with takes a schema id (0 to 2147483647) or "latest", got -1.');
    expect(bad({ limit: 0 })).toThrow('--limit takes a whole number of dead letters, 1 or more, got 0.');
    expect(bad({ toTopic: 'dev.orders-retry_1', fromOffset: 3n, toOffset: 3n, frameWith: 'latest' })).not.toThrow();
  });
});
