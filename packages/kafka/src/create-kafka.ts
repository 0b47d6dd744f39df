import type { ConnectionOptions } from 'node:tls';
import kafkajs from 'kafkajs';
import { registerCodecs } from './codecs/register-codecs.js';
import { kafkaLogCreator, textLogSink, type KafkaLogSink } from './kafka-log.js';

const { Kafka } = kafkajs;

/** How to reach the brokers; the cli's resolved connection fits this shape. */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  ssl?: { ca?: string; rejectUnauthorized: boolean } | boolean;
  /** Per connection attempt; default 2000 ms. */
  connectionTimeout?: number;
  /** Per request; default 30000 ms. */
  requestTimeout?: number;
}

/**
 * The retry policy for connecting and for requests: about 4 s of back-off in five attempts, so a broker
 * that is down fails within ~15 s even when each attempt waits for its connection timeout.
 */
export const KAFKA_RETRY = { initialRetryTime: 250, retries: 4, maxRetryTime: 2000, factor: 0.2, multiplier: 2 };

/**
 * A kafkajs client with every codec registered, bounded retries, and kafkajs's logging routed to `log`
 * (default: warnings and errors to stderr, one line each).
 */
export function createKafka(conn: KafkaConnection, log?: KafkaLogSink): kafkajs.Kafka {
  registerCodecs();
  const sink = log ?? textLogSink((line) => process.stderr.write(line));
  return new Kafka({
    clientId: conn.clientId,
    brokers: conn.brokers,
    connectionTimeout: conn.connectionTimeout ?? 2000,
    requestTimeout: conn.requestTimeout ?? 30_000,
    retry: KAFKA_RETRY,
    logLevel: kafkajs.logLevel.INFO,
    logCreator: kafkaLogCreator(sink),
    ...(conn.sasl ? { sasl: conn.sasl as kafkajs.SASLOptions } : {}),
    ...(conn.ssl === undefined ? {} : { ssl: conn.ssl as boolean | ConnectionOptions }),
  });
}
