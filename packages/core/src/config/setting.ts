import { accessSync, constants, existsSync, statSync } from 'node:fs';

/** The commands that read settings; `config` prints them. */
export const COMMANDS = ['produce', 'ingest', 'view', 'replay', 'demo', 'tidy', 'config'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Where a value came from, in precedence order (the first wins). */
export const ORIGINS = ['flag', 'env', 'file', 'stack', 'default'] as const;
export type Origin = (typeof ORIGINS)[number];

/**
 * A value that does not parse. `reason` continues the sentence `<name> "<value>" …`, and `example`
 * is a value that would parse, so every message names the value and the fix.
 */
export class SettingProblem extends Error {
  constructor(
    readonly reason: string,
    readonly example?: string,
  ) {
    super(reason);
    this.name = 'SettingProblem';
  }
}

/**
 * One setting: the flag, env name and config-file key it is read from, its type (its parser), its
 * default. A lasting setting (how to connect, where the lake is, how to write it) is read from every
 * source and has an env name; a per-run argument (`sources: 'flag'`: what to print, how many to
 * send, `--once`) is read from the command line only, so a dl.yaml or an exported variable never
 * changes what one run does behind the user's back.
 */
export interface SettingSpec<T> {
  /** Commander-style flag: `--name <value>`, a boolean `--name`, or a negation `--no-name` (default true). */
  flag: string;
  /** Environment variable of a lasting setting (a unit test requires one); an empty value counts as unset. */
  env?: string;
  /** `'flag'`: a per-run argument, from the command line only (no env name, refused in dl.yaml); absent: every source. */
  sources?: 'flag';
  /** The commands that take it. */
  commands: readonly CommandName[];
  description: string;
  /** Not used to infer T (the parser is), so `'text'` stays a member of a choice, not a string. */
  default?: NoInfer<T>;
  /** Help and README text for the default when printing `default` is not enough. */
  defaultText?: string;
  /** Text (one flag value, env value or file value) → value; throws SettingProblem. */
  parse: (text: string) => T;
  /**
   * Repeatable flag collecting a list (declare with `repeated`): `parse` turns one item into a
   * one-element list; env and file values are comma-separated (or a YAML list).
   */
  repeatable?: boolean;
  /**
   * `all`: print as ***; `password`: print what precedes the first ':' and *** after; `userinfo`
   * (URL-valued settings): print with a URL's user info masked (`http://***@host`).
   */
  secret?: 'all' | 'password' | 'userinfo';
  /** Filled from this key of the running local stack's `.stack/endpoints.json` (e.g. `brokers`). */
  stack?: string;
  hidden?: boolean;
  /** How `dl config` prints the value; default String(), lists joined with ','. */
  show?: (value: T) => string;
}

/** A spec's value type, with `undefined` only when the spec has no default. */
export type ValueOf<S> = S extends SettingSpec<infer T> ? (S extends { default: unknown } ? T : T | undefined) : never;

/** Declares a setting (the identity, for type inference). */
export function setting<T>(spec: SettingSpec<T> & { default: unknown }): SettingSpec<T> & { default: T };
export function setting<T>(spec: SettingSpec<T>): SettingSpec<T>;
export function setting<T>(spec: SettingSpec<T>): SettingSpec<T> {
  return spec;
}

/** Declares a repeatable setting whose value is the list of every item given. */
export function repeated<E>(
  spec: Omit<SettingSpec<E[]>, 'parse' | 'repeatable'> & { each: (text: string) => E; default: unknown },
): SettingSpec<E[]> & { default: E[] };
export function repeated<E>(spec: Omit<SettingSpec<E[]>, 'parse' | 'repeatable'> & { each: (text: string) => E }): SettingSpec<E[]>;
export function repeated<E>(spec: Omit<SettingSpec<E[]>, 'parse' | 'repeatable'> & { each: (text: string) => E }): SettingSpec<E[]> {
  const { each, ...rest } = spec;
  return { ...rest, repeatable: true, parse: (s) => [each(s)] };
}

/** A per-run argument: read from the command line only. */
export function isFlagOnly(spec: SettingSpec<unknown>): boolean {
  return spec.sources === 'flag';
}

export function isBooleanFlag(spec: SettingSpec<unknown>): boolean {
  return !/[<[]/.test(spec.flag);
}

/** `--no-raw-value` → `raw-value`, `--data-dir <dir>` → `data-dir`: the config-file key. */
export function fileKey(spec: SettingSpec<unknown>): string {
  return spec.flag.split(/\s/)[0]!.replace(/^--(no-)?/, '');
}

/** `--data-dir <dir>` → `--data-dir`. */
export function flagName(spec: SettingSpec<unknown>): string {
  return spec.flag.split(/\s/)[0]!;
}

// ---- parsers: each returns the value or throws a SettingProblem that continues `<name> "<value>" …`

export const text = (s: string): string => s;

export function nonEmpty(example: string) {
  return (s: string): string => {
    if (s.trim() === '') throw new SettingProblem('is empty', example);
    return s;
  };
}

export function bool(s: string): boolean {
  const t = s.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(t)) return true;
  if (['false', '0', 'no', 'off'].includes(t)) return false;
  throw new SettingProblem('is not true or false', 'true');
}

export function int(min: number, max = Number.MAX_SAFE_INTEGER, example = String(min)) {
  return (s: string): number => {
    const t = s.trim();
    const n = Number(t);
    if (!/^-?\d+$/.test(t) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      throw new SettingProblem(`is not a whole number ${range}`, example);
    }
    return n;
  };
}

export function positiveNumber(example: string) {
  return (s: string): number => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n) || n <= 0) throw new SettingProblem('is not a number greater than 0', example);
    return n;
  };
}

export function choice<const C extends string>(choices: readonly C[], example: C = choices[0]!) {
  return (s: string): C => {
    const t = s.trim().toLowerCase();
    if ((choices as readonly string[]).includes(t)) return t as C;
    throw new SettingProblem(`is not one of ${choices.join(', ')}`, example);
  };
}

/** The path of a readable regular file (checked here, so a directory or an unreadable file is a bad value, not a crash later). */
export function existingFile(example: string) {
  return (s: string): string => {
    if (!existsSync(s)) throw new SettingProblem('does not exist: give the path of a file', example);
    if (!statSync(s).isFile()) throw new SettingProblem('is a directory, not a file: give the path of a file', example);
    try {
      accessSync(s, constants.R_OK);
    } catch (e) {
      throw new SettingProblem(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): give the path of a file dl may read`, example);
    }
    return s;
  };
}

/** `a,b, c` → `['a','b','c']`; empty items dropped. */
export function commaList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
