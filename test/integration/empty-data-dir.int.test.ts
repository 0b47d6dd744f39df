import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO, tempLake, uniqueTopic } from '../support/stack-env.js';

/** `bin/dl` run in `cwd`, as a user in another directory would. */
function dlIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/dl'), ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// Issue #10: `DL_DATA_DIR=` (set but empty) made ingest write into the working directory itself
// while view and replay read ./ingestion_data. An empty value now counts as unset everywhere.
describe('DL_DATA_DIR set but empty', () => {
  it('means ./ingestion_data for ingest, view and replay', async () => {
    const cwd = tempLake('dl-cwd-');
    const topic = uniqueTopic('emptydir');
    const empty = { DL_DATA_DIR: '' };
    const produced = await dlIn(cwd, ['produce', '--topic', topic, '--count', '5']);
    expect(produced.code, produced.stderr).toBe(0);
    const broken = await dlIn(cwd, ['produce', '--topic', topic, '--count', '2', '--broken', 'garbage']);
    expect(broken.code, broken.stderr).toBe(0);

    const ingested = await dlIn(cwd, ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--progress', 'none'], empty);
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(existsSync(path.join(cwd, 'ingestion_data', 'parquet'))).toBe(true);
    expect(existsSync(path.join(cwd, 'ingestion_data', 'parquet-dlq'))).toBe(true);
    for (const stray of ['parquet', 'parquet-dlq', '_dl']) expect(existsSync(path.join(cwd, stray))).toBe(false);

    const viewed = await dlIn(cwd, ['view', 'parquet', '--count'], empty);
    expect(viewed.code, viewed.stderr).toBe(0);
    expect(viewed.stdout.trim()).toBe('5');

    const replayed = await dlIn(cwd, ['replay', 'parquet-dlq', '--dry-run', '--format', 'json', '--topic', topic], empty);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect((JSON.parse(replayed.stdout) as { matched: number }).matched).toBe(2);
  });
});
