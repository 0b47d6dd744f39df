import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generatedOrder, produce, seededRandom } from '@dl/producer';

const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: Object.assign(new PassThrough(), { isTTY: false }) });
const conn = { kafka: { brokers: ['127.0.0.1:1'], clientId: 't' }, registry: { url: 'http://127.0.0.1:1' } };

describe('produce without a mode', () => {
  it('is a usage error (exit 2) naming the settings when there is no terminal, before connecting anywhere', async () => {
    // Schema keys as {key}: the cli prints their flags (test/unit/cli.test.ts: "refuses to prompt").
    await expect(produce(conn, io())).rejects.toMatchObject({
      code: 'USAGE',
      exitCode: 2,
      template:
        'dl produce has no terminal to prompt on: pass {count} N (generated orders), {description} TEXT (one order) or {input} FILE (JSON lines, - for stdin).',
    });
  });
  it('rejects --input with --count', async () => {
    await expect(produce({ ...conn, input: 'x.jsonl', count: 3 }, io())).rejects.toMatchObject({ code: 'CONFIG' });
  });
  it('rejects invalid input lines before connecting, saying nothing was sent', async () => {
    const stdio = io();
    stdio.stdin.end('{"order_id": "zero"}\n');
    await expect(produce({ ...conn, input: '-' }, stdio)).rejects.toMatchObject({
      code: 'VALIDATION',
      template: expect.stringMatching(/^stdin line 1: field "order_id" must be an int, got "zero".*\nNothing was sent; fix the input or pass \{skipInvalid\}/s),
    });
  });
});

describe('generated orders', () => {
  it('are repeatable with a seed and varied', () => {
    const a = Array.from({ length: 50 }, (_, i) => generatedOrder(i, seededRandom(7)));
    const r1 = seededRandom(7);
    const r2 = seededRandom(7);
    const x = Array.from({ length: 50 }, (_, i) => generatedOrder(i, r1));
    const y = Array.from({ length: 50 }, (_, i) => generatedOrder(i, r2));
    expect(x).toEqual(y);
    expect(new Set(x.map((o) => o.description.replace(/ #\d+$/, ''))).size).toBeGreaterThan(4);
    // eslint-disable-next-line no-control-regex -- "any non-ASCII character" is the point
    expect(x.some((o) => /[^\x00-\x7f]/.test(o.description))).toBe(true);
    expect(new Set(x.map((o) => o.products.length)).size).toBe(3);
    expect(a[0]!.order_id).toBe(0);
  });
});
