import type avsc from 'avsc';
import { DlError, literal, type Order } from '@dl/core';
import { validateValue } from './validate-value.js';

export interface OrderLines {
  orders: Order[];
  /** One line per invalid input line: `line 3: field "price" must be a double, got "abc"`. */
  invalid: string[];
}

/** Parses JSON lines (blank lines ignored) and checks each against the schema. */
export function parseOrderLines(text: string, type: avsc.Type): OrderLines {
  const orders: Order[] = [];
  const invalid: string[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      invalid.push(`line ${index + 1}: not valid JSON (${(e as Error).message})`);
      return;
    }
    const problems = validateValue(type, value);
    if (problems.length > 0) invalid.push(`line ${index + 1}: ${problems.join('; ')}`);
    else orders.push(value as Order);
  });
  return { orders, invalid };
}

const SHOWN = 10;

/** The error for a run with invalid lines and no `--skip-invalid`: every problem (up to 10), and that nothing was sent. */
export function invalidInputError(source: string, invalid: string[]): DlError {
  const shown = invalid.slice(0, SHOWN).map((l) => `  ${l}`);
  if (invalid.length > SHOWN) shown.push(`  ... and ${invalid.length - SHOWN} more`);
  const head =
    invalid.length === 1 ? `${source} ${invalid[0]}` : `${source} has ${invalid.length} lines that do not match the order schema:\n${shown.join('\n')}`;
  return new DlError('VALIDATION', `${literal(head)}\nNothing was sent; fix the input or pass {skipInvalid} to send the valid lines.`, { namesSettings: true });
}
