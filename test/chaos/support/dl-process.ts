import { startDl, type DlRun } from '../../support/run-dl.js';
import { commitCount, lakeEnds } from './audit.js';
import { sleep } from './flow.js';

const running = new Set<DlRun>();

/** `bin/dl` with these arguments, remembered until it exits so a failed test leaves none behind. */
export function startTracked(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): DlRun {
  const run = startDl(args, env, cwd);
  running.add(run);
  void run.exited.then(() => running.delete(run));
  return run;
}

/** For afterEach: SIGKILLs whatever a (failed) test left running. */
export async function killLeftovers(): Promise<void> {
  const left = [...running];
  for (const run of left) run.child.kill('SIGKILL');
  await Promise.all(left.map((r) => r.exited));
}

/** `dl ingest` flags every chaos scenario shares: small flushes, so faults land in flushes and commits. */
export function ingestArgs(topic: string, lake: string, group: string, extra: string[] = []): string[] {
  return ['ingest', '--topic', topic, '--group', group, '--data-dir', lake, '--progress', 'json', '--session-timeout', '6', '--flush-interval', '1', ...extra];
}

/** Resolves when the process's stderr matches `re`; rejects on timeout or if it exits first. */
export function waitForStderr(run: DlRun, re: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (re.test(run.stderr.join(''))) {
        finish();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      finish();
      reject(new Error(`dl exited (${code ?? signal}) before printing ${re}:\n${tail(run)}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no ${re} on dl's stderr within ${ms} ms:\n${tail(run)}`));
    }, ms);
    const finish = () => {
      clearTimeout(timer);
      run.child.stderr!.off('data', check);
      run.child.off('exit', onExit);
    };
    run.child.stderr!.on('data', check);
    run.child.on('exit', onExit);
    if (run.child.exitCode !== null || run.child.signalCode !== null) onExit(run.child.exitCode, run.child.signalCode);
    else check();
  });
}

/**
 * Waits until the lake's commit log covers every offset below `ends` (the topic's high watermarks).
 * The lake is files, with no event to wait on: polled every 200 ms. Rejects early if one of `runs` dies.
 */
export async function waitForLake(lake: string, topic: string, ends: Map<number, number>, ms: number, runs: DlRun[] = []): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const have = lakeEnds(lake, topic);
    if ([...ends].every(([p, high]) => (have.get(p) ?? -1) >= high - 1)) return;
    const dead = runs.find((r) => r.child.exitCode !== null || r.child.signalCode !== null);
    if (dead) throw new Error(`dl ingest exited (${dead.child.exitCode ?? dead.child.signalCode}) before the lake caught up:\n${tail(dead)}`);
    if (Date.now() > until) {
      throw new Error(`the lake did not reach the topic's end within ${ms} ms: lake ${JSON.stringify([...have])}, topic ${JSON.stringify([...ends])}`);
    }
    await sleep(200);
  }
}

/** Resolves once the lake has at least `n` commits (polled: the lake has no events); rejects if `run` exits first. */
export async function waitForCommits(lake: string, n: number, run: DlRun, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (commitCount(lake) < n) {
    if (run.child.exitCode !== null || run.child.signalCode !== null)
      throw new Error(`dl ingest exited (${run.child.exitCode ?? run.child.signalCode}) before commit ${n}:\n${tail(run)}`);
    if (Date.now() > until) throw new Error(`fewer than ${n} commits after ${ms} ms:\n${tail(run)}`);
    await sleep(50);
  }
}

/** SIGTERM (a clean stop: the last flush is committed) and the exit code. */
export async function stopIngest(run: DlRun): Promise<number | null> {
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  return code;
}

/** The last lines of a run's stderr, for failure messages. */
export function tail(run: DlRun, lines = 25): string {
  return run.stderr.join('').split('\n').slice(-lines).join('\n');
}

/** A run's stderr without the periodic progress events: what it had to say about the fault. */
export function notes(run: DlRun, max = 12): string[] {
  const lines = run.stderr
    .join('')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{"event":"progress"'));
  return lines.length <= max ? lines : [...lines.slice(0, max / 2), `... ${lines.length - max} more ...`, ...lines.slice(-max / 2)];
}
