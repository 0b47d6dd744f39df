import type { Order } from '@dl/core';
import type { CompressionType, Producer } from '@dl/kafka';
import type { ValueFn } from './broken-values.js';
import type { KeyFn } from './key-template.js';
import type { BrokenKind } from './produce-options.js';

export interface EchoSender {
  /** Sends one order, waits for the broker, and prints where it went and what was sent. */
  send(order: Order, i: number): Promise<void>;
  sent: number;
  bytes: number;
}

/** One message per request, each printed like the seed does: where it went, then the record. */
export function echoSender(
  producer: Producer,
  topic: string,
  compression: CompressionType,
  keyFn: KeyFn,
  valueFn: ValueFn,
  broken: BrokenKind | undefined,
  stdout: NodeJS.WritableStream,
): EchoSender {
  const state: EchoSender = {
    sent: 0,
    bytes: 0,
    async send(order, i) {
      const key = keyFn({ i, orderId: order.order_id });
      const value = valueFn(order);
      const [meta] = await producer.send({ topic, messages: [{ key, value }], acks: -1, compression });
      state.sent += 1;
      state.bytes += (key === null ? 0 : Buffer.byteLength(key)) + (value?.length ?? 0);
      stdout.write(`Message delivered to ${topic} [${meta?.partition ?? '?'}] @ offset ${meta?.baseOffset ?? '?'}\n`);
      stdout.write(
        `Sending data${describe(broken, value)}: ${broken === 'garbage' || broken === 'tombstone' ? (value?.toString('hex') ?? 'null') : JSON.stringify(order)}\n`,
      );
    },
  };
  return state;
}

function describe(broken: BrokenKind | undefined, value: Buffer | null): string {
  if (broken === undefined) return '';
  if (value === null) return ` (${broken})`;
  return ` (${broken}, ${value.length} bytes, starting ${value.subarray(0, 5).toString('hex')})`;
}
