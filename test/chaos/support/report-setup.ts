import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO } from '../../support/stack-env.js';
import { readResults, type ChaosResult } from './results.js';

/**
 * Global setup of the chaos project: hands the scenarios a fresh results file, and at the very end
 * (after every file, whatever order vitest ran them in) prints the figures as a table and writes
 * them to .bench/chaos-results.json.
 */
export default function setup(project: TestProject): () => void {
  const file = path.join(os.tmpdir(), `dl-chaos-results-${process.pid}.jsonl`);
  rmSync(file, { force: true });
  project.provide('chaosResults', file);
  const started = Date.now();
  return () => {
    const results = readResults(file);
    rmSync(file, { force: true });
    if (results.length === 0) return;
    process.stdout.write(`\n${renderTable(results)}\n`);
    const out = path.join(REPO, '.bench', 'chaos-results.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ finishedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), results }, null, 2)}\n`);
    process.stdout.write(`chaos figures written to ${path.relative(REPO, out)}\n`);
  };
}

const COLUMNS: Array<[string, (r: ChaosResult) => string | number]> = [
  ['scenario', (r) => r.scenario],
  ['fault', (r) => r.fault],
  ['produced', (r) => r.produced],
  ['in table', (r) => r.table],
  ['in DLQ', (r) => r.dlq],
  ['lost', (r) => r.lost],
  ['duplicated', (r) => r.duplicated],
  ['restarts', (r) => r.restarts],
  ['seconds', (r) => r.seconds],
];

function renderTable(results: ChaosResult[]): string {
  const cells = [COLUMNS.map(([h]) => h), ...results.map((r) => COLUMNS.map(([, f]) => String(f(r))))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
