/**
 * One error hierarchy for every package. `code` is stable (tests and JSON output use it),
 * `retriable` tells a caller whether waiting and trying again can help, and `exitCode` is
 * what the CLI exits with when the error reaches the top.
 */
export type DlErrorCode =
  | 'CONFIG' // a bad flag, env value or config file: the user must change something
  | 'USAGE' // a command invoked in a way it cannot work (e.g. interactive without a TTY)
  | 'WIRE_FORMAT' // bytes that are not a Confluent-framed Avro value
  | 'SCHEMA' // a schema that cannot be parsed or mapped
  | 'VALIDATION' // a value that does not match its schema
  | 'REGISTRY_NOT_FOUND' // the registry answered 404: unknown id / subject / version
  | 'REGISTRY_UNAVAILABLE' // unreachable, 5xx or timeout: infrastructure, retry
  | 'REGISTRY_REJECTED' // the registry refused a request (4xx other than 404, e.g. incompatible)
  | 'KAFKA' // broker failure
  | 'KAFKA_AUTH' // authentication / authorization against the broker failed
  | 'LAKE_IO' // the data directory cannot be written or read
  | 'LAKE_CORRUPT' // a file in the lake cannot be parsed
  | 'NOT_FOUND' // a table, file or topic the user named does not exist
  | 'INTERNAL';

export interface DlErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  exitCode?: number;
  /**
   * The message names settings as `{key}` (their keys in core's configuration schema, e.g. `pass
   * another {partitionBy}`): `message` prints the keys, the cli prints their flags. Opt-in, since
   * other messages may hold braces of their own (a key template's `{i}`).
   */
  namesSettings?: boolean;
}

export class DlError extends Error {
  readonly code: DlErrorCode;
  readonly retriable: boolean;
  readonly exitCode: number;
  /** With `namesSettings`: the message as written, each setting as `{key}`, for the cli to name by flag. */
  readonly template?: string;

  constructor(code: DlErrorCode, message: string, options: DlErrorOptions = {}) {
    super(options.namesSettings ? nameSettings(message, (key) => key) : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DlError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.exitCode = options.exitCode ?? (code === 'CONFIG' || code === 'USAGE' ? 2 : 1);
    if (options.namesSettings) this.template = message;
  }
}

/** A bad flag, env value or config: one sentence naming the value and the fix; exit 2. */
export class ConfigError extends DlError {
  constructor(message: string, options: Omit<DlErrorOptions, 'exitCode'> = {}) {
    super('CONFIG', message, { ...options, exitCode: 2 });
    this.name = 'ConfigError';
  }
}

/** What an OptionError says, as data: the cli words it for the source the value came from. */
export interface OptionErrorDetail {
  /** The setting's key in core's configuration schema (`dataDir`, `columns`), never a flag name. */
  setting: string;
  /** When the value is a command's argument rather than the setting's (`"./lake" is a data directory, not a table`): the sentence's subject, as printed. */
  subject?: string;
  /** The offending value as it may be printed (credentials masked); absent when the value is not the point. */
  value?: string;
  /** Continues the sentence `<setting> "<value>" …`: what is wrong, with the numbers and names involved (`{key}` as in `fix`). */
  problem: string;
  /**
   * What to do. Another setting is written `{key}` (`pass {tableFormat} delta`): the cli prints its
   * flag, which is always a valid fix because flags win over every other source.
   */
  fix: string;
}

/**
 * A setting's value that the data refutes (a column the table lacks, a lake of the other table
 * format, a port in use). Libraries throw it knowing only the schema key; its message uses schema
 * keys, and the cli rewords it to name the flag, env variable or dl.yaml key the value came from.
 * Exit 2 unless `code` says otherwise (a data directory that does not exist stays NOT_FOUND).
 */
export class OptionError extends DlError {
  readonly detail: OptionErrorDetail;

  constructor(detail: OptionErrorDetail, options: { code?: 'CONFIG' | 'USAGE' | 'NOT_FOUND'; cause?: unknown } = {}) {
    const subject = detail.subject ?? (detail.value === undefined ? detail.setting : `${detail.setting} "${detail.value}"`);
    super(
      options.code ?? 'CONFIG',
      optionSentence(detail, subject, (key) => key),
      { cause: options.cause },
    );
    this.name = 'OptionError';
    this.detail = detail;
  }
}

/**
 * `<subject> <problem>; <fix>.`, each `{key}` of the fix named by `name`. The subject names the
 * setting and its value as the reader gave them (`--data-dir "x"`, `DL_DATA_DIR="x"`, `data-dir "x" in dl.yaml`).
 */
export function optionSentence(d: OptionErrorDetail, subject: string, name: (key: string) => string): string {
  return `${subject} ${nameSettings(d.problem, name)}; ${nameSettings(d.fix, name)}.`;
}

/** Each `{key}` of a text (a setting's schema key) as `name` names it; `{{` is a brace of the text (see `literal`). */
export function nameSettings(text: string, name: (key: string) => string): string {
  return text.replace(/\{\{|\{([A-Za-z][A-Za-z0-9]*)\}/g, (m, key: string | undefined) => (key === undefined ? '{' : name(key)));
}

/** Text from outside (a path, a value, another error's message) to put in a text that names settings: its braces stay braces. */
export function literal(text: string): string {
  return text.replace(/\{/g, '{{');
}

export function isDlError(e: unknown): e is DlError {
  return e instanceof DlError;
}

/** Message of an unknown thrown value, for logs and dead letters. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
