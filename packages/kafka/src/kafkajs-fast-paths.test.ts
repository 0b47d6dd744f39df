import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkajsOwn } from '@dl/test-support/kafkajs-own';
import { testRandom } from '@dl/test-support/seeded-random';
import { groupMessagesPerPartition, type GroupArgs } from './kafkajs-fast-paths.js';

// kafkajs's own grouping, loaded from its file (the module cache entry may hold ours).
const theirs = kafkajsOwn<(a: GroupArgs) => Record<number, unknown[]>>('producer/groupMessagesPerPartition.js');

describe('groupMessagesPerPartition (the replacement)', () => {
  it('groups exactly as kafkajs does: same partitions, same messages, same order', () => {
    const random = testRandom();
    for (let round = 0; round < 200; round++) {
      const partitions = random.int(8);
      const partitionMetadata = Array.from({ length: partitions }, (_, p) => ({ partitionId: p }));
      const messages = Array.from({ length: random.int(300) }, (_, i) => ({
        key: `k${random.int(50)}`,
        value: `v${i}`,
        ...(random.int(3) === 0 ? { partition: random.int(Math.max(1, partitions)) } : {}),
      }));
      const partitioner: GroupArgs['partitioner'] = ({ message }) =>
        (message.partition ?? Number((message as { key: string }).key.slice(1))) % Math.max(1, partitions);
      const input = { topic: 't', partitionMetadata, messages, partitioner };
      expect(groupMessagesPerPartition(input)).toEqual(theirs(input));
    }
  });

  it('returns no groups without partition metadata, as kafkajs does', () => {
    const input = { topic: 't', partitionMetadata: [], messages: [{ partition: 0 }], partitioner: () => 0 };
    expect(groupMessagesPerPartition(input)).toEqual({});
    expect(theirs(input)).toEqual({});
  });
});

// A fresh process per case: whether kafkajs was loaded before is the point.

/** The named export of a built module (relative to this file), imported in a fresh process. */
function exportOfFreshImport(relative: string, name: string): unknown {
  const file = fileURLToPath(new URL(relative, import.meta.url));
  const script = `const m = await import(${JSON.stringify(file)}); console.log(JSON.stringify(m[${JSON.stringify(name)}]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}
const dist = fileURLToPath(new URL('../dist/kafkajs-fast-paths.js', import.meta.url));
function inFreshProcess(loadKafkajsFirst: boolean): { grouping: string; requestEncoder: string; groupingInUse: string; encoderInUse: string } {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    ${loadKafkajsFirst ? "require('kafkajs');" : ''}
    const m = await import(${JSON.stringify(dist)});
    const report = m.installFastProducePaths();
    require('kafkajs');
    const root = require('node:path').dirname(require.resolve('kafkajs/package.json'));
    const group = require(root + '/src/producer/groupMessagesPerPartition.js');
    const v3 = require(root + '/src/protocol/requests/produce/v3/request.js');
    console.log(JSON.stringify({ ...report, groupingInUse: group === m.groupMessagesPerPartition ? 'ours' : 'kafkajs', encoderInUse: v3 === m.kafkajsProduceV3 ? 'kafkajs' : 'ours' }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.dirname(dist), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof inFreshProcess>;
}

describe('installFastProducePaths', () => {
  it('replaces both functions when called before kafkajs is loaded', () => {
    expect(inFreshProcess(false)).toEqual({
      grouping: 'replaced',
      requestEncoder: 'replaced',
      kafkajsVersion: '2.2.4',
      groupingInUse: 'ours',
      encoderInUse: 'ours',
    });
  });

  it('says too-late for the grouping when kafkajs was loaded first, and still replaces the encoder', () => {
    expect(inFreshProcess(true)).toEqual({
      grouping: 'too-late',
      requestEncoder: 'replaced',
      kafkajsVersion: '2.2.4',
      groupingInUse: 'kafkajs',
      encoderInUse: 'ours',
    });
  });

  it('is what importing the producer does, before the producer loads kafkajs', () => {
    expect(exportOfFreshImport('../../producer/dist/index.js', 'FAST_PATHS')).toMatchObject({ grouping: 'replaced', requestEncoder: 'replaced' });
  });
});

/** installFastConsumePaths in a fresh process, before or after kafkajs is loaded, optionally after a fetch decoder was loaded. */
function consumeInFreshProcess(
  fetchDecoderLoadedFirst: boolean,
  kafkajsLoadedFirst = true,
): { recordBatchDecoder: string; inUse: string; batch: string; batchInUse: string } {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    ${kafkajsLoadedFirst ? "require('kafkajs');" : ''}
    const root = require('node:path').dirname(require.resolve('kafkajs/package.json'));
    ${fetchDecoderLoadedFirst ? "require(root + '/src/protocol/requests/fetch/v11/response.js');" : ''}
    const m = await import(${JSON.stringify(dist)});
    const report = m.installFastConsumePaths();
    require('kafkajs');
    // What kafkajs's fetch response reader will call: what its module resolves the decoder to now.
    const inUse = require(root + '/src/protocol/recordBatch/v0/decoder.js');
    // What the consumer group makes its batches with: the cache's class when it loaded (at the install, or before).
    const Batch = require(root + '/src/consumer/batch.js');
    console.log(JSON.stringify({
      recordBatchDecoder: report.recordBatchDecoder,
      inUse: inUse === m.kafkajsRecordBatchDecoder ? 'kafkajs' : 'ours',
      batch: report.batch,
      batchInUse: Batch === m.kafkajsBatch ? 'kafkajs' : 'ours',
    }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.dirname(dist), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof consumeInFreshProcess>;
}

describe('installFastConsumePaths', () => {
  it("replaces kafkajs's record batch decoder when called before the first fetch, even with kafkajs loaded (not its Batch then)", () => {
    expect(consumeInFreshProcess(false)).toEqual({ recordBatchDecoder: 'replaced', inUse: 'ours', batch: 'too-late', batchInUse: 'kafkajs' });
  });
  it('says too-late and changes nothing once kafkajs has loaded its fetch response reader', () => {
    expect(consumeInFreshProcess(true)).toEqual({ recordBatchDecoder: 'too-late', inUse: 'kafkajs', batch: 'too-late', batchInUse: 'kafkajs' });
  });
  it("replaces kafkajs's Batch too when called before anything loads kafkajs", () => {
    expect(consumeInFreshProcess(false, false)).toEqual({ recordBatchDecoder: 'replaced', inUse: 'ours', batch: 'replaced', batchInUse: 'ours' });
  });
  it('is what importing the ingester does, before the ingester loads kafkajs', () => {
    expect(exportOfFreshImport('../../ingester/dist/index.js', 'FAST_CONSUME_PATHS')).toMatchObject({ recordBatchDecoder: 'replaced', batch: 'replaced' });
  });
});
