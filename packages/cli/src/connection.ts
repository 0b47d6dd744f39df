import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ConfigError } from '@dl/core/errors';

/** Where Kafka and the schema registry are, and how to authenticate. */
export interface Connection {
  brokers: string[];
  registryUrl: string;
  registryAuth?: { username: string; password: string };
  clientId: string;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  ssl?: { ca?: string; rejectUnauthorized: boolean } | boolean;
}

export interface ConnectionFlags {
  brokers?: string;
  registryUrl?: string;
  registryAuth?: string;
  saslMechanism?: string;
  saslUsername?: string;
  saslPassword?: string;
  ssl?: boolean;
  sslCa?: string;
  sslInsecure?: boolean;
}

export const DEFAULT_BROKERS = 'localhost:9092';
export const DEFAULT_REGISTRY_URL = 'http://localhost:8081';

/** The repository's local stack writes its URLs here while it is up (see stack/). */
export function stackEndpointsFile(env: NodeJS.ProcessEnv = process.env): string {
  const stackDir = env.DL_STACK_DIR ?? fileURLToPath(new URL('../../../.stack', import.meta.url));
  return path.join(stackDir, 'endpoints.json');
}

function readStackEndpoints(env: NodeJS.ProcessEnv): { brokers?: string; registryUrl?: string } {
  const file = stackEndpointsFile(env);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { brokers?: string; registryUrl?: string };
  } catch {
    return {};
  }
}

/**
 * Flags win over env (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, ...), env over the running local
 * stack's endpoints, and those over the Docker Compose defaults (localhost:9092, :8081).
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const stack = readStackEndpoints(env);
  const brokersText = flags.brokers ?? env.KAFKA_BROKERS ?? stack.brokers ?? DEFAULT_BROKERS;
  const brokers = brokersText
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of brokers) {
    if (!/^[^:\s]+:\d{1,5}$/.test(b)) {
      throw new ConfigError(`Broker address "${b}" is not host:port; pass e.g. --brokers localhost:9092 (or KAFKA_BROKERS).`);
    }
  }
  if (brokers.length === 0) throw new ConfigError('No Kafka brokers given; pass --brokers host:port (or KAFKA_BROKERS).');

  const registryUrl = (flags.registryUrl ?? env.SCHEMA_REGISTRY_URL ?? stack.registryUrl ?? DEFAULT_REGISTRY_URL).replace(/\/+$/, '');
  try {
    const u = new URL(registryUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(`Schema registry URL "${withoutUserInfo(registryUrl)}" is not an http(s) URL; pass e.g. --registry-url http://localhost:8081 (or SCHEMA_REGISTRY_URL).`);
  }

  const conn: Connection = { brokers, registryUrl, clientId: 'dl' };
  const auth = flags.registryAuth ?? env.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;
  if (auth) {
    const i = auth.indexOf(':');
    if (i <= 0) throw new ConfigError('Registry credentials must be user:password; fix --registry-auth (or SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO).');
    conn.registryAuth = { username: auth.slice(0, i), password: auth.slice(i + 1) };
  }

  const mechanism = (flags.saslMechanism ?? env.KAFKA_SASL_MECHANISM)?.toLowerCase();
  const username = flags.saslUsername ?? env.KAFKA_SASL_USERNAME;
  const password = flags.saslPassword ?? env.KAFKA_SASL_PASSWORD;
  if (mechanism || username || password) {
    const m = mechanism ?? 'scram-sha-512';
    if (m !== 'plain' && m !== 'scram-sha-256' && m !== 'scram-sha-512') {
      throw new ConfigError(`SASL mechanism "${m}" is not supported; use plain, scram-sha-256 or scram-sha-512 (--sasl-mechanism or KAFKA_SASL_MECHANISM).`);
    }
    if (!username || !password) {
      throw new ConfigError('SASL needs both a username and a password; pass --sasl-username and --sasl-password (or KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD).');
    }
    conn.sasl = { mechanism: m, username, password };
  }
  const sslCa = flags.sslCa ?? env.KAFKA_SSL_CA_LOCATION;
  const sslOn = flags.ssl ?? (env.KAFKA_SSL === 'true' || env.KAFKA_SSL === '1' || sslCa !== undefined);
  if (sslOn) {
    let ca: string | undefined;
    if (sslCa) {
      if (!existsSync(sslCa)) throw new ConfigError(`SSL CA file "${sslCa}" does not exist; pass the path of a PEM file with --ssl-ca (or KAFKA_SSL_CA_LOCATION).`);
      ca = readFileSync(sslCa, 'utf8');
    }
    conn.ssl = { ...(ca ? { ca } : {}), rejectUnauthorized: !(flags.sslInsecure ?? false) };
  }
  return conn;
}

/**
 * A URL-ish text with everything up to its last `@` (the `user:password@` part) replaced, for messages;
 * it may not even parse as a URL, and hiding too much beats showing a password.
 */
function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`);
}
