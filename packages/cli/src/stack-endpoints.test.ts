import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from './stack-endpoints.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-stack-endpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stackEndpoints', () => {
  it('reads the file once per process: settings and S3 connection see the same contents', () => {
    const file = path.join(dir, 'endpoints.json');
    writeFileSync(file, JSON.stringify({ brokers: 'localhost:1', s3Endpoint: 'http://127.0.0.1:2', s3Region: '', port: 3 }));
    const first = stackEndpoints({ DL_STACK_DIR: dir });
    // Strings only, empty ones dropped.
    expect(first?.values).toEqual({ brokers: 'localhost:1', s3Endpoint: 'http://127.0.0.1:2' });
    writeFileSync(file, JSON.stringify({ brokers: 'localhost:9' }));
    expect(stackEndpoints({ DL_STACK_DIR: dir })).toBe(first);
  });

  it('is undefined when the stack is not up or its file is half-written', () => {
    expect(stackEndpoints({ DL_STACK_DIR: path.join(dir, 'none') })).toBeUndefined();
    const half = mkdtempSync(path.join(dir, 'half-'));
    writeFileSync(path.join(half, 'endpoints.json'), '{"brokers": "local');
    expect(stackEndpoints({ DL_STACK_DIR: half })).toBeUndefined();
  });
});
