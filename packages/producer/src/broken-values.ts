import type avsc from 'avsc';
import { HEADER_SIZE, avroEnd, type Order } from '@dl/core';
import type { BrokenKind } from './produce-options.js';
import type { Random } from './seeded-random.js';
import { ValueEncoder } from './value-encoder.js';

/** The schema ids and types a value may need, resolved once before sending. */
export interface ValueContext {
  orderType: avsc.Type;
  /** Id of the order schema: framed, bad-magic and truncated values carry it. */
  schemaId?: number;
  /** An id the registry does not have. */
  unknownId?: number;
  /** A schema registered under another subject, for wrong-schema values. */
  wrongSchema?: { id: number; type: avsc.Type };
  random: Random;
}

export type ValueFn = (order: Order) => Buffer | null;

/** First id tried for unknown-id values: near the top of the id space, where registries never get. */
export const UNKNOWN_ID_START = 2147483000;

/** A small record registered under `dl-wrong-schema-value`; its ids belong to no order topic's subject. */
export const WRONG_SCHEMA_SUBJECT = 'dl-wrong-schema-value';
export const WRONG_SCHEMA = {
  type: 'record',
  name: 'Other',
  namespace: 'dl',
  doc: "Not an order: framed values with this schema id test the ingester's subject check.",
  fields: [
    { name: 'note', type: 'string' },
    { name: 'n', type: 'long' },
  ],
};

/** What each kind needs from the registry before the first value. */
export function registryNeeds(kind: BrokenKind | undefined): { orderId: boolean; unknownId: boolean; wrongSchema: boolean } {
  return {
    orderId: kind === undefined || kind === 'bad-magic' || kind === 'truncated',
    unknownId: kind === 'unknown-id',
    wrongSchema: kind === 'wrong-schema',
  };
}

/** Makes the value bytes for each order: well framed, or broken in exactly the promised way. */
export function valueFn(kind: BrokenKind | undefined, ctx: ValueContext): ValueFn {
  const enc = new ValueEncoder(ctx.orderType);
  const need = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`internal: ${kind ?? 'framed'} values need ${what}`);
    return x;
  };
  switch (kind) {
    case undefined: {
      const id = need(ctx.schemaId, 'a schema id');
      return (o) => enc.framed(o, id);
    }
    case 'no-header':
      return (o) => enc.body(o);
    case 'bad-magic': {
      const id = need(ctx.schemaId, 'a schema id');
      return (o) => enc.framed(o, id, 1);
    }
    case 'unknown-id': {
      const id = need(ctx.unknownId, 'an unknown id');
      return (o) => enc.framed(o, id);
    }
    case 'truncated': {
      const id = need(ctx.schemaId, 'a schema id');
      // Any strict prefix of an Avro record fails to decode: the reader runs out of bytes.
      return (o) => {
        const full = enc.framed(o, id);
        return full.subarray(0, HEADER_SIZE + Math.floor((full.length - HEADER_SIZE) / 2));
      };
    }
    case 'garbage':
      return () => garbage(ctx.random, ctx.orderType);
    case 'wrong-schema': {
      const other = need(ctx.wrongSchema, 'the wrong-schema id');
      const otherEnc = new ValueEncoder(other.type);
      return (o) => otherEnc.framed({ note: o.description, n: BigInt(o.order_id) }, other.id);
    }
    case 'tombstone':
      return () => null;
  }
}

/**
 * 8–64 random bytes, first byte not 0 (so not framed), no prefix of which is an order by the
 * ingester's rules (core's avroEnd). Not avsc's decode: on random bytes it trusts a block count of
 * up to 2^31 items, and one such count had `dl produce --broken garbage` fill its heap (CI).
 */
export function garbage(random: Random, orderType: avsc.Type): Buffer {
  for (;;) {
    const out = Buffer.allocUnsafe(random.int(8, 64));
    for (let i = 0; i < out.length; i++) out[i] = random.int(0, 255);
    if (out[0] === 0 || avroEnd(orderType, out) >= 0) continue;
    return out;
  }
}
