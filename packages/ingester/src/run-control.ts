/** How the stages of one run report that it must end: a fatal error, or --once targets reached. */
export class RunControl {
  /** Set once what is buffered can no longer be trusted; the run ends and exits non-zero. */
  fatal: Error | undefined;
  private onDone: (() => void) | undefined;
  private reportTimer: NodeJS.Timeout | undefined;

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
   * Stops the run as failed, keeping the first cause. The caller reports the cause once the run
   * has ended (the cli's one sentence); if the shutdown after it (stopping the consumer, the last
   * flush) takes longer than REPORT_AFTER_MS, the cause is logged then, so that a run that seems to
   * hang says why it is stopping without saying it twice when it does not.
   */
  fail(e: Error): void {
    if (this.fatal === undefined) {
      this.fatal = e;
      this.reportTimer = setTimeout(() => this.log('error', `stopping: ${this.describe(e)} (shutting down)`), RunControl.REPORT_AFTER_MS);
      this.reportTimer.unref();
    }
    this.done();
  }

  static readonly REPORT_AFTER_MS = 5000;

  /** The run has ended: its caller reports the cause from here on. */
  ended(): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
  }

  done(): void {
    this.onDone?.();
  }

  /** True when the loop must stop taking records: stopped by a signal, or failed. */
  get stopping(): boolean {
    return this.signal.aborted || this.fatal !== undefined;
  }
}
