import { describe, expect, it } from 'vitest';
import { DlError, literal, OptionError } from '@dl/core/errors';
import { wordError } from './word-error.js';

describe('wordError: library errors in the words of the command line', () => {
  it('names by flag the settings a message names as {key}', () => {
    const e = new DlError('SCHEMA', 'Column "x" has type y, which a Delta table cannot hold; use {tableFormat} parquet for this topic.', {
      namesSettings: true,
    });
    expect(e.message).toBe('Column "x" has type y, which a Delta table cannot hold; use tableFormat parquet for this topic.');
    expect(wordError(e)).toBe('Column "x" has type y, which a Delta table cannot hold; use --table-format parquet for this topic.');
  });

  it('keeps the braces of quoted text, and of messages that name no setting', () => {
    const quoted = new DlError('VALIDATION', `line 1: ${literal('{count} {{x}')} is not an order; pass {skipInvalid} to go on.`, { namesSettings: true });
    expect(wordError(quoted)).toBe('line 1: {count} {{x} is not an order; pass --skip-invalid to go on.');
    expect(quoted.message).toBe('line 1: {count} {{x} is not an order; pass skipInvalid to go on.');
    const plain = new DlError('CONFIG', 'Key "{i}" is not JSON.');
    expect(wordError(plain)).toBe('Key "{i}" is not JSON.');
  });

  it('an OptionError before any settings were resolved: the flag, as for a default', () => {
    const e = new OptionError({ setting: 'metricsPort', value: '9464', problem: 'is a port already in use', fix: 'pass another {metricsPort}' });
    expect(wordError(e)).toBe('--metrics-port "9464" is a port already in use; pass another --metrics-port.');
  });
});
