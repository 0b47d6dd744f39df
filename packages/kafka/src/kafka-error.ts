import { DlError, errorMessage, literal } from '@dl/core';

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  type?: string;
  code?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

const AUTH_TYPES = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|Connection timeout|Connection error|Closed connection/i;
/** Node's certificate verification failures (OpenSSL's codes and messages). */
const TLS_UNTRUSTED = /certificate|^CERT_|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT/i;
/** A TLS client on a port that does not speak TLS. */
const TLS_NOT_SPOKEN = /wrong version number|packet length too long|disconnected before secure TLS connection/i;

/**
 * Turns whatever kafkajs threw into a DlError: KAFKA_AUTH for refused credentials or ACLs, KAFKA (retriable)
 * naming the brokers for a broker that cannot be reached, KAFKA otherwise. An existing DlError passes through.
 */
export function kafkaError(e: unknown, brokers: readonly string[], doing = 'talking to Kafka'): DlError {
  if (e instanceof DlError) return e;
  const chain = errorChain(e);
  // Brokers, and messages from kafkajs and OpenSSL, go into texts that name settings as {key}: braces stay braces.
  const where = literal(brokers.join(','));
  const named = { namesSettings: true, cause: e };
  const auth = chain.find((x) => x.name === 'KafkaJSSASLAuthenticationError' || (x.type !== undefined && AUTH_TYPES.has(x.type)));
  if (auth) {
    return new DlError(
      'KAFKA_AUTH',
      `Kafka at ${where} refused ${literal(doing)}: ${literal(auth.message ?? auth.type ?? '')}. Check {saslMechanism}, {saslUsername} and {saslPassword} (or the topic ACLs).`,
      named,
    );
  }
  const untrusted = chain.find((x) => TLS_UNTRUSTED.test(x.code ?? '') || TLS_UNTRUSTED.test(x.message ?? ''));
  if (untrusted) {
    return new DlError(
      'KAFKA_AUTH',
      `Kafka at ${where} presented a TLS certificate that could not be verified (${literal(untrusted.message ?? '')}): pass {sslCa} with the PEM file of the CA that signed the brokers' certificates (or KAFKA_SSL_CA_LOCATION), and connect by a name the certificate is for.`,
      named,
    );
  }
  const notTls = chain.find((x) => TLS_NOT_SPOKEN.test(x.message ?? ''));
  if (notTls) {
    return new DlError(
      'KAFKA',
      `Kafka at ${where} did not complete a TLS handshake (${literal(notTls.message ?? '')}): is that port a TLS listener? Drop {ssl} for a PLAINTEXT port, or pass the SSL/SASL_SSL listener's port.`,
      named,
    );
  }
  const unreachable = chain.find(
    (x) =>
      x.name === 'KafkaJSConnectionError' ||
      x.name === 'KafkaJSBrokerNotFound' ||
      x.name === 'KafkaJSNoBrokerAvailableError' ||
      UNREACHABLE.test(x.message ?? ''),
  );
  if (unreachable && chain.some((x) => x.name === 'KafkaJSConnectionClosedError')) {
    // The broker accepted the connection and hung up: what a TLS or SASL listener does to a client that speaks neither.
    return new DlError(
      'KAFKA',
      `Kafka at ${where} closed the connection (${literal(unreachable.message ?? '')}): if that port is a TLS or SASL listener, pass {ssl} (with {sslCa}) and {saslMechanism}, {saslUsername}, {saslPassword}; otherwise is the broker shutting down?`,
      { ...named, retriable: true },
    );
  }
  if (unreachable) {
    return new DlError(
      'KAFKA',
      `Cannot reach Kafka at ${where} (${literal(unreachable.message ?? '')}): is it running? Start the local stack with \`pnpm stack:up\` or pass {brokers}.`,
      { ...named, retriable: true },
    );
  }
  const last = chain[chain.length - 1];
  return new DlError('KAFKA', `Kafka failed while ${doing}: ${last?.message ?? errorMessage(e)}`, { retriable: chain[0]?.retriable ?? false, cause: e });
}

/** The error and what it wraps, outermost first (kafkajs nests through `cause` and `originalError`). */
function errorChain(e: unknown): KafkaJsLikeError[] {
  const out: KafkaJsLikeError[] = [];
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && out.length < 10 && !out.includes(cur as KafkaJsLikeError)) {
    const x = cur as KafkaJsLikeError;
    out.push(x);
    cur = x.cause ?? x.originalError;
  }
  if (out.length === 0) out.push({ message: errorMessage(e) });
  return out;
}
