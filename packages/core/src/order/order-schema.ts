import { readFileSync } from 'node:fs';

/** An order as the seed's producer sends it (schema: packages/core/schemas/order.avsc). */
export interface Order {
  order_id: number;
  customer: string;
  description: string;
  price: number;
  products: Product[];
}

export interface Product {
  name: string;
  price: number;
}

export const ORDER_FULL_NAME = 'dev.dl.orders.Order';

let cached: string | undefined;

/**
 * The order schema as parsed JSON (a fresh copy per call, so callers may change it).
 * Read relative to this module: `src/order/` and `dist/order/` are both two levels below the package root.
 */
export function orderSchema(): Record<string, unknown> {
  cached ??= readFileSync(new URL('../../schemas/order.avsc', import.meta.url), 'utf8');
  return JSON.parse(cached) as Record<string, unknown>;
}

/** The seed's two products. */
export function defaultProducts(): Product[] {
  return [
    { name: 'shoes', price: 49.99 },
    { name: 't-shirt', price: 49.99 },
  ];
}
