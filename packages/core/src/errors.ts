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
}

export class DlError extends Error {
  readonly code: DlErrorCode;
  readonly retriable: boolean;
  readonly exitCode: number;

  constructor(code: DlErrorCode, message: string, options: DlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DlError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.exitCode = options.exitCode ?? (code === 'CONFIG' || code === 'USAGE' ? 2 : 1);
  }
}

/** A bad flag, env value or config: one sentence naming the value and the fix; exit 2. */
export class ConfigError extends DlError {
  constructor(message: string, options: Omit<DlErrorOptions, 'exitCode'> = {}) {
    super('CONFIG', message, { ...options, exitCode: 2 });
    this.name = 'ConfigError';
  }
}

export function isDlError(e: unknown): e is DlError {
  return e instanceof DlError;
}

/** Message of an unknown thrown value, for logs and dead letters. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
