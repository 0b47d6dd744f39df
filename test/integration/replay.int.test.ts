import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReplayLedger } from '@dl/core';
import { LocalStore } from '@dl/storage';
import { orderType, registerOrder } from '../support/produce-raw.js';
import { readRows } from '../support/read-lake.js';
import { runDl } from '../support/run-dl.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';

interface Summary {
  dryRun: boolean;
  matched: number;
  alreadyReplayed: number;
  unrepairable: number;
  toSend: number;
  sent: number;
  reconciled: { runs: number };
  failures: Array<{ ref: string; errorClass: string; reason: string }>;
  plan?: Array<{ ref: string; action: string }>;
}

async function dl(args: string[]): Promise<string> {
  const r = await runDl(args);
  expect(r.code, `dl ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

const json = async <T>(args: string[]) => JSON.parse(await dl([...args, '--format', 'json'])) as T;

describe('dl replay parquet-dlq (issue acceptance)', () => {
  it('re-drives 50 header-less orders exactly once, keeps 20 garbage values dead, and the DLQ view hides what was replayed', { timeout: 240_000 }, async () => {
    const topic = uniqueTopic('replay');
    const lake = tempLake('dl-replay-');
    // The topic's subject exists, as it does once any framed order was produced: --frame-with latest finds it.
    await registerOrder(topic);
    await dl(['produce', '--raw', '--count', '50', '--topic', topic, '--partitions', '3', '--seed', '1', '--key', 'order-{i}']);
    await dl(['produce', '--broken', 'garbage', '--count', '20', '--topic', topic, '--seed', '2', '--key', 'junk-{i}']);
    const ingest = ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'none'];
    expect(await json(ingest)).toMatchObject({ rows: 0, deadLetters: 70, deadByClass: { NO_MAGIC_BYTE: 50, DECODE_ERROR: 20 } });

    const dead = readRows(path.join(lake, 'parquet-dlq')) as Array<{ partition: number; offset: bigint; error_class: string; avro_value: Uint8Array }>;
    const refOf = (d: { partition: number; offset: bigint }) => `${topic}/${d.partition}/${d.offset}`;
    const headerless = new Map(dead.filter((d) => d.error_class === 'NO_MAGIC_BYTE').map((d) => [refOf(d), Buffer.from(d.avro_value)]));
    const garbage = dead
      .filter((d) => d.error_class === 'DECODE_ERROR')
      .map(refOf)
      .sort();
    expect(headerless.size).toBe(50);

    const replay = ['replay', 'parquet-dlq', '--data-dir', lake, '--topic', topic, '--frame-with', 'latest'];
    // A dry run says what would happen to each of the 70, and sends and records nothing.
    const dry = await json<Summary>([...replay, '--dry-run']);
    expect(dry).toMatchObject({ dryRun: true, matched: 70, toSend: 50, unrepairable: 20, sent: 0 });
    expect(
      dry
        .plan!.filter((l) => l.action === 'send')
        .map((l) => l.ref)
        .sort(),
    ).toEqual([...headerless.keys()].sort());
    expect(existsSync(path.join(lake, '_dl', 'replays')) ? readdirSync(path.join(lake, '_dl', 'replays')) : []).toEqual([]);

    // Garbage cannot be framed: reported, with the reason, and not sent.
    const junk = await json<Summary>([...replay, '--where', 'error_class=DECODE_ERROR']);
    expect(junk).toMatchObject({ matched: 20, unrepairable: 20, toSend: 0, sent: 0 });
    expect(junk.failures.map((f) => f.ref).sort()).toEqual(garbage);
    expect(junk.failures.every((f) => f.reason.startsWith('body does not decode with schema id'))).toBe(true);

    const first = await json<Summary>([...replay, '--where', 'error_class=NO_MAGIC_BYTE']);
    expect(first).toMatchObject({ dryRun: false, matched: 50, alreadyReplayed: 0, unrepairable: 0, toSend: 50, sent: 50 });
    expect(await json(ingest)).toMatchObject({ rows: 50, deadLetters: 0 });

    const rows = readRows(path.join(lake, 'parquet')) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(50);
    expect(rows.map((r) => r.replay_of).sort()).toEqual([...headerless.keys()].sort());
    const ledger = await readReplayLedger(new LocalStore(lake));
    for (const r of rows) {
      const original = headerless.get(r.replay_of as string)!;
      // The same Avro body, now framed; the same order in the columns.
      expect(Buffer.from(r.avro_value as Uint8Array).subarray(5)).toEqual(original);
      const order = orderType.fromBuffer(original) as {
        order_id: number;
        customer: string;
        description: string;
        price: number;
        products: Array<{ name: string }>;
      };
      expect({ order_id: Number(r.order_id), customer: r.customer, description: r.description, price: r.price }).toEqual({
        order_id: order.order_id,
        customer: order.customer,
        description: order.description,
        price: order.price,
      });
      expect(JSON.parse(JSON.stringify(r.products))).toEqual(JSON.parse(JSON.stringify(order.products)));
      // The ledger says where each one landed, and that is where the ingester found it.
      expect(ledger.landed.get(r.replay_of as string)).toMatchObject({ topic, partition: r.partition, offset: String(r.offset) });
    }

    // The same replay again sends nothing, and a further ingest adds nothing.
    const again = await json<Summary>([...replay, '--where', 'error_class=NO_MAGIC_BYTE']);
    expect(again).toMatchObject({ matched: 50, alreadyReplayed: 50, toSend: 0, sent: 0, reconciled: { runs: 0 } });
    expect(await json(ingest)).toMatchObject({ rows: 0, deadLetters: 0 });
    expect(readRows(path.join(lake, 'parquet'))).toHaveLength(50);

    // The DLQ, as the ledger says it stands.
    const view = ['view', 'parquet-dlq', '--data-dir', lake, '--format', 'json', '--limit', '0'];
    const left = JSON.parse(await dl([...view, '--hide-replayed'])) as Array<{ partition: number; offset: number; error_class: string }>;
    expect(left.map((d) => refOf({ partition: d.partition, offset: BigInt(d.offset) })).sort()).toEqual(garbage);
    const shown = JSON.parse(await dl([...view, '--show-replayed', '--columns', 'partition,offset,replayed_to'])) as Array<Record<string, unknown>>;
    expect(shown).toHaveLength(70);
    const landedAt = new Map(rows.map((r) => [r.replay_of, `${topic}/${String(r.partition)}/${String(r.offset)}`]));
    for (const d of shown) expect(d.replayed_to).toBe(landedAt.get(refOf({ partition: d.partition as number, offset: BigInt(d.offset as number) })) ?? null);
  });
});
