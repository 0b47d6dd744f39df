import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import avsc from 'avsc';
import { describe, expect, it } from 'vitest';
import { createRegistry, orderSchema, unframe, type Order } from '@dl/core';
import { createKafka, textLogSink, type CompressionName } from '@dl/kafka';
import { generatedOrder, localOrderType, seededRandom, seedOrder, WRONG_SCHEMA_SUBJECT } from '@dl/producer';
import { REPO, stackEndpoints, uniqueTopic } from '@dl/test-support/stack-env';
import { closedPort, consumeAll, expectSameOrders, runProduce, stackOptions } from './support.js';

const registry = () => createRegistry({ url: stackEndpoints().registryUrl });

function decodeFramed(value: Buffer | null, type: avsc.Type): { schemaId: number; order: Order } {
  const u = unframe(value!);
  if (!u.ok) throw new Error(u.message);
  return { schemaId: u.schemaId, order: type.fromBuffer(u.body) as Order };
}

describe('dl produce (real Kafka + registry)', () => {
  it('sends --count 1000 generated orders, framed with the registered id, that decode to exactly what was generated', async () => {
    const topic = uniqueTopic('p');
    const { summary } = await runProduce({ topic, count: 1000, seed: 7, partitions: 3, keyTemplate: 'order-{order_id}' });
    expect(summary).toMatchObject({ topic, sent: 1000, failed: 0, partitions: 3 });
    const id = (await registry().getLatest(`${topic}-value`)).id;
    expect(summary.schemaId).toBe(id);

    const got = await consumeAll(topic, 1000);
    expect(got).toHaveLength(1000);
    expect(new Set(got.map((m) => m.partition)).size).toBe(3);
    const random = seededRandom(7);
    const expected = Array.from({ length: 1000 }, (_, i) => generatedOrder(i, random));
    const type = (await registry().getById(id)).type;
    const decoded = got.map((m) => ({ key: m.key, ...decodeFramed(m.value, type) }));
    expect(decoded.every((d) => d.schemaId === id)).toBe(true);
    expectSameOrders(
      decoded.map((d) => d.order).sort((a, b) => a.order_id - b.order_id),
      expected,
    );
    for (const d of decoded) expect(d.key).toBe(`order-${d.order.order_id}`);
  });

  it('prints each delivery like the seed and keeps Unicode byte-exact; --raw sends the framed value minus its header', async () => {
    const topic = uniqueTopic('p');
    const framed = await runProduce({ topic, description: 'zażółć gęślą jaźń' });
    expect(framed.stdout).toBe(`Message delivered to ${topic} [0] @ offset 0\nSending data: ${JSON.stringify(seedOrder(0, 'zażółć gęślą jaźń'))}\n`);
    await runProduce({ topic, description: 'zażółć gęślą jaźń', broken: 'no-header' });
    const [a, b] = await consumeAll(topic, 2);
    expect(b!.value!.equals(a!.value!.subarray(5))).toBe(true);
    expect(a!.value!.subarray(5).includes(Buffer.from('zażółć gęślą jaźń', 'utf8'))).toBe(true);
    expect(localOrderType().fromBuffer(b!.value!)).toEqual(seedOrder(0, 'zażółć gęślą jaźń'));
  });

  it('sends each broken kind as promised', async () => {
    const topic = uniqueTopic('p');
    const kinds = ['bad-magic', 'unknown-id', 'truncated', 'garbage', 'wrong-schema', 'tombstone'] as const;
    for (const broken of kinds) await runProduce({ topic, broken, count: 2, keyTemplate: `${broken}-{i}` });
    const got = await consumeAll(topic, kinds.length * 2);
    const byKind = (k: string) => got.filter((m) => m.key?.startsWith(`${k}-`));
    const id = (await registry().getLatest(`${topic}-value`)).id;
    const type = localOrderType();

    for (const m of byKind('bad-magic')) {
      expect(m.value![0]).toBe(1);
      expect(m.value!.readInt32BE(1)).toBe(id);
      expect(type.isValid(type.fromBuffer(m.value!.subarray(5)))).toBe(true);
    }
    for (const m of byKind('unknown-id')) {
      const u = unframe(m.value!);
      expect(u.ok && u.schemaId).toBeGreaterThanOrEqual(2147483000);
      await expect(registry().getById((u as { schemaId: number }).schemaId)).rejects.toMatchObject({ code: 'REGISTRY_NOT_FOUND' });
    }
    for (const m of byKind('truncated')) {
      const u = unframe(m.value!);
      expect(u.ok && u.schemaId).toBe(id);
      expect(() => type.fromBuffer((u as { body: Buffer }).body)).toThrow();
    }
    for (const m of byKind('garbage')) {
      expect(m.value![0]).not.toBe(0);
      expect(m.value!.length).toBeGreaterThanOrEqual(8);
      expect(m.value!.length).toBeLessThanOrEqual(64);
    }
    const wrongIds = await registry().getSubjectIds(WRONG_SCHEMA_SUBJECT, { refresh: true });
    const orderIds = await registry().getSubjectIds(`${topic}-value`, { refresh: true });
    for (const m of byKind('wrong-schema')) {
      const u = unframe(m.value!);
      const sid = (u as { schemaId: number }).schemaId;
      expect(wrongIds.has(sid)).toBe(true);
      expect(orderIds.has(sid)).toBe(false);
    }
    expect(byKind('tombstone').map((m) => m.value)).toEqual([null, null]);
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as CompressionName[])('round-trips %s (ours compressing, the broker validating)', async (compression) => {
    const topic = uniqueTopic(`c-${compression}`);
    const { summary } = await runProduce({ topic, count: 3000, seed: 3, compression });
    expect(summary.sent).toBe(3000);
    const got = await consumeAll(topic, 3000);
    const random = seededRandom(3);
    const expected = Array.from({ length: 3000 }, (_, i) => generatedOrder(i, random));
    const type = localOrderType();
    // One partition: the order of the log is the order of sending.
    expectSameOrders(
      got.map((m) => decodeFramed(m.value, type).order),
      expected,
    );
  });

  it.each(['snappy', 'lz4', 'zstd'] as CompressionName[])('reads %s batches the broker (Java) compressed', async (compression) => {
    const topic = uniqueTopic(`j-${compression}`);
    const kafka = createKafka(
      { brokers: stackEndpoints().brokers, clientId: 't' },
      textLogSink(() => {}),
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'compression.type', value: compression }] }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await runProduce({ topic, count: 3000, seed: 4 });
    const got = await consumeAll(topic, 3000);
    const random = seededRandom(4);
    expectSameOrders(
      got.map((m) => decodeFramed(m.value, localOrderType()).order),
      Array.from({ length: 3000 }, (_, i) => generatedOrder(i, random)),
    );
  });

  it('with --no-auto-register frames with the latest registered version', async () => {
    const topic = uniqueTopic('p');
    const reg = registry();
    const schema = orderSchema();
    await reg.register(`${topic}-value`, schema);
    const v2 = await reg.register(`${topic}-value`, { ...schema, fields: [...(schema.fields as object[]), { name: 'note', type: 'string', default: '' }] });
    const { summary } = await runProduce({ topic, count: 5, autoRegister: false });
    expect(summary.schemaId).toBe(v2);
    const got = await consumeAll(topic, 5);
    const type = (await reg.getById(v2)).type;
    expect(got.map((m) => decodeFramed(m.value, type).order.note)).toEqual(['', '', '', '', '']);
  });

  it('with the registry down fails clearly and sends nothing (the topic is not even created)', async () => {
    const topic = uniqueTopic('p');
    const port = await closedPort();
    await expect(runProduce({ topic, count: 5, registry: { url: `http://127.0.0.1:${port}` } })).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      message: expect.stringMatching(new RegExp(`^Cannot reach the schema registry at http://127.0.0.1:${port} \\(ECONNREFUSED\\)`)),
    });
    const admin = createKafka(
      { brokers: stackEndpoints().brokers, clientId: 't' },
      textLogSink(() => {}),
    ).admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.disconnect();
  });

  it('with the broker down fails within 15 s naming the brokers', async () => {
    const started = Date.now();
    const port = await closedPort();
    await expect(
      runProduce({ ...stackOptions(), kafka: { brokers: [`127.0.0.1:${port}`], clientId: 't' }, topic: 'x', count: 1, broken: 'no-header' }),
    ).rejects.toMatchObject({
      code: 'KAFKA',
      message: expect.stringMatching(new RegExp(`^Cannot reach Kafka at 127.0.0.1:${port} .*pnpm stack:up`)),
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('bin/dl produce: json summary on stdout; usage error without a mode and no terminal', () => {
    const topic = uniqueTopic('cli');
    const ok = spawnSync(process.execPath, [path.join(REPO, 'bin/dl'), 'produce', '--topic', topic, '--count', '50', '--format', 'json'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ topic, sent: 50, failed: 0 });
    // The bulk path runs on the fast paths (the bundled cli once loaded kafkajs before they were installed).
    expect(ok.stderr).not.toContain('kafkajs was loaded before');
    const usage = spawnSync(process.execPath, [path.join(REPO, 'bin/dl'), 'produce', '--topic', topic], { encoding: 'utf8', input: '' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('dl: dl produce has no terminal to prompt on: pass --count N');
  });

  it('--input: a bad line names its number and field, and nothing is sent; --skip-invalid sends the rest', async () => {
    const topic = uniqueTopic('p');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-input-'));
    const file = path.join(dir, 'orders.jsonl');
    writeFileSync(file, [seedOrder(1, 'a'), { ...seedOrder(2, 'b'), price: 'x' }, seedOrder(3, 'ć')].map((o) => JSON.stringify(o)).join('\n'));
    await expect(runProduce({ topic, input: file })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('line 2: field "price" must be a double'),
    });
    const admin = createKafka(
      { brokers: stackEndpoints().brokers, clientId: 't' },
      textLogSink(() => {}),
    ).admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.disconnect();
    const { summary } = await runProduce({ topic, input: file, skipInvalid: true });
    expect(summary).toMatchObject({ sent: 2, skipped: 1 });
    const got = await consumeAll(topic, 2);
    expect(got.map((m) => decodeFramed(m.value, localOrderType()).order.description)).toEqual(['a', 'ć']);
    expect(existsSync(file)).toBe(true);
  });
});
