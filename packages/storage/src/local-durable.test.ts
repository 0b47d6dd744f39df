import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdirp } from './local-durable.js';

describe('mkdirp', () => {
  const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dl-mkdirp-'));

  it('creates every missing level, and accepts one that exists', async () => {
    const dir = path.join(tmp(), 'a', 'b', 'c');
    await mkdirp(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    await mkdirp(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  // Node's recursive mkdir never settles here (Linux procfs answers ENOENT for a new entry).
  it('rejects with ENOENT when the parent exists but cannot hold new directories (/proc)', async () => {
    await expect(mkdirp('/proc/dl-nope/lake')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects with ENOTDIR below a file and EEXIST on a file', async () => {
    const file = path.join(tmp(), 'f');
    writeFileSync(file, 'x');
    await expect(mkdirp(path.join(file, 'lake'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(mkdirp(file)).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
