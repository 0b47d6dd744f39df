import { describe, expect, it } from 'vitest';
import { KEY_FORMATS as SETTING_KEY_FORMATS } from '@dl/core/config';
import { KEY_FORMATS } from '@dl/ingester';

describe('--key-format', () => {
  it('offers exactly the key formats the ingester reads', () => {
    expect([...SETTING_KEY_FORMATS]).toEqual([...KEY_FORMATS]);
  });
});
