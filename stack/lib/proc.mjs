// Process plumbing shared by the Kafka and registry components: detached JVMs
// tracked by pid files, port probing, log tails, and a state-dir lock.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Every JVM we start carries these two system properties, so a pid found in a
// pid file is only trusted if its command line still has them (pids get reused).
export function markerArgs(component, stateDir) {
  return [`-Ddl.stack.component=${component}`, `-Ddl.stack.dir=${stateDir}`];
}

/**
 * The JVM flags every component starts with: its heap, the serial GC (lowest footprint; pauses
 * don't matter on a test stack), headless, and the marker properties.
 */
export function jvmArgs(cfg, component, { heap, initialHeap = '32m' }) {
  return [`-Xmx${heap}`, `-Xms${initialHeap}`, '-XX:+UseSerialGC', '-Djava.awt.headless=true', ...markerArgs(component, cfg.stateDir)];
}

export function pidFile(cfg, component) {
  return join(cfg.stateDir, `${component}.pid`);
}

export function logFile(cfg, component) {
  return join(cfg.paths.logs, `${component}.log`);
}

function commandLineArgs(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    // No procfs (macOS): ask ps (splitting on spaces is good enough for our markers).
    const r = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim().split(/\s+/) : [];
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** The path with symlinks resolved, or as given when it does not exist (any more). */
function realPath(path) {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * True when a command line carries the markers of `component` in `stateDir`. The state dirs are
 * compared with symlinks resolved: a checkout whose `.stack` links to another's (git worktrees)
 * runs the same JVMs, and must not take them for strangers and drop their pid files.
 */
export function hasMarkers(args, component, stateDir) {
  const [componentMarker, dirMarker] = markerArgs(component, '');
  if (!args.includes(componentMarker)) return false;
  const want = realPath(stateDir);
  return args.some((a) => a.startsWith(dirMarker) && realPath(a.slice(dirMarker.length)) === want);
}

/** pid of our running component, or null (stale pid files are removed). */
export function runningPid(cfg, component) {
  const file = pidFile(cfg, component);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && hasMarkers(commandLineArgs(pid), component, cfg.stateDir)) return pid;
  rmSync(file, { force: true });
  return null;
}

/**
 * Start a long-running process detached from us (own process group, stdio to
 * the log file) so it outlives the CLI invocation. Returns the pid.
 */
export function spawnDetached(cfg, component, cmd, args, { cwd } = {}) {
  const log = logFile(cfg, component);
  mkdirSync(dirname(log), { recursive: true });
  rotateLog(log);
  const fd = openSync(log, 'a');
  writeFileSync(fd, `\n===== ${new Date().toISOString()} starting ${component}: ${cmd} ${args.join(' ')}\n`);
  let child;
  try {
    child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  // spawn reports a missing binary asynchronously; the caller's readiness wait
  // notices the dead pid, so just keep the error from crashing us.
  child.on('error', () => {});
  child.unref();
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  writeFileSync(pidFile(cfg, component), `${child.pid}\n`);
  return child.pid;
}

// Keep logs from growing without bound across many up/down cycles.
const MAX_LOG_BYTES = 20 * 1024 * 1024;
function rotateLog(file) {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
}

/** SIGTERM, wait up to graceMs, then SIGKILL. Resolves once the pid is gone. */
export async function stopPid(pid, graceMs = 20_000) {
  if (!isAlive(pid)) return 'not running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* raced with exit */
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(200);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* raced with exit */
  }
  while (isAlive(pid)) await sleep(100);
  return 'killed';
}

/** True if nothing listens on host:port (we try to bind it ourselves). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolvePromise) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolvePromise(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolvePromise(true)));
  });
}

export function tail(file, lines = 30) {
  try {
    const text = readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * Poll `probe` until it resolves truthy. Fails fast if the process died, and
 * after timeoutMs, or when shouldStop() says so ('aborted'). Returns null on
 * success or a reason string on failure.
 */
export async function waitUntil(probe, { pid, timeoutMs, intervalMs = 500, shouldStop = () => false }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (shouldStop()) return 'aborted';
    if (await probe().catch(() => false)) return null;
    if (pid && !isAlive(pid)) return 'process exited';
    if (Date.now() > deadline) return `not ready after ${Math.round(timeoutMs / 1000)} s`;
    await sleep(intervalMs);
  }
}

/**
 * Serialise mutating commands on one state dir (parallel test files may all
 * call up()). A lock held by a dead process is taken over. Not re-entrant:
 * only the public entry points in stack.mjs take it.
 */
export async function withLock(cfg, fn, waitMs = 300_000) {
  mkdirSync(cfg.stateDir, { recursive: true });
  const file = cfg.paths.lock;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(file, 'utf8').trim());
      } catch {
        /* just released */
      }
      if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`state dir ${cfg.stateDir} is locked by pid ${owner}`, { cause: e });
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
