import { describe, expect, it } from 'vitest';
import { fileKey, isFlagOnly, type SettingSpec } from './setting.js';
import { SETTINGS } from './settings.js';

const specs = Object.entries(SETTINGS as unknown as Record<string, SettingSpec<unknown>>);

describe('the schema says where each setting may come from', () => {
  it('a lasting setting has an env name; a per-run argument (flag only) has none', () => {
    const lastingWithout = specs.filter(([, s]) => !isFlagOnly(s) && s.env === undefined).map(([k]) => k);
    const flagOnlyWith = specs.filter(([, s]) => isFlagOnly(s) && s.env !== undefined).map(([k]) => k);
    expect(lastingWithout, "give these an env name, or mark them sources: 'flag'").toEqual([]);
    expect(flagOnlyWith).toEqual([]);
  });

  it('two settings share an env name only when they share a dl.yaml key (the same setting for two commands)', () => {
    const byEnv = new Map<string, Set<string>>();
    for (const [, s] of specs) if (s.env) byEnv.set(s.env, new Set([...(byEnv.get(s.env) ?? []), fileKey(s)]));
    const shared = [...byEnv].filter(([, keys]) => keys.size > 1).map(([env]) => env);
    expect(shared).toEqual([]);
  });
});
