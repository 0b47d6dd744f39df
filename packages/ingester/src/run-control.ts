/** How the stages of one run report that it must end: a fatal error, or --once targets reached. */
export class RunControl {
  /** Set once what is buffered can no longer be trusted; the run ends and exits non-zero. */
  fatal: Error | undefined;
  private onDone: (() => void) | undefined;

  constructor(
    readonly signal: AbortSignal,
    readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
    /** An error in the caller's words (the cli names settings by flag); by default its message. */
    readonly describe: (e: Error) => string = (e) => e.message,
  ) {}

  /** Wired by ingest(): ending the run means aborting its main wait. */
  attach(onDone: () => void): void {
    this.onDone = onDone;
  }

  /**
   * Stops the run as failed, keeping the first cause. The cause is logged at once: the shutdown
   * after it (stopping the consumer, the last flush) can take long, and a run that seems to hang
   * must already say why it is stopping.
   */
  fail(e: Error): void {
    if (this.fatal === undefined) {
      this.fatal = e;
      this.log('error', `stopping: ${this.describe(e)}`);
    }
    this.done();
  }

  done(): void {
    this.onDone?.();
  }

  /** True when the loop must stop taking records: stopped by a signal, or failed. */
  get stopping(): boolean {
    return this.signal.aborted || this.fatal !== undefined;
  }
}
