import { ConfigError } from '@dl/core/errors';
import type { ViewSettings } from './view-context.js';
import { VIEW_FORMATS, type ViewFormat, type ViewIo, type ViewOptions } from './view-options.js';

export const DEFAULT_LIMIT = 20;
/** Off a terminal there is no width to fit: this one reads well in logs and CI output. */
export const DEFAULT_WIDTH = 120;
const MIN_WIDTH = 20;

/**
 * Applies defaults and checks what an API caller may get wrong, in the options' own names (the cli
 * checks its flags first, so its users see flag names).
 */
export function viewSettings(opts: ViewOptions, io: ViewIo): ViewSettings {
  const format: ViewFormat = opts.format ?? 'table';
  if (!VIEW_FORMATS.includes(format)) throw new ConfigError(`format "${String(format)}" is not one of ${VIEW_FORMATS.join(', ')}.`);
  const limit = count('limit', opts.limit ?? DEFAULT_LIMIT);
  const modes = (['schema', 'count', 'files'] as const).filter((m) => opts[m]);
  if (modes.length > 1) throw new ConfigError(`${modes.join(' and ')} cannot be combined; pick one.`);
  for (const w of opts.where ?? []) {
    if (!w.column) throw new ConfigError(`where filter "${w.column}=${w.value}" has no column name; give { column, value }.`);
  }
  return {
    format,
    limit: limit === 0 ? Infinity : limit,
    offset: count('offset', opts.offset ?? 0),
    tail: opts.tail === undefined ? undefined : count('tail', opts.tail),
    columns: opts.columns && opts.columns.length > 0 ? [...new Set(opts.columns)] : undefined,
    where: opts.where ?? [],
    decodeRaw: opts.decodeRaw,
    width: Math.max(MIN_WIDTH, io.columns ?? DEFAULT_WIDTH),
  };
}

function count(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(`${name} takes a whole number of rows, 0 or more, got ${n}.`);
  return n;
}
