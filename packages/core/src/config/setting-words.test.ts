import { describe, expect, it } from 'vitest';
import { OptionError } from '../errors.js';
import { resolveSettings, type SettingSources } from './resolve-settings.js';
import { settingSubject, wordOption } from './setting-words.js';

/** What a library throws when the lake holds the other table format (see @dl/ingester's check-table-format.ts). */
const mismatch = new OptionError({
  setting: 'tableFormat',
  value: 'parquet',
  problem: 'does not match ./lake, which holds Delta tables',
  fix: 'pass {tableFormat} delta to add to them, or another {dataDir} for plain Parquet',
});

/** The sentence the cli prints for `mismatch` after resolving `dl ingest` from these sources. */
function worded(sources: Partial<SettingSources>, error: OptionError = mismatch): string {
  const r = resolveSettings('ingest', { flags: {}, env: {}, ...sources });
  expect(r.problems).toEqual([]);
  return wordOption(error.detail, r.origins, { fileName: r.fileName, stackName: r.stackName });
}

describe('wordOption: a library OptionError in the words of where the value came from', () => {
  it('names no flag in the library message itself, only schema keys', () => {
    expect(mismatch.message).toBe(
      'tableFormat "parquet" does not match ./lake, which holds Delta tables; pass tableFormat delta to add to them, or another dataDir for plain Parquet.',
    );
    expect(mismatch.exitCode).toBe(2);
  });

  it('a flag: names the flag', () => {
    expect(worded({ flags: { tableFormat: 'parquet' } })).toBe(
      '--table-format "parquet" does not match ./lake, which holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.',
    );
  });

  it('the environment: names the variable (the fix still names the flag, which wins over it)', () => {
    expect(worded({ env: { DL_TABLE_FORMAT: 'parquet' } })).toBe(
      'DL_TABLE_FORMAT="parquet" does not match ./lake, which holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.',
    );
  });

  it('dl.yaml: names the key and the file, top level or command section', () => {
    const expected =
      'table-format "parquet" in conf/dl.yaml does not match ./lake, which holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.';
    expect(worded({ file: { name: 'conf/dl.yaml', data: { 'table-format': 'parquet' } } })).toBe(expected);
    expect(worded({ file: { name: 'conf/dl.yaml', data: { ingest: { 'table-format': 'parquet' } } } })).toBe(expected);
  });

  it('the default: names the flag and says the value is the default', () => {
    expect(worded({})).toBe(
      '--table-format "parquet" (the default) does not match ./lake, which holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.',
    );
  });

  it('a value without a default nobody gave, and a subject that is an argument', () => {
    const port = new OptionError({ setting: 'metricsPort', value: '9464', problem: 'is a port already in use', fix: 'pass another {metricsPort}' });
    expect(worded({ env: { DL_METRICS_PORT: '9464' } }, port)).toBe('DL_METRICS_PORT="9464" is a port already in use; pass another --metrics-port.');
    const table = new OptionError({
      setting: 'dataDir',
      subject: '"./lake"',
      problem: 'is a data directory, not a table',
      fix: 'e.g. "dl view parquet {dataDir} ./lake"',
    });
    expect(worded({}, table)).toBe('"./lake" is a data directory, not a table; e.g. "dl view parquet --data-dir ./lake".');
  });

  it('a key outside the schema is named as it is', () => {
    expect(settingSubject('nope', 'flag', 'x')).toBe('nope "x"');
    expect(settingSubject('brokers', 'stack', 'h:1', { stackName: '.stack/endpoints.json' })).toBe('brokers "h:1" in .stack/endpoints.json');
  });
});
