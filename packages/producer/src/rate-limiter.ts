/** Spaces sends so that `count` messages are never ahead of `rate` per second since the start. */
export function rateLimiter(rate: number | undefined, signal?: AbortSignal): (sentSoFar: number) => Promise<void> {
  if (rate === undefined) return async () => {};
  const start = performance.now();
  return async (sentSoFar) => {
    const due = start + (sentSoFar / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 1 && !signal?.aborted) await new Promise((r) => setTimeout(r, wait));
  };
}
