import { readFileSync } from 'node:fs';
import type { Settings } from '@dl/core/config';

/** How to reach Kafka (the shape @dl/kafka's KafkaConnection takes). */
export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  ssl?: { ca?: string; rejectUnauthorized: boolean };
}

/** How to reach the schema registry (the shape @dl/core's RegistryOptions takes). */
export interface RegistryConnection {
  url: string;
  auth?: { username: string; password: string };
}

/** The resolved settings → the options every library takes to reach Kafka and the registry. */
export function connectionOptions(s: Settings, clientId: string): { kafka: KafkaOptions; registry: RegistryConnection } {
  const kafka: KafkaOptions = { brokers: s.brokers, clientId };
  if (s.saslMechanism || (s.saslUsername && s.saslPassword)) {
    kafka.sasl = { mechanism: s.saslMechanism ?? 'scram-sha-512', username: s.saslUsername ?? '', password: s.saslPassword ?? '' };
  }
  if (s.ssl ?? s.sslCa !== undefined) {
    // The schema checked the file exists; read here, when it is used.
    kafka.ssl = { ...(s.sslCa ? { ca: readFileSync(s.sslCa, 'utf8') } : {}), rejectUnauthorized: !s.sslInsecure };
  }
  return { kafka, registry: registryOptions(s) };
}

export function registryOptions(s: Settings): RegistryConnection {
  return { url: s.registryUrl, ...(s.registryAuth ? { auth: s.registryAuth } : {}) };
}
