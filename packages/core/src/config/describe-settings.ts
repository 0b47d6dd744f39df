import { maskUserInfo } from '../url-text.js';
import { fileKey, flagName, isFlagOnly, type Origin, type SettingSpec } from './setting.js';
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
  /** `all`: a lasting setting (flags, env, dl.yaml, the stack); `flag`: a per-run argument, from the command line only. */
  sources: 'all' | 'flag';
  /** As printed: secrets masked; absent when unset. */
  value?: string;
  origin?: Origin;
  /** `dl.yaml`, `.stack/endpoints.json`, the env name: where exactly. */
  from?: string;
}

/** The effective settings of a command and where each came from, secrets masked (for `dl config`); lasting ones first. */
export function describeSettings(resolved: ResolvedSettings): SettingLine[] {
  const lines: SettingLine[] = [];
  const keys = settingsOf(resolved.command);
  for (const key of [...keys.filter((k) => !isFlagOnly(specs[k])), ...keys.filter((k) => isFlagOnly(specs[k]))]) {
    const spec = specs[key];
    const origin = resolved.origins[key] ?? (spec.default === undefined ? undefined : 'default');
    const value = (resolved.values as Record<string, unknown>)[key];
    const line: SettingLine = {
      key,
      name: fileKey(spec),
      flag: flagName(spec),
      ...(spec.env ? { env: spec.env } : {}),
      sources: isFlagOnly(spec) ? 'flag' : 'all',
    };
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

/** `(env KAFKA_BROKERS; default: …)`, or `(per-run, flag only; …)`, after a flag's description in `--help`. */
export function helpText(spec: AnySpec): string {
  const from = isFlagOnly(spec) ? 'per-run, flag only' : spec.env ? `env ${spec.env}` : undefined;
  const extra = [from, defaultText(spec) === undefined ? undefined : `default: ${defaultText(spec)}`].filter(Boolean);
  return extra.length === 0 ? spec.description : `${spec.description} (${extra.join('; ')})`;
}

/**
 * The README's configuration table: one row per setting, lasting ones (flags, env, dl.yaml) first,
 * then the per-run arguments (flag only). A unit test keeps the README equal to this.
 */
export function configurationTable(): string {
  const rows = ['| flag | env | dl.yaml | default | commands | what |', '| --- | --- | --- | --- | --- | --- |'];
  const keys = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => !specs[k].hidden);
  for (const key of [...keys.filter((k) => !isFlagOnly(specs[k])), ...keys.filter((k) => isFlagOnly(specs[k]))]) {
    const spec = specs[key];
    const commands = spec.commands.filter((c) => c !== 'config').join(', ');
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    const env = isFlagOnly(spec) ? '—' : `\`${spec.env ?? ''}\``;
    const file = isFlagOnly(spec) ? 'per-run: flag only' : `\`${fileKey(spec)}\``;
    rows.push(`| \`${cell(spec.flag)}\` | ${env} | ${file} | ${cell(defaultText(spec) ?? 'none')} | ${commands} | ${cell(spec.description)} |`);
  }
  return rows.join('\n');
}
