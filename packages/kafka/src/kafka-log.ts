import kafkajs from 'kafkajs';

const { logLevel } = kafkajs;

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface KafkaLogEntry {
  level: KafkaLogLevel;
  /** kafkajs's component: Producer, Consumer, Connection, BrokerPool, ... */
  namespace: string;
  message: string;
  /** The error kafkajs attached, if any (its message only). */
  error?: string;
}

export type KafkaLogSink = (entry: KafkaLogEntry) => void;

/**
 * Writes warnings and errors as one text line each (`kafka warn [Producer] ...`). Only the message and
 * the attached error's message are printed, never kafkajs's other fields, which could hold SASL settings.
 */
export function textLogSink(write: (line: string) => void, minLevel: KafkaLogLevel = 'warn'): KafkaLogSink {
  const order: KafkaLogLevel[] = ['error', 'warn', 'info', 'debug'];
  const max = order.indexOf(minLevel);
  return (entry) => {
    if (order.indexOf(entry.level) > max) return;
    write(`kafka ${entry.level} [${entry.namespace}] ${entry.message}${entry.error ? `: ${entry.error}` : ''}\n`);
  };
}

/**
 * Entries left out because the caller reports them better: a broker that cannot be reached (or that
 * refuses the credentials) becomes one DlError naming the brokers, instead of a line per attempt; we bound the idempotent producer's
 * retries on purpose (failing beats hanging when the broker is gone); and the v2 default partitioner
 * (murmur2, as Java's) is the one we want.
 */
const QUIET = [
  /^KafkaJS v2\.0\.0 switched default partitioner/,
  /^Connection (error|timeout)/,
  /^Closed connection$/,
  // A refused login becomes one KAFKA_AUTH error; kafkajs would log it three times first.
  /^Response SaslAuthenticate\b/,
  /^SASL .* authentication failed/,
  /^Failed to connect to seed broker/,
  /^Limiting retries for the idempotent producer/,
  /^Failed to send messages/,
  /^Crash: KafkaJSNumberOfRetriesExceeded/,
];

/**
 * Broker answers that kafkajs retries by itself (a coordinator still loading after a broker start,
 * a rebalance in progress, a leader moving): noise while it works, and a thrown error if it gives up.
 */
const RETRIED_RESPONSE = /coordinator is loading|coordinator is not available|not the correct coordinator|rebalanc|not the leader|leader not available/i;

/** Adapts a sink to kafkajs's logCreator, dropping the entries above and repeats within 10 s. */
export function kafkaLogCreator(sink: KafkaLogSink): kafkajs.logCreator {
  const lastSeen = new Map<string, number>();
  return () =>
    ({ namespace, level, log }) => {
      const message = String(log.message ?? '');
      if (QUIET.some((re) => re.test(message))) return;
      if (message.startsWith('Response ') && RETRIED_RESPONSE.test(String(log.error ?? ''))) return;
      const now = Date.now();
      const key = `${namespace}|${message}`;
      if ((lastSeen.get(key) ?? 0) > now - 10_000) return;
      if (lastSeen.size > 1000) lastSeen.clear();
      lastSeen.set(key, now);
      const error = typeof log.error === 'string' ? log.error : undefined;
      sink({ level: levelName(level), namespace: namespace ?? 'kafkajs', message, ...(error ? { error } : {}) });
    };
}

function levelName(level: kafkajs.logLevel): KafkaLogLevel {
  if (level === logLevel.ERROR || level === logLevel.NOTHING) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}
