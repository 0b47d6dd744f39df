import type { Command } from 'commander';
import type { BrokenKind } from '@dl/producer';
import { addSettings } from '../settings-options.js';
import { loadSettings } from '../load-settings.js';
import { loadProducingAction } from '../producing-action.js';

/** Each kind and what it sends; the record keys are checked against the producer's list. */
export const BROKEN: Record<BrokenKind, string> = {
  'no-header': "the Avro body without the 5-byte header (= --raw, the seed's broken producer)",
  'bad-magic': 'magic byte 1, then the real schema id and body',
  'unknown-id': 'a schema id the registry does not have (2147483000 or just above)',
  truncated: 'framed, with the second half of the body cut off',
  garbage: '8–64 random bytes, not starting with 0',
  'wrong-schema': 'framed with the id of a dl.Other schema registered under dl-wrong-schema-value',
  tombstone: 'a null value',
};

export function registerProduce(program: Command): void {
  const cmd = program.command('produce').description('send orders to Kafka: prompted for on a terminal, or --description, --count, --input');
  addSettings(cmd, 'produce')
    .addHelpText(
      'after',
      [
        '',
        'Broken kinds:',
        ...Object.entries(BROKEN).map(([k, v]) => `  ${k.padEnd(13)} ${v}`),
        '',
        'Key templates: literal text plus {i} (index of the message in this run, from 0), {i%N} (that index',
        'modulo N) and {order_id}; {{ and }} for literal braces. The default product{i%2} alternates',
        'product0, product1 as the seed does.',
        '',
        'Examples:',
        '  dl produce                                   prompt for descriptions (terminal only)',
        "  dl produce --description 'zażółć gęślą jaźń'  one order",
        '  dl produce --count 100000 --seed 1 --compression zstd',
        '  dl produce --broken garbage --count 100',
        "  dl produce --input orders.jsonl --key 'order-{order_id}'",
      ].join('\n'),
    )
    .action(async (_flags: unknown, self: Command) => {
      const settings = await loadSettings(self, 'produce');
      const { runProduce } = await loadProducingAction(() => import('../actions/produce-action.js'));
      await runProduce(settings.values);
    });
}
