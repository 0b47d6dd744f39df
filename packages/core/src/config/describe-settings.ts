import { maskUserInfo } from '../url-text.js';
import { fileKey, flagName, type Origin, type SettingSpec } from './setting.js';
import { settingsOf, type ResolvedSettings } from './resolve-settings.js';
import { SETTINGS, type SettingKey } from './settings.js';

type AnySpec = SettingSpec<unknown>;
const specs = SETTINGS as unknown as Record<SettingKey, AnySpec>;

export interface SettingLine {
  key: SettingKey;
  /** The config-file key (the flag without dashes). */
  name: string;
  flag: string;
  env?: string;
  /** As printed: secrets masked; absent when unset. */
  value?: string;
  origin?: Origin;
  /** `dl.yaml`, `.stack/endpoints.json`, the env name: where exactly. */
  from?: string;
}

/** The effective settings of a command and where each came from, secrets masked (for `dl config`). */
export function describeSettings(resolved: ResolvedSettings, options: { perRun?: boolean } = {}): SettingLine[] {
  const lines: SettingLine[] = [];
  for (const key of settingsOf(resolved.command)) {
    const spec = specs[key];
    if (spec.perRun && !options.perRun) continue;
    const origin = resolved.origins[key] ?? (spec.default === undefined ? undefined : 'default');
    const value = (resolved.values as Record<string, unknown>)[key];
    const line: SettingLine = { key, name: fileKey(spec), flag: flagName(spec), ...(spec.env ? { env: spec.env } : {}) };
    if (value !== undefined) line.value = showValue(spec, value);
    if (origin) {
      line.origin = origin;
      const from = origin === 'env' ? spec.env : origin === 'file' ? resolved.fileName : origin === 'stack' ? resolved.stackName : undefined;
      if (from) line.from = from;
    }
    lines.push(line);
  }
  return lines;
}

export function showValue(spec: AnySpec, value: unknown): string {
  const shown = spec.show ? spec.show(value) : Array.isArray(value) ? value.map(String).join(',') : String(value);
  if (spec.secret === 'all') return '***';
  if (spec.secret === 'userinfo') return maskUserInfo(shown);
  if (spec.secret === 'password') {
    const i = shown.indexOf(':');
    return i < 0 ? '***' : `${shown.slice(0, i)}:***`;
  }
  return shown;
}

/** The default as help and the README print it. */
export function defaultText(spec: AnySpec): string | undefined {
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (spec.default === undefined) return undefined;
  return showValue(spec, spec.default);
}

/** `(env KAFKA_BROKERS; default: …)` after a flag's description in `--help`. */
export function helpText(spec: AnySpec): string {
  const extra = [spec.env ? `env ${spec.env}` : undefined, defaultText(spec) === undefined ? undefined : `default: ${defaultText(spec)}`].filter(Boolean);
  return extra.length === 0 ? spec.description : `${spec.description} (${extra.join('; ')})`;
}

/**
 * The README's configuration table: one row per setting that may come from env or dl.yaml (per-run
 * arguments are in each command's --help). A unit test keeps the README equal to this.
 */
export function configurationTable(): string {
  const rows = ['| flag | env | dl.yaml | default | commands | what |', '| --- | --- | --- | --- | --- | --- |'];
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const spec = specs[key];
    if (spec.perRun || spec.hidden) continue;
    const commands = spec.commands.filter((c) => c !== 'config').join(', ');
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    rows.push(
      `| \`${cell(spec.flag)}\` | ${spec.env ? `\`${spec.env}\`` : ''} | \`${fileKey(spec)}\` | ${cell(defaultText(spec) ?? 'none')} | ${commands} | ${cell(spec.description)} |`,
    );
  }
  return rows.join('\n');
}
