import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, readReplayLedger } from '@dl/core';
import { LocalStore } from '@dl/storage';
import type { Producer } from '@dl/kafka';
import { registerOrder } from '@dl/test-support/produce-raw';
import { readDeadLetterRows, readRows } from '@dl/test-support/read-lake';
import { runDl } from '@dl/test-support/run-dl';
import { stackEndpoints, tempLake, uniqueTopic } from '@dl/test-support/stack-env';
import { partitionChooser } from '../src/choose-partition.js';
import { frameSchemas } from '../src/frame-schemas.js';
import { planReplays } from '../src/plan-replays.js';
import { toStored } from '../src/replay-message.js';
import { sendWithIntent } from '../src/replay-intent.js';
import { openReplaySession, type ReplaySession } from '../src/replay-session.js';

async function dl(args: string[]): Promise<string> {
  const r = await runDl(args);
  expect(r.code, `dl ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('dl replay after a crash between the acknowledgement and the record of it', () => {
  it('finds what landed by its dl-replay-of header, records it, and sends nothing again', { timeout: 180_000 }, async () => {
    const topic = uniqueTopic('replay-crash');
    const lake = tempLake('dl-replay-crash-');
    await registerOrder(topic);
    await dl(['produce', '--raw', '--count', '30', '--topic', topic, '--partitions', '3', '--seed', '3', '--key', 'k{i}']);
    const ingest = ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'none', '--format', 'json'];
    expect(JSON.parse(await dl(ingest))).toMatchObject({ deadLetters: 30 });

    // What `dl replay --frame-with latest` would send, sent for real by a run that "crashes" right after
    // Kafka acknowledged it: the intent is on disk, the done record is not.
    const { brokers, registryUrl } = stackEndpoints();
    const session = await openReplaySession({ brokers, clientId: 'crash-test' }, process.stderr);
    const dead = await readDeadLetterRows(lake);
    const registry = createRegistry({ url: registryUrl });
    const plan = await planReplays(dead, { frameFor: frameSchemas(() => registry, 'latest') });
    const choose = partitionChooser(await session.metadata([topic]));
    const messages = plan.outgoing.map((o) => toStored(o, choose(o) as number));
    const crashing: ReplaySession = {
      ...session,
      async producer() {
        const p = await session.producer();
        return {
          ...p,
          async sendBatch(batch: Parameters<Producer['sendBatch']>[0]) {
            await p.sendBatch(batch);
            throw new Error('crash: acknowledged, not recorded');
          },
        } as Producer;
      },
    };
    await expect(sendWithIntent(crashing, new LocalStore(lake), messages)).rejects.toThrow('crash: acknowledged, not recorded');
    await session.close();
    expect((await readReplayLedger(new LocalStore(lake))).pending).toHaveLength(1);

    // The next run reconciles first: all 30 were there, none is sent again.
    const r = await runDl(['replay', 'parquet-dlq', '--data-dir', lake, '--frame-with', 'latest', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('finishing the interrupted replay');
    expect(JSON.parse(r.stdout)).toMatchObject({ reconciled: { runs: 1, found: 30, resent: 0 }, sent: 0, matched: 30, alreadyReplayed: 30, toSend: 0 });
    const ledger = await readReplayLedger(new LocalStore(lake));
    expect(ledger.pending).toEqual([]);
    expect(ledger.landed.size).toBe(30);

    // Each dead letter is in the table once, where the ledger says it landed.
    expect(JSON.parse(await dl(ingest))).toMatchObject({ rows: 30, deadLetters: 0 });
    const rows = readRows(path.join(lake, 'parquet')) as Array<{ partition: number; offset: bigint; replay_of: string }>;
    expect(new Set(rows.map((x) => x.replay_of)).size).toBe(30);
    for (const row of rows) expect(ledger.landed.get(row.replay_of)).toMatchObject({ topic, partition: row.partition, offset: String(row.offset) });
  });
});
