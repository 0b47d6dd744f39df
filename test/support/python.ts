import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './stack-env.js';

function runWith(venv: string, script: string, args: string[], env: NodeJS.ProcessEnv): string {
  const python = path.join(REPO, venv, 'bin', 'python');
  if (!existsSync(python)) throw new Error(`The Python test venv ${venv} is missing: run \`bash test/python/setup-venv.sh\`.`);
  return execFileSync(python, [path.join(REPO, 'test', 'python', script), ...args], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, ...env },
  });
}

/** Runs a script of test/python with the project's venv (made by test/python/setup-venv.sh). */
export function runPython(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return runWith('.venv', script, args, env);
}

/** The same in `.venv-delta`, the Delta readers' venv (delta-rs, DuckDB with its delta extension). */
export function runDeltaPython(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return runWith('.venv-delta', script, args, env);
}
