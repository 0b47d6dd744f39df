import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { createTopic } from '../support/produce-raw.js';
import { runDl } from '../support/run-dl.js';
import { stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

/** The group's committed offsets for `topic` ('-1': none), as the broker reports them. */
async function groupOffsets(group: string, topic: string): Promise<string[]> {
  const admin = new kafkajs.Kafka({ clientId: 'dl-test', brokers: stackEndpoints().brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return t!.partitions.map((p) => p.offset);
  } finally {
    await admin.disconnect();
  }
}

// Before, `dl ingest --once --data-dir /proc/nope` hung until killed: Node's recursive mkdir
// loops forever when a parent exists but cannot hold the child.
describe('dl ingest with a data directory that cannot be created', () => {
  const cases = [
    { name: 'under /proc', dir: () => '/proc/nope' },
    {
      name: 'below a file',
      dir: () => {
        const f = path.join(tempLake(), 'a-file');
        writeFileSync(f, 'x');
        return path.join(f, 'lake');
      },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: one sentence naming the directory, exit 1, nothing committed to Kafka`, async () => {
      const topic = uniqueTopic('ddir');
      await createTopic(topic, 1);
      const dir = c.dir();
      const group = `g-${topic}`;
      const r = await runDl(['ingest', '--once', '--topic', topic, '--group', group, '--data-dir', dir, '--progress', 'none']);
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Cannot create the data directory ${dir}:`);
      expect(r.stdout).toBe('');
      expect(await groupOffsets(group, topic)).toEqual(['-1']);
    });
  }
});
