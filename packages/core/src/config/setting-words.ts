import { optionSentence, type OptionErrorDetail } from '../errors.js';
import { fileKey, flagName, type Origin, type SettingSpec } from './setting.js';
import { SETTINGS, type SettingKey } from './settings.js';

const specs = SETTINGS as unknown as Record<string, SettingSpec<unknown> | undefined>;

/** Where the sentence's reader may look: the config file and the local stack's endpoints file, by name. */
export interface SourceNames {
  fileName?: string;
  stackName?: string;
}

/**
 * A setting and its value as the user gave them, to begin a sentence: `--data-dir "x"` (a flag, or
 * the default), `DL_DATA_DIR="x"`, `data-dir "x" in dl.yaml`, `brokers "x" in .stack/endpoints.json`.
 */
export function settingSubject(key: string, origin: Origin | undefined, value: string | undefined, names: SourceNames = {}): string {
  const spec = specs[key];
  const quoted = value === undefined ? '' : ` "${value}"`;
  if (!spec) return `${key}${quoted}`;
  switch (origin) {
    case 'env':
      return spec.env === undefined ? `${flagName(spec)}${quoted}` : value === undefined ? spec.env : `${spec.env}="${value}"`;
    case 'file':
      return `${fileKey(spec)}${quoted} in ${names.fileName ?? 'the config file'}`;
    case 'stack':
      return `${key}${quoted} in ${names.stackName ?? 'the local stack'}`;
    case 'default':
      return `${flagName(spec)}${quoted} (the default)`;
    default:
      return `${flagName(spec)}${quoted}`;
  }
}

/** A setting named in a fix: its flag, which wins over every other source, so passing it always works. */
export function settingFlag(key: string): string {
  const spec = specs[key];
  return spec ? flagName(spec) : key;
}

/** An OptionError's detail as one sentence in the user's terms: the setting named by where its value came from. */
export function wordOption(detail: OptionErrorDetail, origins: Partial<Record<SettingKey, Origin>>, names: SourceNames = {}): string {
  const key = detail.setting;
  const spec = specs[key];
  const origin = origins[key as SettingKey] ?? (spec?.default === undefined ? undefined : 'default');
  return optionSentence(detail, detail.subject ?? settingSubject(key, origin, detail.value, names), settingFlag);
}
