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
    `process.stderr.write('REPORT ' + JSON.stringify({ pid: process.pid, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, trim: process.env.MALLOC_TRIM_THRESHOLD_ ?? null, ca: process.env.NODE_EXTRA_CA_CERTS ?? null, argv: process.argv.slice(2), execArgv: process.execArgv }) + '\\n');`,
  );
  type Report = { pid: number; mmap: string | null; trim: string | null; ca: string | null; argv: string[]; execArgv: string[] };
  const run = (env: Record<string, string>, args: string[]) => {
    const r = spawnSync(path.join(repo, 'bin/dl'), args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '', NODE_OPTIONS: `--require "${hook}"`, ...env },
    });
    // One line per Node process that started (a view that runs itself again has two).
    const reports = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('REPORT '))
      .map((l) => JSON.parse(l.slice(7)) as Report);
    return { code: r.status, pid: r.pid, out: r.stdout, err: r.stderr, report: reports[0], reports };
  };

  it('starts Node with a fixed malloc mmap threshold and passes every argument through unchanged', () => {
    const args = ['--version', 'two words', '$HOME', '"quoted"', "it's", '*', ''];
    const r = run({ MALLOC_MMAP_THRESHOLD_: '' }, args);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // One process: sh execs Node, so the pid the caller sees is Node's (signals reach it directly).
    expect(r.report).toEqual({ pid: r.pid, mmap: '131072', trim: '131072', ca: '', argv: args, execArgv: [] });
  });

  it("sizes V8's helper pool to the cores for dl ingest, and only for it", () => {
    const r = run({}, ['ingest', '--help']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ pid: r.pid, argv: ['ingest', '--help'], execArgv: ['--v8-pool-size=0'] });
    expect(run({}, ['produce', '--help']).report?.execArgv).toEqual([]);
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

  // Node 20 loads NODE_EXTRA_CA_CERTS while it starts (~70 ms with the system bundle): bin/dl holds
  // it back from the commands that rarely need TLS, and only those (packages/cli/src/extra-ca-certs.ts).
  const ca = path.join(dir, 'no-such-ca.pem');
  it('starts `--version`, `--help` and a local `view` without NODE_EXTRA_CA_CERTS, and every other command with it', () => {
    for (const args of [['--version'], ['--help'], ['view', 'parquet', '--data-dir', dir]]) {
      const r = run({ NODE_EXTRA_CA_CERTS: ca }, args);
      expect(
        r.reports.map((x) => x.ca),
        args.join(' '),
      ).toEqual([null]);
      // Nor did Node try to load it (Node 20 warns at start-up about a file it cannot read).
      expect(r.err).not.toContain('Ignoring extra certs');
    }
    const other = run({ NODE_EXTRA_CA_CERTS: ca }, ['produce', '--no-such-flag']);
    expect(other.code).toBe(2);
    expect(other.reports.map((x) => x.ca)).toEqual([ca]);
  });

  it('runs a view that talks to the registry (--decode) or S3 again, with NODE_EXTRA_CA_CERTS, and passes its exit code through', () => {
    for (const args of [
      ['view', 'parquet', '--data-dir', dir, '--decode'],
      // Ends at once, for want of credentials (none in the environment, none under HOME).
      ['view', 'parquet', '--data-dir', 's3://no-such-bucket/lake', '--s3-endpoint', 'http://127.0.0.1:1'],
    ]) {
      const env = { HOME: dir, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '' };
      const without = run(env, args);
      const r = run({ ...env, NODE_EXTRA_CA_CERTS: ca }, args);
      expect(
        r.reports.map((x) => x.ca),
        args.join(' '),
      ).toEqual([null, ca]);
      expect(r.reports[1]!.argv).toEqual(args);
      expect(r.code).toBe(without.code);
      expect(r.out).toBe(without.out);
    }
  });
});
