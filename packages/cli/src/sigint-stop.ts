/**
 * Runs `work` with a signal that the first Ctrl-C aborts (the work stops gracefully and still
 * reports what it did); a second Ctrl-C gets Node's default and quits at once. An interrupted run
 * exits 130, as shells expect, because it did not do everything that was asked.
 */
export async function stopOnFirstSigint<T>(notice: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write(`\n${notice}\n`);
    controller.abort();
    process.off('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
    if (controller.signal.aborted) process.exitCode = 130;
  }
}
