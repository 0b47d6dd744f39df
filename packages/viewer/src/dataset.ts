import type { Table } from 'apache-arrow';
import { DlError } from '@dl/core';
import type { DataFile } from './list-data-files.js';
import { displayPath, openParquetSource, type ParquetSource } from './parquet-source.js';

export interface DatasetOptions {
  /** Skip unreadable files (reporting each through `warn`) instead of failing on the first. */
  skipCorrupt: boolean;
  warn: (message: string) => void;
}

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
