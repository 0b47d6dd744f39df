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
  const { run } = await import('./run.js');
  process.exitCode = await run(process.argv);
}
