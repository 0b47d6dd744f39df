import type { Table } from 'apache-arrow';
import { DlError } from '@dl/core/errors';
import { displayPath } from './display-path.js';
import type { DataFile } from './list-data-files.js';
import type { ParquetSource } from './parquet-source.js';
import { readFooter, type Footer } from './read-footer.js';

export interface DatasetOptions {
  /** Skip unreadable files (reporting each through `warn`) instead of failing on the first. */
  skipCorrupt: boolean;
  warn: (message: string) => void;
}

/** Footers read at once by `footers()`. */
const FOOTER_READS_IN_FLIGHT = 16;

/**
 * The files of a table, opened on first use. With `skipCorrupt`, a file that fails to open or
 * read is reported once and from then on treated as absent.
 */
export class Dataset {
  readonly files: DataFile[];
  readonly skipped: string[] = [];
  private readonly opened = new Map<number, ParquetSource | undefined>();

  constructor(
    files: DataFile[],
    private readonly options: DatasetOptions,
  ) {
    this.files = files;
  }

  /** Partition keys of all files, in the order they first appear. */
  get partitionKeys(): string[] {
    const keys = new Set<string>();
    for (const f of this.files) for (const [k] of f.partitions) keys.add(k);
    return [...keys];
  }

  /** Sources opened so far, in file order. */
  get openedSources(): ParquetSource[] {
    return [...this.opened.entries()].sort(([a], [b]) => a - b).flatMap(([, s]) => (s ? [s] : []));
  }

  async open(index: number): Promise<ParquetSource | undefined> {
    if (this.opened.has(index)) return this.opened.get(index);
    let source: ParquetSource | undefined;
    try {
      // parquet-wasm and apache-arrow load on the first file opened, not with the viewer (--count never needs them).
      const { openParquetSource } = await import('./parquet-source.js');
      source = await openParquetSource(this.files[index]!);
    } catch (e) {
      this.fail(index, e);
    }
    this.opened.set(index, source);
    return source;
  }

  async openAll(): Promise<ParquetSource[]> {
    const out: ParquetSource[] = [];
    for (let i = 0; i < this.files.length; i++) {
      const s = await this.open(i);
      if (s) out.push(s);
    }
    return out;
  }

  /**
   * Row counts from every file's footer, without parquet-wasm (see read-footer.ts). A file whose
   * footer does not parse that way is opened as for reading, so a corrupt file fails (or, with
   * skipCorrupt, is skipped) with the same message as everywhere else.
   */
  async footers(): Promise<Footer[]> {
    // Read ahead in parallel (a lake's footers are many small reads, ranged GETs on S3); the
    // results are used in file order, so failures surface in the same order as with openAll.
    const parsed = await mapLimited(this.files, FOOTER_READS_IN_FLIGHT, (file, i) =>
      this.opened.has(i) ? undefined : readFooter(file).catch(() => undefined),
    );
    const out: Footer[] = [];
    for (let i = 0; i < this.files.length; i++) {
      const usable = this.opened.has(i) ? this.opened.get(i) : (parsed[i] ?? (await this.open(i)));
      if (usable) out.push(usable);
    }
    return out;
  }

  /** A row group read; undefined when the file turned out corrupt and is skipped. */
  async read(source: ParquetSource, rowGroup: number, columns: string[] | undefined, offset: number, limit: number): Promise<Table | undefined> {
    const index = this.files.indexOf(source.file);
    if (this.opened.get(index) !== source) return undefined;
    try {
      return await source.read(rowGroup, columns, offset, limit);
    } catch (e) {
      this.fail(index, e);
      source.close();
      this.opened.set(index, undefined);
      return undefined;
    }
  }

  close(): void {
    for (const s of this.opened.values()) s?.close();
    this.opened.clear();
  }

  private fail(index: number, e: unknown): void {
    if (!this.options.skipCorrupt || !(e instanceof DlError) || e.code !== 'LAKE_CORRUPT') throw e;
    this.skipped.push(displayPath(this.files[index]!.path));
    this.options.warn(`skipping a corrupt file: ${e.message}`);
  }
}

/** `f` over `items` with at most `limit` calls pending; results in item order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, f: (item: T, index: number) => Promise<R> | R): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
