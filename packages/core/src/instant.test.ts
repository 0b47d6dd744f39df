import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant } from './instant.js';

// Far from UTC, so that a time read as local time would be four hours off.
const tz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('parseInstant', () => {
  it('runs in a zone that is not UTC (or the test would prove nothing)', () => {
    expect(new Date(2024, 4, 1, 12).getTimezoneOffset()).toBe(240);
  });

  it('reads a time without a zone as UTC, with a T or with a space', () => {
    const noon = Date.UTC(2024, 4, 1, 12);
    expect(parseInstant('2024-05-01T12:00:00')).toBe(noon);
    expect(parseInstant('2024-05-01 12:00:00')).toBe(noon);
    expect(parseInstant('2024-05-01  12:00')).toBe(noon);
    expect(parseInstant(' 2024-05-01 12:00:00.250 ')).toBe(noon + 250);
    expect(parseInstant('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
  });

  it('keeps a zone that is given', () => {
    expect(parseInstant('2024-05-01 12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseInstant('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
  });

  it('is NaN for what is not a time', () => {
    expect(parseInstant('yesterday')).toBeNaN();
  });
});
