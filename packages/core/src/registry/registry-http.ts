import { DlError, literal } from '../errors.js';

/** Where the registry is and how to reach it. */
export interface RegistryHttpOptions {
  /** API root, e.g. `http://localhost:8081` or Apicurio's `http://host:8080/apis/ccompat/v7`. */
  url: string;
  auth?: { username: string; password: string };
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** What the request was about, so an error can name it ("schema id 7", "subject dev.orders-value"). */
export interface RequestSubject {
  what: string;
  /** Which kinds of 404 mean "this thing does not exist" (Confluent error codes 40401/40402/40403). */
  notFound: string;
}

export type RegistryRequest = (method: 'GET' | 'POST', path: string, about: RequestSubject, body?: unknown) => Promise<unknown>;

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
/** Names the setting as {registryUrl}: the cli says --registry-url (see DlError's namesSettings). */
const STACK_HINT = 'is it running? Start the local stack with `pnpm stack:up` or pass {registryUrl}.';

/**
 * One JSON request per call, no hidden retries: the caller decides from `retriable` whether waiting helps.
 * Uses the runtime's fetch rather than the confluent-schema-registry client because that client reports a
 * refused connection as an HTTP 400, lacks the subject/version listing endpoints, and rewrites a subject's
 * compatibility setting on first registration.
 */
export function registryHttp(options: RegistryHttpOptions): { request: RegistryRequest; displayUrl: string } {
  const { base, displayUrl, auth } = splitCredentials(options.url, options.auth);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;

  const request: RegistryRequest = async (method, path, about, body) => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': CONTENT_TYPE },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw unreachable(e, displayUrl, about, timeoutMs);
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // CONFIG, not REGISTRY_REJECTED: the ingester dead-letters a record whose schema the
        // registry rejects, and a wrong URL must not do that to every record (see notARegistry).
        throw new DlError(
          'CONFIG',
          `Schema registry at ${literal(displayUrl)} answered ${literal(about.what)} with something that is not JSON: is {registryUrl} the registry's API root?`,
          { namesSettings: true },
        );
      }
    }
    throw statusError(res.status, text, displayUrl, about, auth !== undefined);
  };
  return { request, displayUrl };
}

/** Credentials in the URL move to the auth header and never appear in messages. */
function splitCredentials(url: string, auth?: { username: string; password: string }) {
  const u = new URL(url);
  const fromUrl = u.username || u.password ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : undefined;
  u.username = '';
  u.password = '';
  const base = u.toString().replace(/\/+$/, '');
  return { base, displayUrl: base, auth: auth ?? fromUrl };
}

function unreachable(e: unknown, url: string, about: RequestSubject, timeoutMs: number): DlError {
  const name = e instanceof Error ? e.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DlError('REGISTRY_UNAVAILABLE', `Schema registry at ${url} did not answer within ${timeoutMs} ms (${about.what}).`, {
      retriable: true,
      cause: e,
    });
  }
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return new DlError(
    'REGISTRY_UNAVAILABLE',
    `Cannot reach the schema registry at ${literal(url)} (${literal(detail)}) for ${literal(about.what)}: ${STACK_HINT}`,
    {
      retriable: true,
      cause: e,
      namesSettings: true,
    },
  );
}

function statusError(status: number, text: string, url: string, about: RequestSubject, sentAuth: boolean): DlError {
  let code: number | undefined;
  let message = '';
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === 'number') code = body.error_code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    message = text.slice(0, 200);
  }
  const said = message ? `: ${message}` : '';
  if (code === undefined && notARegistry(status)) {
    return new DlError(
      'CONFIG',
      `Schema registry at ${literal(url)} answered ${literal(about.what)} with HTTP ${status} and no registry error code, so it is not a schema registry's API: is {registryUrl} its API root (for Apicurio, .../apis/ccompat/v7)?`,
      { namesSettings: true },
    );
  }
  if (status === 404) {
    return new DlError('REGISTRY_NOT_FOUND', `${about.notFound} in the schema registry at ${url} (404${code ? ` ${code}` : ''}${said}).`);
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new DlError('REGISTRY_UNAVAILABLE', `Schema registry at ${url} failed ${about.what} with HTTP ${status}${said}.`, { retriable: true });
  }
  if (status === 401 || status === 403) {
    return new DlError(
      'REGISTRY_REJECTED',
      sentAuth
        ? `Schema registry at ${literal(url)} refused ${literal(about.what)} with HTTP ${status}: check the credentials given with {registryAuth} (or SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, or user:password@ in the registry URL).`
        : `Schema registry at ${literal(url)} refused ${literal(about.what)} with HTTP ${status}: it needs credentials; pass {registryAuth} user:password (or SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO).`,
      { namesSettings: true },
    );
  }
  return new DlError(
    'REGISTRY_REJECTED',
    `Schema registry at ${url} rejected ${about.what} with HTTP ${status}${code && code !== status ? ` (${code})` : ''}${said}.`,
  );
}

/**
 * A schema registry says what is wrong in a numeric `error_code` (Confluent's 40403 "schema not
 * found", 42201 "invalid schema", ...; Apicurio's, Karapace's and Redpanda's compatible APIs too).
 * A client error without one is not a registry's answer but a path that is not the API (Apicurio's
 * root instead of its /apis/ccompat/v7), a proxy's or another service's. Read as "no such schema",
 * it made every good record an UNKNOWN_SCHEMA_ID dead letter; it is a setting to fix instead.
 * 401/403 (credentials), 408 and 429 (wait and retry) keep their own meaning without a code.
 */
function notARegistry(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 408 && status !== 429;
}
