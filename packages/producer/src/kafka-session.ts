import { createKafka, ensureTopic, KAFKA_RETRY, kafkaError, keyCachingPartitioner, textLogSink, type KafkaConnection, type Producer } from '@dl/kafka';
import type { ProduceIo } from './produce-options.js';

export interface ProducerSession {
  producer: Producer;
  partitions: number;
  close(): Promise<void>;
}

/** Creates the topic if missing, then connects an idempotent producer (acks=all is set per send). */
export async function openProducer(conn: KafkaConnection, topic: string, partitions: number, io: ProduceIo): Promise<ProducerSession> {
  const kafka = createKafka(
    conn,
    textLogSink((line) => io.stderr.write(line)),
  );
  const admin = kafka.admin();
  let ensured;
  try {
    await admin.connect();
    ensured = await ensureTopic(admin, topic, partitions);
  } catch (e) {
    throw kafkaError(e, conn.brokers, `creating topic "${topic}"`);
  } finally {
    await admin.disconnect().catch(() => {});
  }
  const producer = kafka.producer({
    idempotent: true,
    // Java's limit for idempotence; kafkajs serializes an idempotent producer's requests per broker anyway.
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    createPartitioner: keyCachingPartitioner(),
    // Bounded, unlike kafkajs's default for idempotent producers: a broker that stays down fails the run.
    retry: KAFKA_RETRY,
  });
  try {
    await producer.connect();
  } catch (e) {
    throw kafkaError(e, conn.brokers, 'connecting the producer');
  }
  return { producer, partitions: ensured.partitions, close: () => producer.disconnect().catch(() => {}) };
}
