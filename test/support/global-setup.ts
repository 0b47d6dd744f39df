import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './stack-env.js';

/**
 * Integration tests need the real local stack and the Python test venv. `pnpm test` brings both
 * up when they are missing, so the README's test command is one command; a stack it started is
 * stopped again at the end (one that was already running is left alone).
 */
export default function setup(): () => void {
  const stackDir = process.env.DL_STACK_DIR ?? path.join(REPO, '.stack');
  const external = process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL;
  let started = false;
  if (!external && !existsSync(path.join(stackDir, 'endpoints.json'))) {
    process.stderr.write('integration tests: starting the local stack (pnpm stack:up)...\n');
    execFileSync(process.execPath, [path.join(REPO, 'stack/stack.mjs'), 'up'], { stdio: 'inherit' });
    started = true;
  }
  execFileSync('bash', [path.join(REPO, 'test/python/setup-venv.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return () => {
    if (started) execFileSync(process.execPath, [path.join(REPO, 'stack/stack.mjs'), 'down'], { stdio: 'inherit' });
  };
}
