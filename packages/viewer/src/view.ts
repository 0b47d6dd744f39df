import { once } from 'node:events';
import path from 'node:path';
import { literal, OptionError } from '@dl/core/errors';
import { DEFAULT_DATA_DIR, DLQ_DIR } from '@dl/core/lake-layout';
import { openStore, type S3Settings } from '@dl/storage';
import { Dataset } from './dataset.js';
import { listTableFiles } from './list-table-files.js';
import { resolveTarget, type Target } from './resolve-target.js';
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
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
  const target = await resolveTarget(opts.target, dataDir, opts.s3 ?? {});
  try {
    return await viewTarget(opts, io, settings, dataDir, target);
  } finally {
    await target.store.close();
  }
}

async function viewTarget(opts: ViewOptions, io: ViewIo, settings: ReturnType<typeof viewSettings>, dataDir: string, target: Target): Promise<ViewResult> {
  const files = await listTableFiles(target);
  const warn = (message: string) => {
    io.stderr.write(`dl: ${message}\n`);
  };
  if (files.length === 0 && !opts.count && !opts.files) warn(emptyMessage(target));
  const dsOptions = { skipCorrupt: opts.skipCorrupt ?? false, warn };
  const ds = opts.replayed ? await replayDataset(opts.replayed, opts.target, target, opts.s3 ?? {}, files, dsOptions, warn) : new Dataset(files, dsOptions);
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
    // Each mode loads what it needs when it runs: --count and --files read footers only and never
    // load apache-arrow or parquet-wasm (~150 ms of a cold start, issue #13).
    if (opts.schema) return await (await import('./show-schema.js')).showSchema(ctx);
    if (opts.count) return await (await import('./show-count.js')).showCount(ctx);
    if (opts.files) return await (await import('./show-files.js')).showFiles(ctx);
    return await (await import('./show-rows.js')).showRows(ctx);
  } finally {
    ds.close();
  }
}

/**
 * The dead-letter table as the replay ledger says it stands. Only dead letters whose replay is
 * recorded as landed count as replayed; those of a replay interrupted before it recorded them
 * count once the next `dl replay` has reconciled it.
 */
async function replayDataset(
  mode: 'hide' | 'show',
  name: string,
  target: Target,
  s3: S3Settings,
  files: Awaited<ReturnType<typeof listTableFiles>>,
  dsOptions: ConstructorParameters<typeof Dataset>[1],
  warn: (message: string) => void,
): Promise<Dataset> {
  if (!target.isDlq || path.basename(target.path) !== DLQ_DIR) {
    const setting = mode === 'hide' ? 'hideReplayed' : 'showReplayed';
    throw new OptionError(
      { setting, problem: `works on the dead-letter table only, not on "${literal(name)}"`, fix: `view that table with it: dl view ${DLQ_DIR} {${setting}}` },
      { code: 'USAGE' },
    );
  }
  // The ledger sits beside the tables: in the lake's store, or beside a DLQ directory named by its path.
  const [{ readReplayLedger }, { ReplayDataset }] = await Promise.all([import('@dl/core'), import('./replay-dataset.js')]);
  const beside = target.table ? undefined : await openStore(parentLocation(target.path), s3, { access: 'read' });
  const ledger = await readReplayLedger(beside ?? target.store).finally(() => beside?.close());
  if (ledger.pending.length > 0) {
    warn(
      `${ledger.pending.length} interrupted replay(s) in ${ledger.dir} are not reconciled yet: their dead letters count as not replayed until the next dl replay finishes them.`,
    );
  }
  return new ReplayDataset(files, dsOptions, ledger.landed, mode);
}

function emptyMessage(target: Target): string {
  if (target.missing) return `${target.label} does not exist yet: nothing has been written to it.`;
  return `No Parquet files under ${target.label} yet.`;
}

/** The directory (or s3:// prefix) that holds `p`. */
function parentLocation(p: string): string {
  return p.startsWith('s3://') ? p.replace(/\/+$/, '').replace(/\/[^/]*$/, '') : path.dirname(p);
}
