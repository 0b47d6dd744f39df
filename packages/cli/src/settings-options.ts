import { Option, type Command } from 'commander';
import { flagName, helpText, isBooleanFlag, settingsOf, SETTINGS, type CommandName, type SettingKey, type SettingSpec } from '@dl/core/config';

const specs = SETTINGS as unknown as Record<SettingKey, SettingSpec<unknown>>;

/**
 * Declares a command's settings as flags, with help text and defaults from the schema. The flags
 * take text only: values are parsed later, all at once (see load-settings.ts), so commander
 * never stops at the first bad value and never fills in defaults itself.
 */
export function addSettings(cmd: Command, command: CommandName): Command {
  for (const key of settingsOf(command)) {
    const spec = specs[key];
    const o = new Option(spec.flag, helpText(spec));
    if (spec.repeatable) o.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    if (spec.hidden) o.hideHelp();
    cmd.addOption(o);
  }
  cmd.option('--config <file>', 'settings file (YAML; default: ./dl.yaml when it exists)');
  return cmd;
}

/** The settings given on this command line (not commander's implied defaults, e.g. true for --no-x). */
export function givenFlags(cmd: Command, command: CommandName): Partial<Record<SettingKey, string | string[] | boolean>> {
  const out: Partial<Record<SettingKey, string | string[] | boolean>> = {};
  const opts = cmd.opts<Record<string, unknown>>();
  for (const key of settingsOf(command)) {
    const spec = specs[key];
    const attr = attributeName(spec);
    if (cmd.getOptionValueSource(attr) !== 'cli') continue;
    const v = opts[attr];
    if (typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)) out[key] = v as string | string[] | boolean;
  }
  return out;
}

/** Commander's camelCase name for a flag: `--no-raw-value` → `rawValue`. */
function attributeName(spec: SettingSpec<unknown>): string {
  const name = flagName(spec).replace(/^--/, '');
  const base = isBooleanFlag(spec) ? name.replace(/^no-/, '') : name;
  return base.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}
