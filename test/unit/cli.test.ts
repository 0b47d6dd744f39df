import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flagName, isFlagOnly, settingsOf, SETTINGS, type SettingSpec } from '@dl/core/config';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dlWith = (env: Record<string, string>, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/dl', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dl = (...args: string[]) => dlWith({}, ...args);

// The CLI's contract with shells and scripts: help and version on stdout, usage errors as one
// line on stderr with exit code 2.
describe('dl (the command line)', () => {
  it('prints help and version', () => {
    const help = dl('--help');
    expect(help.code).toBe(0);
    for (const c of ['produce', 'ingest', 'view', 'demo']) expect(help.out).toContain(c);
    const version = dl('--version');
    expect(version.out.trim()).toBe(JSON.parse(readFileSync(`${repo}/packages/cli/package.json`, 'utf8')).version);
    for (const c of ['produce', 'ingest', 'view', 'demo']) expect(dl(c, '--help').code).toBe(0);
  });
  it('lists every setting of a command in its --help, with its env name or "flag only", from the schema', () => {
    for (const command of ['produce', 'ingest', 'view', 'replay', 'demo', 'config'] as const) {
      const help = dl(command, '--help').out.replace(/\s+/g, ' ');
      for (const key of settingsOf(command)) {
        const spec = SETTINGS[key] as SettingSpec<unknown>;
        if (spec.hidden) continue;
        expect(help, `${command} ${key}`).toContain(flagName(spec));
        expect(help, `${command} ${key}`).toContain(spec.description.replace(/\s+/g, ' '));
        if (spec.env) expect(help, `${command} ${key}`).toContain(`env ${spec.env}`);
        if (isFlagOnly(spec)) expect(help, `${command} ${key}`).toContain(`${spec.description.replace(/\s+/g, ' ')} (per-run, flag only`);
      }
    }
  });
  it('rejects an unknown command or flag with one line and exit 2', () => {
    const cmd = dl('nope');
    expect(cmd.code).toBe(2);
    expect(cmd.err.split('\n')[0]).toBe("error: unknown command 'nope'");
    const flag = dl('ingest', '--bogus');
    expect(flag.code).toBe(2);
    expect(flag.err.split('\n')[0]).toBe("error: unknown option '--bogus'");
  });
  it('names a bad value and its fix, exit 2', () => {
    const r = dl('ingest', '--flush-records', 'lots');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('dl: --flush-records "lots" is not a whole number of at least 1; e.g. --flush-records 100000.');
    const p = dl('ingest', '--partition-by', 'weekly', '--once');
    expect(p.code).toBe(2);
    expect(p.err.trim()).toBe('dl: --partition-by "weekly" is not one of date, hour, none or field:<name>; e.g. --partition-by date.');
    const b = dl('ingest', '--brokers', 'no-port', '--once');
    expect(b.code).toBe(2);
    expect(b.err.trim()).toBe('dl: --brokers "no-port" has "no-port", which is not host:port; e.g. --brokers localhost:9092.');
  });
  it('reports every bad value at once, one line each', () => {
    const r = dl('ingest', '--flush-records', 'lots', '--partition-by', 'weekly', '--session-timeout', '1', '--once');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      'dl: --partition-by "weekly" is not one of date, hour, none or field:<name>; e.g. --partition-by date.',
      'dl: --flush-records "lots" is not a whole number of at least 1; e.g. --flush-records 100000.',
      'dl: --session-timeout "1" is not a whole number from 6 to 300; e.g. --session-timeout 30.',
    ]);
  });
  it('dl config prints each value and its source, secrets masked', () => {
    const r = dl('config', 'ingest', '--group', 'g1', '--registry-auth', 'bob:hunter2', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const { command, settings } = JSON.parse(r.out) as {
      command: string;
      settings: Record<string, { value: string | null; source: string | null; from?: string }>;
    };
    expect(command).toBe('ingest');
    expect(settings.group).toMatchObject({ value: 'g1', source: 'flag' });
    expect(settings.brokers).toMatchObject({ value: '127.0.0.1:1', source: 'env', from: 'KAFKA_BROKERS' });
    expect(settings['registry-auth']).toMatchObject({ value: 'bob:***', source: 'flag' });
    expect(settings['flush-records']).toMatchObject({ value: '100000', source: 'default', sources: 'flag, env, dl.yaml' });
    // A lasting setting from the environment (every lasting setting has a variable).
    const fromEnv = dlWith({ DL_FLUSH_RECORDS: '500' }, 'config', 'ingest', '--format', 'json');
    expect(fromEnv.code, fromEnv.err).toBe(0);
    expect((JSON.parse(fromEnv.out) as { settings: Record<string, unknown> }).settings['flush-records']).toMatchObject({
      value: '500',
      source: 'env',
      from: 'DL_FLUSH_RECORDS',
    });
    // Per-run arguments are listed too, marked as read from the command line only.
    expect(settings.once).toMatchObject({ value: 'false', source: 'default', sources: 'flag' });
    expect(r.out).not.toContain('hunter2');
    const text = dl('config');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^data-dir +\.\/ingestion_data +default$/m);
    expect(text.out).toMatch(/^format +text +default \[per-run: flag only\]$/m);
  });
  it('refuses a malformed s3:// data dir with one sentence and exit 2, before connecting to anything', () => {
    const empty = dl('ingest', '--once', '--brokers', 'localhost:1', '--data-dir', 's3://');
    expect(empty.code).toBe(2);
    expect(empty.err.trim()).toBe('dl: --data-dir "s3://" has no bucket name; write it as s3://<bucket>/<prefix>, e.g. s3://dl-lake/orders.');
    const bad = dl('view', 'parquet', '--data-dir', 's3://Bad_Bucket/x');
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toMatch(/^dl: --data-dir "s3:\/\/Bad_Bucket\/x" has "Bad_Bucket", which is not a valid S3 bucket name; use 3-63/);
    // The storage library names the setting; the cli words it for where the value came from.
    const fromEnv = dlWith({ DL_DATA_DIR: 's3://Bad_Bucket/x' }, 'view', 'parquet');
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.err.trim()).toMatch(/^dl: DL_DATA_DIR="s3:\/\/Bad_Bucket\/x" has "Bad_Bucket", which is not a valid S3 bucket name/);
    const endpoint = dl('view', 'parquet', '--data-dir', 's3://dl-lake/x', '--s3-endpoint', 'localhost:8333');
    expect(endpoint.code).toBe(2);
    expect(endpoint.err.trim()).toBe('dl: --s3-endpoint "localhost:8333" is not an http(s) URL without credentials; e.g. --s3-endpoint http://localhost:8333.');
  });
  it('refuses to prompt without a terminal', () => {
    const r = dl('produce');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'dl: dl produce has no terminal to prompt on: pass --count N (generated orders), --description TEXT (one order) or --input FILE (JSON lines, - for stdin).\n',
    );
  });
});

describe('lazy loading', () => {
  it('dl view never loads a Kafka client', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-lazy-'));
    // kafkajs is CommonJS: every load of it goes through Module._load, which this preload watches.
    const hook = path.join(dir, 'hook.cjs');
    writeFileSync(
      hook,
      "const M = require('module'); const load = M._load; M._load = function (req, ...rest) { if (/kafkajs/.test(req)) process.stderr.write('LOADED ' + req + '\\n'); return load.call(this, req, ...rest); };\n",
    );
    const run = (args: string[]) => spawnSync(process.execPath, ['--require', hook, 'bin/dl', ...args], { cwd: repo, encoding: 'utf8' });
    const view = run(['view', 'parquet-dlq', '--data-dir', dir]);
    expect(view.stderr).not.toContain('LOADED');
    // Declaring commands loads nothing heavy either.
    const ingestHelp = run(['ingest', '--help']);
    expect(ingestHelp.stderr).not.toContain('LOADED');
    // And the hook does see kafkajs when something loads it.
    const sanity = spawnSync(process.execPath, ['--require', hook, '-e', "require('kafkajs')"], { cwd: `${repo}/packages/kafka`, encoding: 'utf8' });
    expect(sanity.stderr).toContain('LOADED kafkajs');
  });
  it('dl --version loads nothing but the launcher; dl view --count loads no Parquet decoder, Arrow, S3 or Delta code', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { writeOrdersTable } = await import('../../packages/viewer/test/helpers/lake-fixtures.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-lazy-esm-'));
    writeOrdersTable(path.join(dir, 'parquet'), 2, 10);
    // An ESM loader hook sees every module that an import loads (the packages here are ESM; a CommonJS
    // package's own requires are not seen, its entry is).
    writeFileSync(
      path.join(dir, 'hooks.mjs'),
      // writeSync on fd 2: the hooks run on a thread of their own (Node 24), whose process.stderr
      // writes can be lost when a short command (dl --version) exits first.
      "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) { writeSync(2, 'LOADED ' + url + '\\n'); return next(url, context); }\n",
    );
    writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${dir}/hooks.mjs`)});\n`);
    // The bundle (packages/cli/bundle.mjs) loads output chunks: its metafile says which modules each holds.
    const meta = JSON.parse(readFileSync(`${repo}/packages/cli/bundle/meta.json`, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    // The ES modules: a view runs from them without its code cache (the next test covers that path, whose
    // one file holds the same modules, each run only when imported, as here).
    const loaded = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', `file://${dir}/register.mjs`, 'bin/dl', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, DL_NO_CODE_CACHE: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
      const files = r.stderr
        .split('\n')
        .flatMap((l) => (l.startsWith('LOADED file:') ? [path.relative(repo, new URL(l.slice('LOADED '.length)).pathname)] : []));
      return { files, modules: files.flatMap((f) => (meta.outputs[f] ? Object.keys(meta.outputs[f].inputs) : [f])) };
    };
    // bin/dl is CommonJS: --version requires launch.cjs and no ES module at all (Node's ES module loader is ~8 ms).
    expect(loaded(['--version']).files).toEqual(['bin/dl']);
    writeFileSync(
      path.join(dir, 'require-hook.cjs'),
      "const M = require('module'); const load = M._load; M._load = function (req, parent, ...rest) { if (!M.isBuiltin(req)) require('fs').writeSync(2, 'REQUIRED ' + M._resolveFilename(req, parent) + '\\n'); return load.call(this, req, parent, ...rest); };\n",
    );
    const required = spawnSync(process.execPath, ['--require', path.join(dir, 'require-hook.cjs'), 'bin/dl', '--version'], { cwd: repo, encoding: 'utf8' });
    expect(required.status, required.stderr).toBe(0);
    expect(required.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(required.stderr.split('\n').flatMap((l) => (l.startsWith('REQUIRED ') ? [path.relative(repo, l.slice('REQUIRED '.length))] : []))).toEqual([
      'bin/dl',
      'packages/cli/bundle/launch.cjs',
    ]);
    const heavy = /apache-arrow|parquet-wasm|@aws-sdk|kafkajs|avsc|packages\/delta\/dist\/(?!log-keys)|packages\/core\/dist\/index/;
    const count = loaded(['view', 'parquet', '--data-dir', dir, '--count']).modules;
    expect(count.filter((m) => heavy.test(m))).toEqual([]);
    expect(count.filter((m) => /hyparquet/.test(m)).length).toBeGreaterThan(0);
    // Printing rows needs the decoder, but still no S3 client, Kafka client or Delta reader for a plain local lake.
    const rows = loaded(['view', 'parquet', '--data-dir', dir, '--limit', '2']).modules;
    expect(rows.filter((m) => /@aws-sdk|kafkajs|packages\/delta\/dist\/(?!log-keys)/.test(m))).toEqual([]);
    expect(rows.filter((m) => /parquet-wasm/.test(m)).length).toBeGreaterThan(0);
    expect(rows.filter((m) => /apache-arrow/.test(m)).length).toBeGreaterThan(0);
  });

  it('dl view runs from the one-file bundle with a V8 code cache: written by the first view, used by the next, written again when V8 rejects it', async () => {
    const { mkdtempSync, readdirSync, statSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { writeOrdersTable } = await import('../../packages/viewer/test/helpers/lake-fixtures.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-code-cache-'));
    writeOrdersTable(path.join(dir, 'parquet'), 2, 10);
    // The externals the one file requires go through Module._load, which this preload watches.
    const hook = path.join(dir, 'hook.cjs');
    writeFileSync(
      hook,
      "const M = require('module'); const load = M._load; M._load = function (req, ...rest) { if (/parquet-wasm|@aws-sdk|kafkajs/.test(req)) process.stderr.write('LOADED ' + req + '\\n'); return load.call(this, req, ...rest); };\n",
    );
    const bundle = path.join(repo, 'packages/cli/bundle');
    const caches = () => readdirSync(bundle).filter((f) => /^run\.cjs\..*\.cache$/.test(f));
    const view = (args: string[], env: Record<string, string> = {}) => {
      const r = spawnSync(process.execPath, ['--require', hook, 'bin/dl', 'view', 'parquet', '--data-dir', dir, ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      expect(r.status, r.stderr).toBe(0);
      return { out: r.stdout, loaded: r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')) };
    };
    const plain = view([], { DL_NO_CODE_CACHE: '1' }).out;
    const first = view([]);
    expect(first.out).toBe(plain);
    expect(first.loaded.some((l) => l.includes('parquet-wasm'))).toBe(true);
    expect(first.loaded.filter((l) => /@aws-sdk|kafkajs/.test(l))).toEqual([]);
    // --count reads footers only, in JS (from the ES modules: the one file would cost it more than it saves).
    expect(view(['--count']).loaded).toEqual([]);
    const [cache] = caches();
    expect(cache).toBeDefined();
    const file = path.join(bundle, cache!);
    // Used as it was, not written again. (A view of another test file that started before the cache
    // existed writes it once more when it ends: a view of ours that leaves it as it was is enough.)
    let kept = false;
    for (let i = 0; i < 3 && !kept; i++) {
      const before = statSync(file).mtimeMs;
      expect(view([]).out).toBe(plain);
      kept = statSync(file).mtimeMs === before;
    }
    expect(kept).toBe(true);
    // A cache V8 will not take (here: one of another length) is replaced, and the output is the same.
    writeFileSync(file, Buffer.from('not a V8 code cache'));
    expect(view([]).out).toBe(plain);
    expect(statSync(file).size).toBeGreaterThan(100_000);
  });

  it("holds no other command's action in run.cjs, which only dl view runs: a stand-in for each", () => {
    const text = readFileSync(`${repo}/packages/cli/bundle/run.cjs`, 'utf8');
    for (const action of ['ingest', 'produce', 'demo', 'replay', 'tidy', 'config'])
      expect(text).toContain(`../actions/${action}-action.js is not in run.cjs, which runs dl view only`);
    // Words of the actions themselves, and of packages only they load.
    expect(text).not.toContain('finishing the current flush and committing');
    expect(text).not.toContain('prom-client');
    expect(text).not.toContain('@inquirer');
    expect(text).toContain('packages/cli/dist/actions/view-action.js');
  });

  it('bundles no module that needs CommonJS globals (__dirname, __filename): those stay outside, loaded with require', async () => {
    const path = await import('node:path');
    // A bundled ESM module has no __dirname: @bokuweb/zstd-wasm's Node build read its .wasm through it,
    // and `dl produce --compression zstd` failed with "__dirname is not defined" until it was made external.
    const meta = JSON.parse(readFileSync(`${repo}/packages/cli/bundle/meta.json`, 'utf8')) as { inputs: Record<string, unknown> };
    const needsGlobals = Object.keys(meta.inputs).filter((f) => {
      if (f.startsWith('required:') || !existsSync(path.join(repo, f))) return false;
      const code = readFileSync(path.join(repo, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
      return /\b__(dirname|filename)\b/.test(code);
    });
    expect(needsGlobals).toEqual([]);
    expect(Object.keys(meta.inputs).some((f) => f.includes('@bokuweb/zstd-wasm'))).toBe(true); // there, as a require
  });
});
