import { ConfigError } from '@dl/core';

export interface KeyContext {
  /** Index of the message in this run, from 0. */
  i: number;
  orderId: number;
}

/** A key as text (sent as UTF-8), bytes (e.g. a framed Avro key), or none. */
export type KeyFn = (ctx: KeyContext) => string | Buffer | null;

/**
 * Compiles a key template: literal text with `{i}`, `{i%N}` and `{order_id}` placeholders
 * (`{{` and `}}` for literal braces). The empty template means messages without a key.
 */
export function compileKeyTemplate(template: string): KeyFn {
  if (template === '') return () => null;
  const parts: (string | KeyFn)[] = [];
  const re = /\{\{|\}\}|\{([^{}]*)\}|[{}]/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    last = re.lastIndex;
    if (m[0] === '{{' || m[0] === '}}') {
      parts.push(m[0][0]!);
      continue;
    }
    if (m[1] === undefined) throw badTemplate(template, `unmatched "${m[0]}"`);
    parts.push(placeholder(template, m[1].trim()));
  }
  if (last < template.length) parts.push(template.slice(last));
  if (parts.every((p) => typeof p === 'string')) {
    const constant = parts.join('');
    return () => constant;
  }
  return (ctx) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(ctx);
    return out;
  };
}

function placeholder(template: string, name: string): KeyFn {
  if (name === 'i') return (c) => String(c.i);
  if (name === 'order_id') return (c) => String(c.orderId);
  const mod = /^i\s*%\s*(\d+)$/.exec(name);
  if (mod) {
    const n = Number(mod[1]);
    if (n < 1) throw badTemplate(template, '{i%N} needs N of at least 1');
    return (c) => String(c.i % n);
  }
  throw badTemplate(template, `unknown placeholder "{${name}}"`);
}

function badTemplate(template: string, why: string): ConfigError {
  return new ConfigError(`Key template "${template}" is invalid: ${why}. Use text with {i}, {i%N} or {order_id}, e.g. 'product{i%2}'.`);
}
