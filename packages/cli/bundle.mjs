#!/usr/bin/env node
// Bundles the built cli (dist/, from `tsc -b`) into packages/cli/bundle/: main.js, plus one chunk
// per lazily imported command action and the modules they share (esbuild's code splitting), so
// `dl view` opens a few files instead of ~250 (apache-arrow alone is 146 ES modules): the first
// screen of the 1M-order lake took ~180 ms less (issue #13). `pnpm build` runs it after tsc; bin/dl
// starts from bundle/launch.cjs (below), which goes on to bundle/main.js for most commands.
//
// Kept outside the bundle, imported from their installed files: parquet-wasm (it reads its .wasm
// beside itself), kafkajs (packages/kafka patches its internals through require), the AWS SDK
// (only s3:// lakes load it), yaml and prom-client (see EXTERNAL). Code that finds files relative to itself (`import.meta.url`: the
// cli's package.json, the stack, core's schemas, the ingester's worker) keeps finding them: each
// module's `import.meta.url` is rewritten to its original file, relative to the bundle.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(cli, 'bundle');
// yaml and prom-client too: CommonJS packages imported with import() land in a chunk of their own
// that esbuild gives only a default export, so `const { parse } = await import('yaml')` would break.
// @bokuweb/zstd-wasm too: its Node build reads zstd.wasm from `__dirname`, which a bundled ESM module has not
// (`dl produce --compression zstd` failed with "__dirname is not defined").
const ALWAYS_EXTERNAL = ['parquet-wasm', 'kafkajs', '@aws-sdk/[^/]+', '@bokuweb/zstd-wasm'];
const DYNAMIC_ONLY_PACKAGES = ['yaml', 'prom-client'];
const packagesRegex = (names) => new RegExp(`^(${names.join('|')})(/.*)?$`);
const EXTERNAL = packagesRegex([...ALWAYS_EXTERNAL, ...DYNAMIC_ONLY_PACKAGES]);
// In the CommonJS file (below) yaml and prom-client are bundled: there an import() of them becomes a require.
const EXTERNAL_CJS = packagesRegex(ALWAYS_EXTERNAL);
const DYNAMIC_ONLY = new RegExp(`^(${DYNAMIC_ONLY_PACKAGES.join('|')})$`);

/**
 * `import.meta.url` of the module at `file`, computed from the bundle's own location (so the
 * checkout can move): its URL in the ESM bundle, its `__dirname` in the CommonJS one.
 */
function originalUrl(file, format) {
  const rel = path.relative(outdir, file).split(path.sep).join('/');
  if (format === 'cjs') return `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(rel)})).href`;
  return `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
}

const keepLocations = (format) => ({
  name: 'keep-locations',
  setup(b) {
    b.onResolve({ filter: format === 'cjs' ? EXTERNAL_CJS : EXTERNAL }, async (args) => {
      if (args.pluginData === 'external') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'external' });
      if (r.errors.length > 0) return { errors: r.errors };
      // The installed file, by a path relative to the bundle: the same module instance the packages' own imports get.
      const rel = path.relative(outdir, r.path).split(path.sep).join('/');
      const target = rel.startsWith('.') ? rel : `./${rel}`;
      // A static import of these CommonJS packages is a require: Node's import of CommonJS first lexes
      // the file for its export names, which cost parquet-wasm's 100 KB glue ~30–60 ms per start.
      if (format === 'esm' && args.kind === 'import-statement' && !DYNAMIC_ONLY.test(args.path)) return { path: target, namespace: 'required' };
      return { path: target, external: true };
    });
    // `__dlRequire` is the banner's createRequire: esbuild leaves a call of it alone.
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({ contents: `module.exports = __dlRequire(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onLoad({ filter: /\.(m?js|cjs)$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', originalUrl(args.path, format)), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
});

// commander requires node:child_process when it loads, for executable subcommands, which dl has
// none of; loading it (and node:net with it) cost every start ~1.2 ms. Its one use is `spawn`, so it
// gets a stand-in that requires the module on the first call.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let cp; module.exports = { spawn: (...args) => (cp ??= require('node:child_process')).spawn(...args) };",
      loader: 'js',
    }));
  },
};

// run.cjs runs `dl view` only (launch.ts sends nothing else to it), yet as one file it held every
// command's action, their packages too (kafkajs's glue, prom-client, @inquirer, the producer):
// 2.7 MB that every first screen read and V8 checked. The other actions are stand-ins there.
const COMMAND_ACTIONS = /^\.\.\/actions\/[a-z-]+-action\.js$/;
const viewActionsOnly = {
  name: 'view-actions-only',
  setup(b) {
    b.onResolve({ filter: COMMAND_ACTIONS }, (args) => (args.path.endsWith('/view-action.js') ? undefined : { path: args.path, namespace: 'not-a-view' }));
    b.onLoad({ filter: /.*/, namespace: 'not-a-view' }, (args) => ({
      contents: `const no = () => { throw new Error(${JSON.stringify(`${args.path} is not in run.cjs, which runs dl view only`)}); };
export { no as runIngest, no as runDemo, no as runProduce, no as runReplay, no as runTidy, no as printConfig };`,
      loader: 'js',
    }));
  },
};

// Chunk names carry content hashes: a fresh directory, so no stale chunk outlives a rebuild.
await rm(outdir, { recursive: true, force: true });
const common = {
  // The metafile names inputs relative to the repository, wherever this runs from.
  absWorkingDir: path.resolve(cli, '..', '..'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
};
const { metafile } = await build({
  ...common,
  entryPoints: [path.join(cli, 'dist', 'main.js')],
  outdir,
  splitting: true,
  format: 'esm',
  // CommonJS packages inside the bundle (commander, avsc, …) call require for Node's built-ins.
  banner: {
    js: "import { createRequire as __dlCreateRequire } from 'node:module'; const require = __dlCreateRequire(import.meta.url); const __dlRequire = require;",
  },
  plugins: [lazyChildProcess, keepLocations('esm')],
  metafile: true,
});
// Which source modules each output file holds: test/unit/cli.test.ts checks what a command loads with it.
await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(metafile));

// `dl view` runs the same program from one CommonJS file instead, which main.js compiles with a V8
// code cache (run-with-code-cache.ts): V8 then neither parses the modules nor compiles the
// functions a view ran before, ~30 ms of a first screen. One file, no chunks: a dynamic import in
// it becomes a function that runs only when called, and other commands' actions are stand-ins.
await build({
  ...common,
  entryPoints: [path.join(cli, 'dist', 'run.js')],
  outfile: path.join(outdir, 'run.cjs'),
  format: 'cjs',
  plugins: [lazyChildProcess, viewActionsOnly, keepLocations('cjs')],
});

// bin/dl, a CommonJS file, starts from launch.cjs (launch.ts: `--version`, and a view through the code
// cache above), so neither loads Node's ES module loader (~8 ms); other commands go on to main.js.
await build({
  ...common,
  entryPoints: [path.join(cli, 'dist', 'launch.js')],
  outfile: path.join(outdir, 'launch.cjs'),
  format: 'cjs',
  plugins: [keepLocations('cjs')],
});
