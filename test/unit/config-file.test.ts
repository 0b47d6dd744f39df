import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `dl config <command> --config <file> --format json`: the effective values, as dl will use them. */
function effective(command: string, yaml: string): Record<string, { value: unknown; source: string | null }> {
  const file = path.join(dir, `${command}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const r = spawnSync(process.execPath, ['bin/dl', 'config', command, '--config', file, '--format', 'json'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, DL_STACK_DIR: dir },
  });
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { settings: Record<string, { value: unknown; source: string | null }> }).settings;
}

describe('dl.yaml values', () => {
  it('keep the text that was written: a group 007 stays "007", a topic 1.10 stays "1.10"', () => {
    const s = effective('ingest', 'group: 007\ntopic: [1.10, 2.0]\n');
    expect(s.group).toMatchObject({ value: '007', source: 'file' });
    expect(s.topic).toMatchObject({ value: '1.10,2.0', source: 'file' });
  });

  it('are still converted by the setting type (numbers, booleans), and an empty value is unset', () => {
    const s = effective('ingest', 'flush-interval: 010\nssl-insecure: true\nrow-group-size:\nsession-timeout: ~\n');
    expect(s['flush-interval']).toMatchObject({ value: '10', source: 'file' });
    expect(s['ssl-insecure']).toMatchObject({ value: 'true', source: 'file' });
    expect(s['row-group-size']).toMatchObject({ value: '100000', source: 'default' });
    expect(s['session-timeout']).toMatchObject({ value: '30', source: 'default' });
  });
});

describe('--ssl-ca', () => {
  it('a directory is a bad value: one sentence and exit 2, not "this is a bug"', () => {
    const r = spawnSync(process.execPath, ['bin/dl', 'ingest', '--ssl-ca', dir, '--once'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, DL_STACK_DIR: dir, KAFKA_BROKERS: '127.0.0.1:1' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`dl: --ssl-ca "${dir}" is a directory, not a file: give the path of a file; e.g. --ssl-ca ca.pem.\n`);
  });
});
