import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** JSON-lines file the chaos scenarios append their figures to (see report-setup.ts). */
    chaosResults: string;
  }
}

/** One scenario's figures, as printed in the final table and written to .bench/chaos-results.json. */
export interface ChaosResult {
  scenario: string;
  fault: string;
  produced: number;
  table: number;
  dlq: number;
  lost: number;
  duplicated: number;
  /** `dl ingest` processes started after the first one (after kills, failures, for the final --once). */
  restarts: number;
  seconds: number;
}

/** Records a scenario's figures; called before the scenario's assertions, so a failure still shows up. */
export function recordResult(result: ChaosResult): void {
  appendFileSync(inject('chaosResults'), `${JSON.stringify(result)}\n`);
}

export function readResults(file: string): ChaosResult[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ChaosResult);
}
