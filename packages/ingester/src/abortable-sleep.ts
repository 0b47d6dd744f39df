/**
 * Resolves after `ms`, or at once when `signal` aborts (never rejects: the caller checks the
 * signal). Leaves no listener on the signal behind, however it ends: the retries call it in a
 * loop on one long-lived signal.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
