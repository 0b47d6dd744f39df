import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO } from './stack-env.js';

export interface DlRun {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `bin/dl` as a user would (the launcher itself, built dist), with the test's stack endpoints in env; in `cwd` (default the repository). */
export function startDl(args: string[], env: NodeJS.ProcessEnv = {}, cwd: string = REPO): DlRun {
  const child = spawn(path.join(REPO, 'bin/dl'), args, {
    cwd,
    // bin/dl execs the `node` on PATH: the one running the tests goes first, so both are the same Node.
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  // Decoded as a stream: a character split between two pipe reads must not become two U+FFFDs
  // (chunk by chunk, a seed of the value round trip lost a 3-byte character at a 64 KiB boundary).
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => stdout.push(d));
  child.stderr!.on('data', (d: string) => stderr.push(d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout, stderr, exited };
}

export async function runDl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = startDl(args, env);
  const { code } = await r.exited;
  return { code, stdout: r.stdout.join(''), stderr: r.stderr.join('') };
}
