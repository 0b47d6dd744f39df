import type { Dataset } from './dataset.js';
import type { Target } from './resolve-target.js';
import type { DecodeRaw, ViewFormat, ViewIo, WhereFilter } from './view-options.js';

/** ViewOptions with defaults applied and checked. */
export interface ViewSettings {
  format: ViewFormat;
  /** Infinity for "all rows". */
  limit: number;
  offset: number;
  tail: number | undefined;
  columns: string[] | undefined;
  where: WhereFilter[];
  decodeRaw: DecodeRaw | undefined;
  /** Terminal columns the table fits into. */
  width: number;
}

/** What each `show…` step gets: the resolved table, its files, the settings and the output. */
export interface ViewContext {
  target: Target;
  ds: Dataset;
  settings: ViewSettings;
  io: ViewIo;
  /** Writes to stdout, waiting when the reader is slower than us. */
  out(text: string): Promise<void>;
  warn(message: string): void;
}
