import { once } from 'node:events';
import { DEFAULT_DATA_DIR } from '@dl/core';
import { Dataset } from './dataset.js';
import { listDataFiles } from './list-data-files.js';
import { resolveTarget, type Target } from './resolve-target.js';
import { showCount } from './show-count.js';
import { showFiles } from './show-files.js';
import { showRows } from './show-rows.js';
import { showSchema } from './show-schema.js';
import type { ViewContext } from './view-context.js';
import type { ViewIo, ViewOptions, ViewResult } from './view-options.js';
import { viewSettings } from './view-settings.js';

/**
 * `dl view`: reads a lake table, a Parquet directory or a file and prints rows, its schema, its
 * row count or its files. Data goes to `io.stdout`, warnings to `io.stderr`; errors are thrown as
 * DlError (NOT_FOUND, LAKE_CORRUPT, CONFIG) for the cli to print.
 */
export async function view(opts: ViewOptions, io: ViewIo): Promise<ViewResult> {
  const settings = viewSettings(opts, io);
  const target = await resolveTarget(opts.target, opts.dataDir ?? DEFAULT_DATA_DIR);
  const files = target.missing ? [] : await listDataFiles(target.path, target.kind);
  const warn = (message: string) => {
    io.stderr.write(`dl: ${message}\n`);
  };
  if (files.length === 0 && !opts.count && !opts.files) warn(emptyMessage(target));
  const ds = new Dataset(files, { skipCorrupt: opts.skipCorrupt ?? false, warn });
  const ctx: ViewContext = {
    target,
    ds,
    settings,
    io,
    warn,
    async out(text) {
      if (text !== '' && !io.stdout.write(text)) await once(io.stdout, 'drain');
    },
  };
  try {
    if (opts.schema) return await showSchema(ctx);
    if (opts.count) return await showCount(ctx);
    if (opts.files) return await showFiles(ctx);
    return await showRows(ctx);
  } finally {
    ds.close();
  }
}

function emptyMessage(target: Target): string {
  if (target.missing) return `${target.label} does not exist yet: nothing has been written to it.`;
  return `No Parquet files under ${target.label} yet.`;
}
