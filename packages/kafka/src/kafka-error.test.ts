import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { DlError, nameSettings } from '@dl/core';
import { settingFlag } from '@dl/core/config';

/** What the cli prints for a library error that names settings as {key}. */
const cli = (e: DlError) => nameSettings(e.template ?? e.message, settingFlag);
import { createKafka, kafkaError, textLogSink } from '@dl/kafka';

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('kafkaError', () => {
  it('names the brokers and the fix when none can be reached', () => {
    const inner = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), { name: 'KafkaJSConnectionError' });
    const e = kafkaError(Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: inner }), ['localhost:9092']);
    expect(e).toMatchObject({ code: 'KAFKA', retriable: true });
    // The library names the setting by its key; the cli by its flag.
    expect(e.message).toMatch(/or pass brokers\.$/);
    expect(cli(e)).toBe(
      'Cannot reach Kafka at localhost:9092 (Connection error: connect ECONNREFUSED 127.0.0.1:9092): is it running? ' +
        'Start the local stack with `pnpm stack:up` or pass --brokers.',
    );
  });
  it('maps SASL failures to KAFKA_AUTH', () => {
    const e = kafkaError(Object.assign(new Error('SASL SCRAM SHA512 authentication failed: invalid credentials'), { name: 'KafkaJSSASLAuthenticationError' }), [
      'b:9093',
    ]);
    expect(e.code).toBe('KAFKA_AUTH');
    expect(cli(e)).toContain('--sasl-username');
  });
  it('maps authorization errors to KAFKA_AUTH', () => {
    const e = kafkaError(
      Object.assign(new Error('Not authorized to access topics'), { name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED' }),
      ['b:9093'],
      'sending to dev.orders',
    );
    expect(e.code).toBe('KAFKA_AUTH');
    expect(cli(e)).toMatch(/^Kafka at b:9093 refused sending to dev.orders: Not authorized/);
  });
  it('says which CA to pass when the broker certificate cannot be verified', () => {
    const inner = Object.assign(new Error('Connection error: self-signed certificate in certificate chain'), {
      name: 'KafkaJSConnectionError',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const e = kafkaError(Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: inner }), ['localhost:9094']);
    expect(e).toMatchObject({ code: 'KAFKA_AUTH', retriable: false });
    expect(cli(e)).toBe(
      "Kafka at localhost:9094 presented a TLS certificate that could not be verified (Connection error: self-signed certificate in certificate chain): pass --ssl-ca with the PEM file of the CA that signed the brokers' certificates (or KAFKA_SSL_CA_LOCATION), and connect by a name the certificate is for.",
    );
  });
  it('tells a TLS client on a plaintext port to drop --ssl', () => {
    const inner = Object.assign(new Error('Connection error: Client network socket disconnected before secure TLS connection was established'), {
      name: 'KafkaJSConnectionError',
    });
    const e = kafkaError(inner, ['localhost:9092']);
    expect(e.code).toBe('KAFKA');
    expect(cli(e)).toMatch(/^Kafka at localhost:9092 did not complete a TLS handshake \(.*\): is that port a TLS listener\? Drop --ssl/);
  });
  it('names --ssl and --sasl-* when the broker hangs up on a client', () => {
    const e = kafkaError(Object.assign(new Error('Closed connection'), { name: 'KafkaJSConnectionClosedError' }), ['localhost:9094']);
    expect(e).toMatchObject({ code: 'KAFKA', retriable: true });
    expect(cli(e)).toMatch(/^Kafka at localhost:9094 closed the connection \(Closed connection\): if that port is a TLS or SASL listener, pass --ssl/);
  });
  it('keeps braces in what kafkajs says apart from the settings it names', () => {
    const inner = Object.assign(new Error('Connection error: {weird} ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    const e = kafkaError(inner, ['host{1}:9092']);
    expect(cli(e)).toBe(
      'Cannot reach Kafka at host{1}:9092 (Connection error: {weird} ECONNREFUSED): is it running? Start the local stack with `pnpm stack:up` or pass --brokers.',
    );
  });
  it('passes DlErrors through', () => {
    const d = new DlError('USAGE', 'x');
    expect(kafkaError(d, [])).toBe(d);
  });
});

describe('createKafka', () => {
  it('fails within ~15 s with one clear error when the broker is down, logging nothing per attempt', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const kafka = createKafka(
      { brokers: [`127.0.0.1:${port}`], clientId: 'test' },
      textLogSink((l) => lines.push(l)),
    );
    const producer = kafka.producer();
    const started = Date.now();
    const err = await producer.connect().then(
      () => undefined,
      (e: unknown) => kafkaError(e, [`127.0.0.1:${port}`]),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(err?.message).toMatch(new RegExp(`^Cannot reach Kafka at 127.0.0.1:${port} \\(.*ECONNREFUSED.*\\): is it running\\?`));
    expect(lines).toEqual([]);
  }, 20_000);
});
