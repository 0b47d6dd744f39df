import type { DeadLetterClass } from '@dl/core';
import type { IngestSummary } from './ingest-options.js';

/** Counters shared by the progress line, metrics and the final summary. */
export class Stats {
  readonly startedAt = Date.now();
  records = 0;
  rows = 0;
  deadLetters = 0;
  readonly deadByClass = new Map<DeadLetterClass, number>();
  files = 0;
  bytesWritten = 0;
  commits = 0;
  conflicts = 0;
  readonly committed = new Map<string, bigint>();
  readonly lag = new Map<string, bigint>();
  lastFlushMs = 0;

  summary(): IngestSummary {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return {
      records: this.records,
      rows: this.rows,
      deadLetters: this.deadLetters,
      deadByClass: Object.fromEntries([...this.deadByClass].sort()),
      files: this.files,
      bytesWritten: this.bytesWritten,
      commits: this.commits,
      conflicts: this.conflicts,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: seconds > 0 ? Math.round(this.records / seconds) : 0,
      committed: Object.fromEntries([...this.committed].map(([k, v]) => [k, v.toString()]).sort()),
    };
  }
}
