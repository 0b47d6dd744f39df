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
  // first screen. DL_NO_CODE_CACHE=1 runs it from the ES modules like every other command.
  const useCache = args[0] === 'view' && !process.env.DL_NO_CODE_CACHE;
  const cached = useCache ? await (await import('./run-with-code-cache.js')).runWithCodeCache(process.argv) : undefined;
  if (cached !== undefined) process.exitCode = cached;
  else {
    const { run } = await import('./run.js');
    process.exitCode = await run(process.argv);
  }
}
