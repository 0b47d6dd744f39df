import { describe, expect, it } from 'vitest';
import { nameSettings } from '@dl/core/errors';
import { localStorageError } from './local-error.js';

describe('localStorageError', () => {
  it('names the data directory setting by its key; the cli words it as its flag', () => {
    const e = localStorageError('write', '/lake/x', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    expect(e.kind).toBe('ACCESS_DENIED');
    expect(e.message).toBe('Cannot write /lake/x: the data directory is not writable; fix its permissions or pass another dataDir.');
    expect(nameSettings(e.template!, (k) => (k === 'dataDir' ? '--data-dir' : k))).toBe(
      'Cannot write /lake/x: the data directory is not writable; fix its permissions or pass another --data-dir.',
    );
  });
  it('keeps braces in paths as they are, and errors without a hint as the system words them', () => {
    const ro = localStorageError('write', '/lake/{x}', Object.assign(new Error('EROFS'), { code: 'EROFS' }));
    expect(ro.message).toBe(
      'Cannot write /lake/{x}: the data directory is not writable (read-only filesystem); remount it read-write or pass another dataDir.',
    );
    const other = localStorageError('read', '/lake/{y}', Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    expect(other.message).toBe('Cannot read /lake/{y}: EIO: i/o error.');
    expect(other.template).toBeUndefined();
  });
});
