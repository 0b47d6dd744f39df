#!/usr/bin/env node
// `dl view` and start-up against their peers, measured in the same run (issue #13):
//
//   pnpm build && pnpm bench:view [--runs 9] [--lake auto|ingested|generated] [--rows 1000000] [--file-rows 50000]
//
// Targets: `dl view` first screen and `--count` of a 1M-row lake ≤ 3× the DuckDB CLI's time for
// the same output, ≤ 150 MB peak RSS; `dl --version` ≤ 1.5× `node -e 0`.
// The lake is what `dl ingest` writes for the bench topic when the stack runs (`auto`), else an
// equivalent generated one (bench/view-lake.mjs); `--rows 10000000 --file-rows 1000000 --lake
// generated` is the 10M table of earlier runs. Each command runs as a user runs it, a fresh process
// each time (wall, user+sys CPU and peak RSS from GNU time); the commands take turns run by run, so a
// change in the machine's load hits them alike. The DuckDB CLI is PyPI's `duckdb-cli`
// (bench/requirements.txt, installed into .bench/duckdb-cli by bench/setup-duckdb-cli.sh).
// Figures, not a test: nothing fails on a slow machine.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sameNodePath } from './same-node-path.mjs';
import { generatedLake, ingestedLake, layoutOf } from './view-lake.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    lake: { type: 'string', default: 'auto' },
    rows: { type: 'string', default: '1000000' },
    'file-rows': { type: 'string', default: '50000' },
  },
});
const runs = Number(args.runs);
const rows = Number(args.rows);
if (!['auto', 'ingested', 'generated'].includes(args.lake)) throw new Error(`--lake is auto, ingested or generated, got "${args.lake}".`);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (!existsSync('/usr/bin/time')) throw new Error('bench:view needs GNU time at /usr/bin/time to measure peak RSS (apt-get install time).');

const lake =
  (args.lake === 'generated' ? undefined : ingestedLake(root, rows)) ??
  (args.lake === 'ingested' ? undefined : generatedLake(root, rows, Number(args['file-rows'])));
if (!lake) throw new Error('--lake ingested needs the local stack (pnpm stack:up).');
const kind = lake.includes('view-ingested')
  ? 'written by dl ingest --once from the bench topic'
  : Number(args['file-rows']) === 50_000
    ? 'generated with the ingester layout'
    : `generated in files of ${args['file-rows']} rows`;
const layout = layoutOf(root, lake);

const duckdb = path.join(root, '.bench', 'duckdb-cli', 'bin', 'duckdb');
if (!existsSync(duckdb)) {
  const r = spawnSync('bash', [path.join(root, 'bench', 'setup-duckdb-cli.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench/setup-duckdb-cli.sh failed: the DuckDB CLI is the peer of this bench.');
}
const duckVersion = spawnSync(duckdb, ['--version'], { encoding: 'utf8' }).stdout.trim();

const dl = path.join(root, 'bin', 'dl');
const glob = `${path.join(lake, 'parquet')}/**/*.parquet`;
const node = process.execPath;
// dl as users run it: bin/dl itself (its first line is sh; see bin/dl), not `node bin/dl`.
// NODE_EXTRA_CA_CERTS costs Node 20 ~70 ms of every start (it loads the certificates while it
// starts); bin/dl holds it back from --version and a local view (packages/cli/src/extra-ca-certs.ts).
// Then the fair floor for `dl --version` is Node without it, measured as well.
const extraCa = process.env.NODE_EXTRA_CA_CERTS || undefined;
const commands = {
  nodeFloor: { label: 'node -e 0', cmd: node, argv: ['-e', '0'] },
  ...(extraCa ? { nodeBare: { label: 'node -e 0 without NODE_EXTRA_CA_CERTS', cmd: node, argv: ['-e', '0'], env: { NODE_EXTRA_CA_CERTS: '' } } } : {}),
  version: { label: 'dl --version', cmd: dl, argv: ['--version'] },
  first: { label: 'dl view parquet (first screen)', cmd: dl, argv: ['view', 'parquet', '--data-dir', lake] },
  duckFirst: { label: 'duckdb: SELECT * … LIMIT 20', cmd: duckdb, argv: ['-c', `SELECT * FROM read_parquet('${glob}', hive_partitioning=true) LIMIT 20`] },
  count: { label: 'dl view parquet --count', cmd: dl, argv: ['view', 'parquet', '--data-dir', lake, '--count'] },
  duckCount: { label: 'duckdb: SELECT count(*)', cmd: duckdb, argv: ['-c', `SELECT count(*) FROM read_parquet('${glob}', hive_partitioning=true)`] },
  tail: { label: 'dl view parquet --tail 20', cmd: dl, argv: ['view', 'parquet', '--data-dir', lake, '--tail', '20'] },
  where: {
    label: 'dl view parquet --where order_id=… --columns offset',
    cmd: dl,
    argv: ['view', 'parquet', '--data-dir', lake, '--where', `order_id=${rows - 1}`, '--columns', 'offset'],
  },
};

/** Wall ms, CPU ms (user+sys, in GNU time's 10 ms steps) and peak RSS (MB) of one process. */
function measure({ cmd, argv, env }) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, PATH: sameNodePath(), COLUMNS: '120', ...env },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  // GNU time's wall clock has 10 ms steps, too coarse for 50 ms processes: the wall time is taken here.
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [, user, sys, rssKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpu: (user + sys) * 1000, mb: rssKb / 1024, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = [os.loadavg()];
// One warm-up run each (the page cache, the first run's disk reads), then rounds in turn.
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const c of Object.values(commands)) measure(c);
for (let i = 0; i < runs; i++) for (const [k, c] of Object.entries(commands)) samples[k].push(measure(c));
load.push(os.loadavg());
const stat = Object.fromEntries(
  Object.entries(samples).map(([k, s]) => [k, { ms: median(s.map((x) => x.ms)), cpu: median(s.map((x) => x.cpu)), mb: Math.max(...s.map((x) => x.mb)) }]),
);

// Same output: both say the table's row count, and both print 20 rows.
const dlCount = samples.count[0].stdout.trim();
const duckCount = /│\s*(\d+)\s*│/.exec(samples.duckCount[0].stdout.split('\n').reverse().join('\n'))?.[1];
if (dlCount !== String(layout.rows) || duckCount !== String(layout.rows))
  throw new Error(`counts differ: dl ${dlCount}, duckdb ${duckCount}, footers ${layout.rows}`);

const cpu = os.cpus();
console.log(
  `${new Date().toISOString().slice(0, 10)}, ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version}, ${duckVersion.split(' ')[0]} DuckDB CLI`,
);
console.log(`load average ${load.map((l) => l.map((x) => x.toFixed(2)).join(' ')).join(' → ')} (start → end); medians of ${runs} runs, commands in turn`);
console.log(
  `lake: ${layout.rows} rows ${kind}: ${layout.files} files (median ${layout.medianFileRows} rows), ${layout.rowGroups.join('/')} row group(s) per file, ${(layout.bytes / 1e6).toFixed(1)} MB\n`,
);
const w = Math.max(...Object.values(commands).map((c) => c.label.length));
console.log(`${'command'.padEnd(w)}  wall ms  cpu ms  peak RSS MB`);
for (const [k, c] of Object.entries(commands)) {
  const s = stat[k];
  console.log(`${c.label.padEnd(w)}  ${s.ms.toFixed(0).padStart(7)}  ${s.cpu.toFixed(0).padStart(6)}  ${s.mb.toFixed(0).padStart(11)}`);
}
const ratio = (a, b, target) => {
  const r = stat[a].ms / stat[b].ms;
  const c = stat[a].cpu / stat[b].cpu;
  return `${r.toFixed(2)}× wall, ${c.toFixed(2)}× cpu (target ≤ ${target}×${r <= target ? ', met' : ', NOT met'})`;
};
const rss = (k) => `${stat[k].mb.toFixed(0)} MB (target ≤ 150${stat[k].mb <= 150 ? ', met' : ', NOT met'})`;
console.log(`\nfirst screen vs DuckDB: ${ratio('first', 'duckFirst', 3)}, ${rss('first')}`);
console.log(`--count vs DuckDB:      ${ratio('count', 'duckCount', 3)}, ${rss('count')}`);
if (extraCa) {
  console.log(`dl --version vs node:   ${ratio('version', 'nodeBare', 1.5)} (node without NODE_EXTRA_CA_CERTS, as bin/dl starts it)`);
  console.log(`                        ${ratio('version', 'nodeFloor', 1.5)} (node with NODE_EXTRA_CA_CERTS=${extraCa}, as set here)`);
} else console.log(`dl --version vs node:   ${ratio('version', 'nodeFloor', 1.5)}`);
