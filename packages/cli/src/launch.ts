import { readFileSync, writeSync } from 'node:fs';

/**
 * What runs before the program loads, for the two starts that must be quick (#13), shared by
 * bin/dl (from bundle/launch.cjs, a CommonJS file: Node's ES module loader alone costs ~8 ms of
 * every start) and main.ts (the ES module entry, as the Docker image runs it).
 * - `dl --version` answers before anything else loads: commander, the settings schema and the
 *   command declarations cost ~40 ms, nearly doubling Node's own start-up (≤ 1.5× `node -e 0`).
 *   Every other invocation (including `dl -V --help`) goes through the program.
 * - A view runs from the one-file bundle with its code cache (run-with-code-cache.ts): start-up is
 *   most of a first screen (~23 ms less of ~250). Not --count and --files: they read footers in
 *   JS, a few small chunks, and the one file cost them ~9 ms more. DL_NO_CODE_CACHE=1 runs every
 *   view from the ES modules.
 * Returns the exit code, or undefined when the caller is to run the program (run.ts) itself.
 */
export async function launch(argv: string[]): Promise<number | undefined> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    writeVersion(`${pkg.version}\n`);
    return 0;
  }
  // The AWS SDK warns on Node 20 (NodeVersionSupportWarning, a stderr paragraph in every s3:// run);
  // users should see only dl's own diagnostics. An explicit setting of the variable is kept.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const footersOnly = args.includes('--count') || args.includes('--files');
  if (args[0] !== 'view' || footersOnly || process.env.DL_NO_CODE_CACHE) return undefined;
  return (await import('./run-with-code-cache.js')).runWithCodeCache(argv);
}

/**
 * Straight to file descriptor 1: making `process.stdout` (a pipe's is a net.Socket, which loads
 * Node's streams) was ~4.5 ms of `dl --version`. A short line goes in one write(2); should that
 * fail (a non-blocking descriptor that is full, a closed pipe), the stream reports it as before.
 */
function writeVersion(line: string): void {
  try {
    writeSync(1, line);
  } catch {
    process.stdout.write(line);
  }
}
