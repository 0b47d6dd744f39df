/**
 * The signal that ends the storage retries of one run. During start-up the caller's stop ends
 * them (Ctrl-C in a storage outage quits at once). Once records are consumed the caller's stop
 * means "drain": the final flush must still ride out a blip (an S3 503), so only `force` (a
 * second Ctrl-C) ends them then.
 */
export class RetryStop {
  private readonly controller = new AbortController();
  private draining = false;
  private readonly onStop = () => {
    if (!this.draining) this.controller.abort();
  };
  private readonly onForce = () => this.controller.abort();

  constructor(
    private readonly stop: AbortSignal,
    private readonly force?: AbortSignal,
  ) {
    if (stop.aborted || force?.aborted) this.controller.abort();
    stop.addEventListener('abort', this.onStop, { once: true });
    force?.addEventListener('abort', this.onForce, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Records are being consumed: from now on the caller's stop drains instead of ending the retries. */
  consuming(): void {
    this.draining = true;
  }

  /** Removes the listeners from the caller's signals. */
  dispose(): void {
    this.stop.removeEventListener('abort', this.onStop);
    this.force?.removeEventListener('abort', this.onForce);
  }
}
