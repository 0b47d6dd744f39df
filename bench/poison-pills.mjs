#!/usr/bin/env node
// How fast the Avro bounds reject poison pills that avsc alone would turn into 2^31-item arrays
// (the unit tests check that they are rejected; how fast is a figure, not a threshold):
// `pnpm build && pnpm bench:poison`. No stack needed.
import avsc from 'avsc';
import { readFileSync } from 'node:fs';
import { avroEnd } from '../packages/core/dist/avro/avro-bounds.js';

const order = avsc.Type.forSchema(JSON.parse(readFileSync(new URL('../packages/core/schemas/order.avsc', import.meta.url), 'utf8')));
const empty = order.toBuffer({ order_id: 1, customer: 'a', description: 'b', price: 1, products: [] }).subarray(0, -1);
const hugeCount = Buffer.concat([empty, Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00])]);
const nested = avsc.Type.forSchema({ type: 'array', items: { type: 'array', items: 'null' } });
const inner = [0xfe, 0x88, 0x7a, 0x00]; // 999,999 nulls, then the end of the inner array
const nullBomb = Buffer.from([0xd0, 0x0f, ...Array.from({ length: 1000 }, () => inner).flat(), 0x00]);

for (const [name, type, buf, runs] of [
  ['block count 2^31-1', order, hugeCount, 1000],
  ['10^9 nulls in 1000 blocks', nested, nullBomb, 20],
]) {
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) if (avroEnd(type, buf) !== -1) throw new Error(`${name}: not rejected`);
  const us = ((performance.now() - t0) * 1000) / runs;
  console.log(`${name.padEnd(28)} rejected in ${us.toFixed(1)} µs per value`);
}
