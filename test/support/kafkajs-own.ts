import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** kafkajs's src/ folder: the one kafkajs 2.2.4 the workspace installs, which @dl/kafka patches. */
export const KAFKAJS_SRC = path.join(path.dirname(require.resolve('kafkajs/package.json')), 'src');

/**
 * A kafkajs module as kafkajs itself ships it, for the tests that compare dl's replacements with
 * it: the module cache entry may hold the replacement (@dl/kafka's kafkajs-fast-paths.ts), so the
 * file is loaded afresh and the cache is left as it was.
 */
export function kafkajsOwn<T>(file: string): T {
  const full = path.join(KAFKAJS_SRC, file);
  const cached = require.cache[full];
  delete require.cache[full];
  const mod = require(full) as T;
  if (cached) require.cache[full] = cached;
  else delete require.cache[full];
  return mod;
}
