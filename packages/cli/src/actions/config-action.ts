import { describeSettings, type ResolvedSettings } from '@dl/core/config';

/**
 * Prints each setting, its value (secrets masked) and its source; the per-run arguments last, marked
 * as flag only (dl.yaml and env never set them); json: one document on stdout.
 */
export function printConfig(resolved: ResolvedSettings, format: 'text' | 'json'): void {
  const lines = describeSettings(resolved);
  if (format === 'json') {
    const settings = Object.fromEntries(
      lines.map((l) => [
        l.name,
        {
          value: l.value ?? null,
          source: l.origin ?? null,
          ...(l.from ? { from: l.from } : {}),
          flag: l.flag,
          ...(l.env ? { env: l.env } : {}),
          sources: l.sources === 'flag' ? 'flag' : 'flag, env, dl.yaml',
        },
      ]),
    );
    process.stdout.write(`${JSON.stringify({ command: resolved.command, settings }, null, 2)}\n`);
    return;
  }
  const width = Math.max(...lines.map((l) => l.name.length));
  const valueWidth = Math.min(40, Math.max(...lines.map((l) => (l.value ?? '(unset)').length)));
  for (const l of lines) {
    const source = [l.origin ? `${l.origin}${l.from ? ` (${l.from})` : ''}` : '', l.sources === 'flag' ? '[per-run: flag only]' : ''].filter(Boolean).join(' ');
    process.stdout.write(`${l.name.padEnd(width)}  ${(l.value ?? '(unset)').padEnd(valueWidth)}  ${source}`.trimEnd() + '\n');
  }
}
