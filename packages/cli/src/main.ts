import { readFileSync } from 'node:fs';

// `dl --version` answers before anything else loads: commander, the settings schema and the
// command declarations cost ~40 ms, nearly doubling Node's own start-up (#13: ≤ 1.5× `node -e 0`).
// Every other invocation (including `dl -V --help`) goes through the program as before.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  // The AWS SDK warns on Node 20 (NodeVersionSupportWarning, a stderr paragraph in every s3:// run);
  // users should see only dl's own diagnostics. An explicit setting of the variable is kept.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // A view runs from the one-file bundle with its code cache (run-with-code-cache.ts): start-up is most of a
  // first screen (~23 ms less of ~250). Not --count and --files: they read footers in JS, a few small
  // chunks, and the one file cost them ~9 ms more. DL_NO_CODE_CACHE=1 runs every view from the ES modules.
  const footersOnly = args.includes('--count') || args.includes('--files');
  const useCache = args[0] === 'view' && !footersOnly && !process.env.DL_NO_CODE_CACHE;
  const cached = useCache ? await (await import('./run-with-code-cache.js')).runWithCodeCache(process.argv) : undefined;
  if (cached !== undefined) process.exitCode = cached;
  else {
    const { run } = await import('./run.js');
    process.exitCode = await run(process.argv);
  }
}
