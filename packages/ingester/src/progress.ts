import type { Writable } from 'node:stream';
import type { Stats } from './stats.js';

/**
 * Progress on stderr: a live status line on a TTY, one JSON object per interval otherwise
 * (log collectors parse it), nothing with 'none'.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private lastRecords = 0;
  private lastAt = Date.now();

  constructor(
    private readonly mode: 'tty' | 'json' | 'none',
    private readonly stats: Stats,
    private readonly out: Writable,
  ) {}

  start(): void {
    if (this.mode === 'none') return;
    this.timer = setInterval(() => this.tick(), this.mode === 'tty' ? 500 : 5000);
    this.timer.unref();
  }

  private tick(): void {
    const s = this.stats;
    const now = Date.now();
    const rate = Math.round(((s.records - this.lastRecords) * 1000) / Math.max(1, now - this.lastAt));
    this.lastRecords = s.records;
    this.lastAt = now;
    let lag = 0n;
    for (const v of s.lag.values()) lag += v > 0n ? v : 0n;
    if (this.mode === 'json') {
      this.out.write(
        `${JSON.stringify({ event: 'progress', records: s.records, recordsPerSecond: rate, rows: s.rows, deadLetters: Object.fromEntries(s.deadByClass), files: s.files, lag: Number(lag) })}\n`,
      );
      return;
    }
    const dead = [...s.deadByClass].map(([c, n]) => `${c}=${n}`).join(' ');
    const line = `ingest: ${s.records} records (${rate}/s), ${s.rows} rows, ${s.deadLetters} dead${dead ? ` [${dead}]` : ''}, ${s.files} files, lag ${lag}`;
    this.out.write(`\r\x1b[2K${line}`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.mode === 'tty') this.out.write('\r\x1b[2K');
  }
}
