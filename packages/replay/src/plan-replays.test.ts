import { describe, expect, it } from 'vitest';
import { orderSchema, avroType } from '@dl/core';
import type { DeadLetterRow } from '@dl/core';
import { planReplays } from './plan-replays.js';

const type = avroType(orderSchema());
const body = type.toBuffer({ order_id: 1, customer: 'c', description: 'd', price: 1, products: [] });

function dl(offset: number, value: Buffer | null, topic = 'dev.orders', errorClass = 'NO_MAGIC_BYTE'): DeadLetterRow {
  return { topic, partition: 0, offset: BigInt(offset), timestamp: new Date(0), key: null, value, headers: [], schemaId: null, errorClass, errorMessage: '' };
}

describe('planReplays', () => {
  it('frames what decodes, keeps dead what does not, and says which is which in order', async () => {
    const frameFor = async (topic: string) =>
      topic === 'dev.orders' ? { id: 3, type, label: 'schema id 3' } : { missing: `subject ${topic}-value has no schema` };
    const plan = await planReplays([dl(1, body), dl(2, Buffer.from('garbage!'), 'dev.orders', 'DECODE_ERROR'), dl(3, body, 'other')], { frameFor });
    expect(plan.outgoing.map((o) => o.ref)).toEqual(['dev.orders/0/1']);
    expect(plan.outgoing[0]!.value!.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 3]));
    expect(plan.failures.map((f) => [f.ref, f.errorClass])).toEqual([
      ['dev.orders/0/2', 'DECODE_ERROR'],
      ['other/0/3', 'NO_MAGIC_BYTE'],
    ]);
    expect(plan.failures[1]!.reason).toBe('subject other-value has no schema');
    expect(plan.lines.map((l) => `${l.action} ${l.ref} ${l.to ?? ''}`.trim())).toEqual([
      'send dev.orders/0/1 dev.orders',
      'unrepairable dev.orders/0/2',
      'unrepairable other/0/3',
    ]);
  });

  it('without --frame-with sends values as they are (a tombstone stays null) to --to-topic', async () => {
    const plan = await planReplays([dl(1, null, 'dev.orders', 'TOMBSTONE'), dl(2, Buffer.from([0, 0, 0, 0, 9, 1]))], { toTopic: 'retry', samePartition: true });
    expect(plan.failures).toEqual([]);
    expect(plan.outgoing.map((o) => [o.topic, o.partition, o.value])).toEqual([
      ['retry', 0, null],
      ['retry', 0, Buffer.from([0, 0, 0, 0, 9, 1])],
    ]);
    expect(plan.lines[0]).toMatchObject({ action: 'send', to: 'retry/0', repair: 'as is' });
  });
});
