import { maskUserInfo } from '../url-text.js';
import {
  bool,
  commaList,
  fileKey,
  flagName,
  isBooleanFlag,
  isFlagOnly,
  ORIGINS,
  SettingProblem,
  type CommandName,
  type Origin,
  type SettingSpec,
} from './setting.js';
import { settingSubject } from './setting-words.js';
import { SETTING_CHECKS } from './setting-checks.js';
import { SETTINGS, type SettingKey, type Settings } from './settings.js';

/** What the cli gathered; nothing here reads argv, env or files itself. */
export interface SettingSources {
  /** Given on the command line: text, a list (repeatable flags) or a boolean (`--once`, `--no-raw-value`). */
  flags: Partial<Record<SettingKey, string | string[] | boolean>>;
  env: Record<string, string | undefined>;
  /** A parsed config file (`dl.yaml`): top-level keys for every command, a section per command over them. */
  file?: { name: string; data: unknown };
  /** The running local stack's endpoints file: its name, and its string values by key. */
  stack?: { name: string; values: Record<string, string> };
}

export interface ResolvedSettings {
  command: CommandName;
  values: Settings;
  /** Where each of the command's given settings came from; absent: unset (its default, if any, applies). */
  origins: Partial<Record<SettingKey, Origin>>;
  /** Every problem, one sentence each naming the value and the fix; empty when all is well. */
  problems: string[];
  fileName?: string;
  stackName?: string;
}

type AnySpec = SettingSpec<unknown>;
const specs = SETTINGS as unknown as Record<SettingKey, AnySpec>;
const KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The settings a command takes, in schema order. */
export function settingsOf(command: CommandName): SettingKey[] {
  return KEYS.filter((k) => specs[k].commands.includes(command));
}

/** Flags > env > config file > local stack > defaults; an empty env value counts as unset. */
export function resolveSettings(command: CommandName, sources: SettingSources): ResolvedSettings {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const origins: Partial<Record<SettingKey, Origin>> = {};
  const fileValues = sources.file ? readFile(command, sources.file, problems) : new Map<string, unknown>();
  for (const key of KEYS) values[key] = specs[key].default;
  for (const key of settingsOf(command)) {
    const spec = specs[key];
    const found = pick(key, spec, sources, fileValues);
    if (!found) continue;
    try {
      values[key] = parseRaw(spec, found.raw);
      origins[key] = found.origin;
    } catch (e) {
      if (!(e instanceof SettingProblem)) throw e;
      problems.push(problemText(key, spec, found, e, sources));
    }
  }
  preferStronger(values, origins);
  const settings = values as Settings;
  for (const check of SETTING_CHECKS) {
    const p = check(settings, command, origins);
    if (p) problems.push(p);
  }
  return { command, values: settings, origins, problems, fileName: sources.file?.name, stackName: sources.stack?.name };
}

/**
 * `--topic` and `--topic-pattern` are alternatives: the one from the stronger source wins, so a
 * DL_TOPIC in the environment does not fight a `--topic-pattern` flag. From the same source both
 * are a problem (SETTING_CHECKS).
 */
function preferStronger(values: Record<string, unknown>, origins: Partial<Record<SettingKey, Origin>>): void {
  const a = origins.topics;
  const b = origins.topicPattern;
  if (a === undefined || b === undefined || a === b) return;
  const weaker: SettingKey = ORIGINS.indexOf(a) < ORIGINS.indexOf(b) ? 'topicPattern' : 'topics';
  values[weaker] = specs[weaker].default;
  delete origins[weaker];
}

interface Found {
  origin: Origin;
  raw: string | string[] | boolean;
}

function pick(key: SettingKey, spec: AnySpec, sources: SettingSources, fileValues: Map<string, unknown>): Found | undefined {
  const flag = sources.flags[key];
  if (flag !== undefined) return { origin: 'flag', raw: flag };
  if (isFlagOnly(spec)) return undefined;
  const env = spec.env === undefined ? undefined : sources.env[spec.env];
  if (env !== undefined && env.trim() !== '') return { origin: 'env', raw: spec.repeatable ? commaList(env) : env };
  const file = fileValues.get(fileKey(spec));
  if (file !== undefined && file !== null) return { origin: 'file', raw: fileText(spec, file) };
  const stack = spec.stack === undefined ? undefined : sources.stack?.values[spec.stack];
  if (stack) return { origin: 'stack', raw: stack };
  return undefined;
}

/** YAML gives numbers, booleans and lists: back to the text the parsers take. */
function fileText(spec: AnySpec, v: unknown): string | string[] {
  if (Array.isArray(v)) return spec.repeatable ? v.map((x) => String(x)) : v.map((x) => String(x)).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  return spec.repeatable ? commaList(s) : s;
}

function parseRaw(spec: AnySpec, raw: string | string[] | boolean): unknown {
  if (typeof raw === 'boolean') return raw;
  // A repeatable spec parses each item into a one-element list.
  if (Array.isArray(raw)) return spec.repeatable ? raw.flatMap((r) => parseOne(spec, r) as unknown[]) : parseOne(spec, raw.join(','));
  return parseOne(spec, raw);
}

function parseOne(spec: AnySpec, raw: string): unknown {
  return isBooleanFlag(spec) ? bool(raw) : spec.parse(raw);
}

function problemText(key: SettingKey, spec: AnySpec, found: Found, e: SettingProblem, sources: SettingSources): string {
  const raw = Array.isArray(found.raw) ? found.raw.join(',') : String(found.raw);
  const shown = spec.secret === 'all' || spec.secret === 'password' ? '***' : spec.secret === 'userinfo' ? maskUserInfo(raw) : raw;
  const subject = settingSubject(key, found.origin, shown, { fileName: sources.file?.name, stackName: sources.stack?.name });
  const ex = e.example ?? '…';
  switch (found.origin) {
    case 'flag':
      return `${subject} ${e.reason}; e.g. ${flagName(spec)} ${ex}.`;
    case 'env':
      return `${subject} ${e.reason}; e.g. ${spec.env}=${ex} (or unset it).`;
    case 'file':
      return `${subject} ${e.reason}; e.g. ${fileKey(spec)}: ${ex}.`;
    default:
      return `${subject} ${e.reason}; restart the local stack (pnpm stack:up) or pass ${flagName(spec)}.`;
  }
}

/** The file's values for one command (its section over the top level); unknown keys are problems. */
function readFile(command: CommandName, file: { name: string; data: unknown }, problems: string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (file.data === null || file.data === undefined) return out;
  if (!isMapping(file.data)) {
    problems.push(`${file.name} is not a mapping of settings; write one "name: value" per line, e.g. brokers: localhost:9092.`);
    return out;
  }
  const known = new Map<string, AnySpec[]>();
  for (const k of KEYS) known.set(fileKey(specs[k]), [...(known.get(fileKey(specs[k])) ?? []), specs[k]]);
  const take = (entries: Record<string, unknown>, where: string, section?: CommandName) => {
    for (const [name, v] of Object.entries(entries)) {
      if (section === undefined && (COMMAND_SECTIONS as readonly string[]).includes(name)) continue;
      const inScope = (known.get(name) ?? []).filter((s) => section === undefined || s.commands.includes(section));
      const lasting = inScope.filter((s) => !isFlagOnly(s));
      if (inScope.length === 0) {
        problems.push(`"${name}" in ${where} is not a setting${section ? ` of dl ${section}` : ''}; see dl config --help or the README's configuration table.`);
      } else if (lasting.length === 0) {
        problems.push(flagOnlyProblem(name, where, inScope));
      } else if (lasting.some((s) => s.commands.includes(command))) {
        out.set(name, v);
      }
    }
  };
  take(file.data, file.name);
  for (const section of COMMAND_SECTIONS) {
    const body = file.data[section];
    if (body === undefined || body === null) continue;
    if (!isMapping(body)) {
      problems.push(`"${section}" in ${file.name} is not a mapping; indent its settings under it, e.g. "${section}:" then "  data-dir: ./lake".`);
      continue;
    }
    // Every section is checked for unknown keys; only this command's is used.
    const mine = section === command;
    const before = new Map(out);
    take(body, `${file.name} (${section})`, section);
    if (!mine) {
      out.clear();
      for (const [k, v] of before) out.set(k, v);
    }
  }
  return out;
}

/** A per-run argument in the file: it would change every run behind the user's back, so it is refused, not ignored. */
function flagOnlyProblem(name: string, where: string, specsOf: AnySpec[]): string {
  const commands = [...new Set(specsOf.flatMap((s) => s.commands.filter((c) => c !== 'config')))];
  const flag = flagName(specsOf[0]!);
  return `"${name}" in ${where} is a per-run argument (${flag} of dl ${commands.join(', dl ')}), read from the command line only; remove it and pass ${flag} when you run the command.`;
}

const COMMAND_SECTIONS = ['produce', 'ingest', 'view', 'replay', 'demo'] as const;

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
