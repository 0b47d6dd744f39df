import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { VIEW_WASM_FLAGS } from './wasm-flags.js';

type Run = (argv: string[]) => Promise<number>;

/**
 * Runs the program from bundle/run.cjs (the whole cli in one CommonJS file, see bundle.mjs),
 * compiled with a V8 code cache kept beside it: V8 then skips parsing the modules and compiling
 * the functions the previous view ran, ~30 ms of a first screen (#13). The first view after a
 * build, or after Node changed, writes the cache; V8 checks it against the source, its own
 * version and the flags, and one it rejects is written again. An unwritable directory only means
 * no cache. Undefined when there is no such file (the cli running from its sources): then the
 * caller runs the ES modules as every other command does.
 */
export async function runWithCodeCache(argv: string[]): Promise<number | undefined> {
  const file = fileURLToPath(new URL('../bundle/run.cjs', import.meta.url));
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return undefined;
  // V8 keys the cache by the flags too: set the view's before compiling, or no cache would ever fit.
  v8.setFlagsFromString(VIEW_WASM_FLAGS);
  // V8 checks a cache against the source's length only: the name carries the file's size and mtime.
  const cacheFile = `${file}.${stat.size}-${Math.floor(stat.mtimeMs)}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as { run?: Run } };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  const code = await module.exports.run!(argv);
  if (!cachedData || script.cachedDataRejected) writeCache(cacheFile, script.createCachedData());
  return code;
}

/** Write-then-rename: a concurrent view reads the old cache or the new one, never half of one. */
function writeCache(cacheFile: string, data: Buffer): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
  }
}
