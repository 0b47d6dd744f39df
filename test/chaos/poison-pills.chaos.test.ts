import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { DEAD_LETTER_CLASSES, frame } from '@dl/core';
import { createTopic, framedOrder, order, orderType, registerOrder } from '../support/produce-raw.js';
import { stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';
import { auditLake, readColumns, topicEnds } from './support/audit.js';
import { startFlow } from './support/flow.js';
import { ingestArgs, killLeftovers, notes, startTracked, stopIngest, tail, waitForLake, waitForStderr } from './support/dl-process.js';
import { recordResult } from './support/results.js';

const GOOD = Number(process.env.DL_CHAOS_POISON_GOOD ?? 100_000);
const BAD = Number(process.env.DL_CHAOS_POISON_BAD ?? 100_000);
/** Of each: valid orders and garbage just under the topic's max.message.bytes. */
const HUGE = 10;
const SEED = Number(process.env.DL_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Kind = 'good' | 'huge-good' | 'random' | 'bitflip' | 'truncated' | 'unknown-id' | 'huge-garbage';

/** mulberry32: a small seeded generator, so a failing run can be repeated with DL_CHAOS_SEED. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function maxMessageBytes(topic: string): Promise<number> {
  const kafka = new kafkajs.Kafka({ clientId: 'dl-chaos-poison', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const res = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
    });
    return Number(res.resources[0]!.configEntries.find((e) => e.configName === 'max.message.bytes')!.configValue);
  } finally {
    await admin.disconnect();
  }
}

describe('chaos: poison pills', () => {
  afterEach(killLeftovers);

  it(
    `${BAD} fuzzed payloads among ${GOOD} valid records: bad ones dead-lettered with a class, good ones in the table, no early exit`,
    { timeout: 300_000 },
    async () => {
      const started = Date.now();
      const topic = uniqueTopic('chaos-poison');
      await createTopic(topic, 3);
      const id = await registerOrder(topic);
      const lake = tempLake('dl-chaos-poison-');
      const huge = (await maxMessageBytes(topic)) - 512; // room for the record batch's own overhead
      const rand = rng(SEED);
      const int = (n: number) => Math.floor(rand() * n);
      const bytes = (n: number) => {
        const b = Buffer.allocUnsafe(n);
        for (let k = 0; k < n; k++) b[k] = int(256);
        return b;
      };
      const isOurFrame = (v: Buffer) => v.length >= 5 && v[0] === 0 && v.readInt32BE(1) === id;

      // The message list, in a random interleaving of good and bad.
      const kinds: Kind[] = [];
      const values: Buffer[] = [];
      let good = 0;
      let bad = 0;
      while (good < GOOD || bad < BAD) {
        const i = kinds.length;
        if (bad >= BAD || (good < GOOD && rand() < 0.5)) {
          const big = good < HUGE;
          kinds.push(big ? 'huge-good' : 'good');
          const o = order(i);
          values.push(big ? frame(id, orderType.toBuffer({ ...o, description: 'x'.repeat(huge - 200) })) : framedOrder(id, i));
          good++;
          continue;
        }
        bad++;
        const valid = framedOrder(id, i);
        if (bad <= HUGE) {
          kinds.push('huge-garbage');
          const v = bytes(huge);
          if (isOurFrame(v)) v[0] = 1;
          values.push(v);
          continue;
        }
        const kind = (['random', 'bitflip', 'truncated', 'unknown-id'] as const)[int(4)]!;
        kinds.push(kind);
        if (kind === 'random') {
          const v = bytes(1 + int(300));
          if (isOurFrame(v)) v[0] = 1; // a random header naming our schema could decode as a real order
          values.push(v);
        } else if (kind === 'bitflip') {
          const v = Buffer.from(valid);
          for (let f = 1 + int(4); f > 0; f--) v[int(v.length)]! ^= 1 << int(8);
          values.push(v);
        } else if (kind === 'truncated') {
          values.push(valid.subarray(0, 1 + int(valid.length - 1)));
        } else {
          // A producer talking to another registry: a handful of ids, over and over.
          values.push(frame(2_100_000_000 + int(20), orderType.toBuffer(order(i))));
        }
      }

      const flow = startFlow({ topic, total: kinds.length, rate: 40_000, message: (i) => ({ partition: i % 3, key: `${kinds[i]}:${i}`, value: values[i]! }) });
      const run = startTracked(ingestArgs(topic, lake, `g-${topic}`, ['--flush-records', '20000']));
      await waitForStderr(run, /joined group/, 60_000);
      await flow.done;
      const ends = await topicEnds(topic);
      // Message i went to partition i % 3 in order, from one idempotent producer: offset floor(i / 3).
      expect([...ends].sort(([a], [b]) => a - b).map(([, high]) => high)).toEqual([0, 1, 2].map((p) => Math.ceil((kinds.length - p) / 3)));
      await waitForLake(lake, topic, ends, 240_000, [run]);
      const code = await stopIngest(run);
      const audit = await auditLake(lake, topic);
      console.log(`poison pills (seed ${SEED}): dl ingest said:\n${notes(run).join('\n')}`);
      recordResult({
        scenario: 'poison pills',
        fault: `${BAD} fuzzed (seed ${SEED})`,
        produced: audit.produced,
        table: audit.table,
        dlq: audit.dlq,
        lost: audit.lost,
        duplicated: audit.duplicated,
        restarts: 0,
        seconds: Math.round((Date.now() - started) / 1000),
      });

      expect(code, tail(run)).toBe(0);
      expect(audit).toMatchObject({ produced: kinds.length, lost: 0, duplicated: 0, uncommitted: [], chain: [] });

      const index = (p: number, o: number) => o * 3 + p;
      const table = readColumns(path.join(lake, 'parquet'), ['partition', 'offset', 'order_id']);
      const inTable = new Map<number, number>();
      table.partition!.forEach((p, j) => inTable.set(index(p as number, table.offset![j] as number), Number(table.order_id![j])));
      const dlq = readColumns(path.join(lake, 'parquet-dlq'), ['partition', 'offset', 'error_class', 'error_message', 'avro_value']);
      const dead = new Map<number, { cls: string; message: string; value: Uint8Array | null }>();
      dlq.partition!.forEach((p, j) =>
        dead.set(index(p as number, dlq.offset![j] as number), {
          cls: dlq.error_class![j] as string,
          message: dlq.error_message![j] as string,
          value: dlq.avro_value![j] as Uint8Array | null,
        }),
      );

      const problems: string[] = [];
      const byKind = new Map<Kind, { table: number; dlq: number }>();
      kinds.forEach((kind, i) => {
        const t = inTable.has(i);
        const d = dead.get(i);
        const tally = byKind.get(kind) ?? { table: 0, dlq: 0 };
        tally[t ? 'table' : 'dlq']++;
        byKind.set(kind, tally);
        if (kind === 'good' || kind === 'huge-good') {
          if (inTable.get(i) !== i) problems.push(`${kind} #${i}: order_id ${inTable.get(i)} in the table, dead letter ${d?.cls}`);
          return;
        }
        if (kind === 'bitflip') return; // may still be a valid order: either place is right, the audit checked "exactly once"
        if (!d) return problems.push(`${kind} #${i}: in the table, not the DLQ`);
        const allowed = kind === 'unknown-id' ? ['UNKNOWN_SCHEMA_ID'] : kind === 'truncated' ? ['DECODE_ERROR'] : DEAD_LETTER_CLASSES;
        if (!allowed.includes(d.cls as never)) problems.push(`${kind} #${i}: class ${d.cls}`);
      });
      // Every dead letter carries its reason and the exact bytes that were sent.
      for (const [i, d] of dead) {
        if (d.message.length < 10) problems.push(`#${i}: error message "${d.message}"`);
        if (!d.value || Buffer.compare(Buffer.from(d.value), values[i]!) !== 0) problems.push(`#${i}: avro_value differs from what was sent`);
      }
      console.log(`poison pills by kind: ${JSON.stringify(Object.fromEntries(byKind))}`);
      expect(problems.slice(0, 20)).toEqual([]);
      expect(audit.table + audit.dlq).toBe(GOOD + BAD);
      rmSync(lake, { recursive: true, force: true }); // kept when an assertion fails, for a look
    },
  );
});
