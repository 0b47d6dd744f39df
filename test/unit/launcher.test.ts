import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// bin/dl is a file sh runs first (to set glibc's mmap threshold before Node starts) and Node
// then runs as the launcher. A preloaded hook reports what the Node process was started with.
describe('bin/dl (the launcher)', () => {
  // A space in the directory: the hook's path must survive NODE_OPTIONS's quoting.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dl launcher-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hook = path.join(dir, 'report.cjs');
  writeFileSync(
    hook,
    `process.stderr.write('REPORT ' + JSON.stringify({ pid: process.pid, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, trim: process.env.MALLOC_TRIM_THRESHOLD_ ?? null, argv: process.argv.slice(2) }) + '\\n');`,
  );
  const run = (env: Record<string, string>, args: string[]) => {
    const r = spawnSync(path.join(repo, 'bin/dl'), args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require "${hook}"`, ...env } });
    const line = r.stderr.split('\n').find((l) => l.startsWith('REPORT '));
    type Report = { pid: number; mmap: string | null; trim: string | null; argv: string[] };
    return { code: r.status, pid: r.pid, out: r.stdout, err: r.stderr, report: line ? (JSON.parse(line.slice(7)) as Report) : undefined };
  };

  it('starts Node with a fixed malloc mmap threshold and passes every argument through unchanged', () => {
    const args = ['--version', 'two words', '$HOME', '"quoted"', "it's", '*', ''];
    const r = run({ MALLOC_MMAP_THRESHOLD_: '' }, args);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // One process: sh execs Node, so the pid the caller sees is Node's (signals reach it directly).
    expect(r.report).toEqual({ pid: r.pid, mmap: '131072', trim: '131072', argv: args });
  });

  it("passes Node's exit code through (a bad flag is exit code 2)", () => {
    const r = run({}, ['view', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.report?.pid).toBe(r.pid);
  });

  it('keeps a threshold the user set', () => {
    expect(run({ MALLOC_MMAP_THRESHOLD_: '65536' }, ['--version']).report?.mmap).toBe('65536');
  });

  it('runs the same through a symlink in another directory (ln -s bin/dl ~/.local/bin/dl)', () => {
    const link = path.join(dir, 'dl');
    symlinkSync(path.join(repo, 'bin/dl'), link);
    const r = spawnSync(link, ['--version'], { cwd: os.tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
