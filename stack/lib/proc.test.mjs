import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { hasMarkers, markerArgs, pidFile, runningPid } from './proc.mjs';

let children = [];
let roots = [];
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  children = [];
  roots = [];
});

/** A real state dir, a symlink to it (a worktree's `.stack`), and a live process carrying the markers of `markedDir`. */
async function stackWithLink(markedDir = (dirs) => dirs.real) {
  const root = mkdtempSync(join(tmpdir(), 'dl-stack-proc-'));
  roots.push(root);
  const real = join(root, 'main', '.stack');
  mkdirSync(real, { recursive: true });
  const link = join(root, 'wt', '.stack');
  mkdirSync(join(root, 'wt'));
  symlinkSync(real, link);
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', '--', ...markerArgs('kafka', markedDir({ real, link, root }))], {
    stdio: 'ignore',
  });
  children.push(child);
  // Until the child has exec'd, its command line is still ours (no markers): wait for the exec.
  const marker = markerArgs('kafka', '')[0];
  for (let i = 0; i < 500 && !readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(marker); i++) await sleep(10);
  writeFileSync(join(real, 'kafka.pid'), `${child.pid}\n`);
  return { real, link, root, pid: child.pid };
}

describe('runningPid across a symlinked state dir', () => {
  it('a JVM started from the real dir is ours from the symlink too, and its pid file stays', async () => {
    const s = await stackWithLink();
    expect(runningPid({ stateDir: s.link }, 'kafka')).toBe(s.pid);
    expect(existsSync(pidFile({ stateDir: s.real }, 'kafka'))).toBe(true);
    expect(runningPid({ stateDir: s.real }, 'kafka')).toBe(s.pid);
  });

  it('a JVM started through the symlink is ours from the real dir', async () => {
    const s = await stackWithLink((d) => d.link);
    expect(runningPid({ stateDir: s.real }, 'kafka')).toBe(s.pid);
  });

  it('a live pid that carries another dir (or another component) is not ours: the stale pid file goes', async () => {
    const s = await stackWithLink((d) => join(d.root, 'elsewhere'));
    expect(runningPid({ stateDir: s.link }, 'kafka')).toBeNull();
    expect(existsSync(join(s.real, 'kafka.pid'))).toBe(false);
    expect(hasMarkers(markerArgs('registry', s.real), 'kafka', s.real)).toBe(false);
    expect(hasMarkers(markerArgs('kafka', s.real), 'kafka', s.link)).toBe(true);
  });
});
