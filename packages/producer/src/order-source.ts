import { readFile } from 'node:fs/promises';
import type avsc from 'avsc';
import { ConfigError, DlError, type Order } from '@dl/core';
import { generatedOrder, seedOrder, type OrderOverrides } from './order-drafts.js';
import type { ProduceIo, ProduceOptions } from './produce-options.js';
import { invalidInputError, parseOrderLines } from './read-orders.js';
import type { Random } from './seeded-random.js';

/** Where the orders of a run come from: the prompt, or a known number of them. */
export type OrderSource = { kind: 'prompt' } | { kind: 'orders'; total: number; take(from: number, n: number): Order[]; skipped: number };

/**
 * Decides the mode from the options and, for `--input`, reads and validates every line before anything
 * is sent. Without a mode there must be a terminal to prompt on.
 */
export async function orderSource(opts: ProduceOptions, io: ProduceIo, type: avsc.Type, random: Random): Promise<OrderSource> {
  const overrides: OrderOverrides = { customer: opts.customer, price: opts.price };
  if (opts.input !== undefined) {
    if (opts.description !== undefined || opts.count !== undefined) {
      throw new ConfigError('input sends the orders of a file; it cannot be combined with description or count.');
    }
    const { orders, invalid } = parseOrderLines(await readInput(opts.input, io), type);
    const source = opts.input === '-' ? 'stdin' : opts.input;
    if (invalid.length > 0 && !opts.skipInvalid) throw invalidInputError(source, invalid);
    for (const line of invalid) io.stderr.write(`dl produce: skipping ${source} ${line}\n`);
    return { kind: 'orders', total: orders.length, take: (from, n) => orders.slice(from, from + n), skipped: invalid.length };
  }
  if (opts.description !== undefined) {
    const description = opts.description;
    return { kind: 'orders', total: opts.count ?? 1, take: (from, n) => range(from, n, (i) => seedOrder(i, description, overrides)), skipped: 0 };
  }
  if (opts.count !== undefined) {
    return { kind: 'orders', total: opts.count, take: (from, n) => range(from, n, (i) => generatedOrder(i, random, overrides)), skipped: 0 };
  }
  if (!io.prompt && !io.stdin?.isTTY) {
    throw new DlError(
      'USAGE',
      'dl produce has no terminal to prompt on: pass {count} N (generated orders), {description} TEXT (one order) or {input} FILE (JSON lines, - for stdin).',
      { namesSettings: true },
    );
  }
  return { kind: 'prompt' };
}

function range(from: number, n: number, make: (i: number) => Order): Order[] {
  const out = new Array<Order>(n);
  for (let k = 0; k < n; k++) out[k] = make(from + k);
  return out;
}

async function readInput(path: string, io: ProduceIo): Promise<string> {
  if (path !== '-') {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      throw new ConfigError(`Cannot read the input file "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { cause: e });
    }
  }
  if (!io.stdin) throw new ConfigError('Input "-" reads stdin, but there is none.');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
