import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './flow.js';

/**
 * A real, small filesystem for disk faults: tmpfs mounted on a fresh directory. Needs root (or
 * CAP_SYS_ADMIN); the sandbox the suite runs in has it. Remounting read-only or shrinking it gives
 * the ingester the same EROFS / ENOSPC a failing disk would, with no fault injection in dl itself.
 */
export interface Tmpfs {
  dir: string;
  /** `mount -o remount,<options>`; retried while the kernel says busy (a file open for writing). */
  remount(options: string): Promise<void>;
  unmount(): void;
}

export function mountTmpfs(size: string): Tmpfs {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-chaos-mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `The disk-fault scenarios mount a small tmpfs and need root (or CAP_SYS_ADMIN): ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? String(e)}`,
      { cause: e },
    );
  }
  return {
    dir,
    async remount(options) {
      for (let attempt = 0; ; attempt++) {
        try {
          execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
          return;
        } catch (e) {
          if (attempt >= 200)
            throw new Error(`mount -o remount,${options} ${dir} kept failing: ${(e as { stderr?: Buffer }).stderr?.toString().trim()}`, { cause: e });
          await sleep(10);
        }
      }
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
