import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configurationTable } from '@dl/core/config';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

describe("the README's configuration table", () => {
  it('is the one the configuration schema generates', () => {
    const text = readFileSync(readme, 'utf8');
    const m = /<!-- settings:begin -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(text);
    expect(m, 'README.md needs the <!-- settings:begin --> / <!-- settings:end --> markers').not.toBeNull();
    // On a mismatch, paste the expected text between the markers.
    expect(m![1]).toBe(configurationTable());
  });
});
