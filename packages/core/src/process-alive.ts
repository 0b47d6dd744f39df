/**
 * Whether a process of this host still runs: staging directories and locks in the lake are named
 * after their writer's pid, and only a dead writer's may be cleaned up or taken over.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
