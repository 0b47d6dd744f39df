import { defaultProducts, type Order, type Product } from '@dl/core';
import type { Random } from './seeded-random.js';

export interface OrderOverrides {
  customer?: string;
  price?: number;
}

/** The seed's order: John Doe, 99.98, shoes and a t-shirt, with the given description. */
export function seedOrder(orderId: number, description: string, overrides: OrderOverrides = {}): Order {
  return {
    order_id: orderId,
    customer: overrides.customer ?? 'John Doe',
    description,
    price: overrides.price ?? 99.98,
    products: defaultProducts(),
  };
}

const DESCRIPTIONS = [
  'zażółć gęślą jaźń',
  'plain order',
  'Grüße aus Köln',
  'naïve café delivery',
  '日本語の注文',
  'заказ из Москвы',
  'gift wrap please 🎁',
  'leave at the door',
  'express shipping',
  'ÆØÅ æøå',
];
const CUSTOMERS = ['John Doe', 'Jane Roe', 'Zoë Łukasiewicz', 'María José', '山田太郎', 'Øyvind Ås'];
const CATALOG: readonly Product[] = [
  { name: 'shoes', price: 49.99 },
  { name: 't-shirt', price: 49.99 },
  { name: 'socks', price: 4.99 },
  { name: 'hat', price: 19.5 },
  { name: 'jacket', price: 129 },
  { name: 'scarf', price: 24.75 },
  { name: 'gloves', price: 15 },
  { name: 'backpack', price: 89.9 },
];

/** A varied order: description, customer and 1–3 products drawn from small lists; price is their sum. */
export function generatedOrder(orderId: number, random: Random, overrides: OrderOverrides & { description?: string } = {}): Order {
  const n = random.int(1, 3);
  const products: Product[] = [];
  for (let k = 0; k < n; k++) products.push({ ...random.pick(CATALOG) });
  const total = Math.round(products.reduce((sum, p) => sum + p.price, 0) * 100) / 100;
  return {
    order_id: orderId,
    customer: overrides.customer ?? random.pick(CUSTOMERS),
    description: overrides.description ?? `${random.pick(DESCRIPTIONS)} #${orderId}`,
    price: overrides.price ?? total,
    products,
  };
}
