import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, startTracked, waitForStderr } from '../chaos/support/dl-process.js';
import { runDl } from '../support/run-dl.js';
import { s3Env, s3TestServer, tempS3Lake } from '../support/s3-env.js';
import { uniqueTopic } from '../support/stack-env.js';

const COUNT = 40;

/** Forwards to the stack's S3 server, or answers every request 503 SlowDown while `down` (a throttling or flapping S3). */
async function flakyS3Proxy(target: string): Promise<{ url: string; server: Server; state: { down: boolean; refused: string[] } }> {
  const up = new URL(target);
  const state = { down: false, refused: [] as string[] };
  const server = createServer((req, res) => {
    if (state.down) {
      state.refused.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      });
      return;
    }
    // The Host header goes through unchanged: it is part of what the client signed.
    const fwd = request({ hostname: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state };
}

let proxy: Server | undefined;
afterEach(async () => {
  await killLeftovers();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  proxy = undefined;
});

describe('Ctrl-C while S3 is throttling', () => {
  it('the final flush rides out the outage: dl ingest exits 0 and every buffered record is in the lake', { timeout: 180_000 }, async () => {
    const s3 = s3TestServer();
    const flaky = await flakyS3Proxy(s3.endpoint);
    proxy = flaky.server;
    const topic = uniqueTopic('drain');
    const lake = tempS3Lake(s3, 'drain');
    expect((await runDl(['produce', '--topic', topic, '--count', String(COUNT), '--format', 'json'])).code).toBe(0);

    // No flush before the stop: everything waits in the buffer for the drain.
    const flags = ['--group', `g-${topic}`, '--data-dir', lake, '--progress', 'json', '--flush-interval', '3600', '--flush-records', '1000000'];
    const run = startTracked(['ingest', '--topic', topic, ...flags], { ...s3Env(s3), AWS_ENDPOINT_URL_S3: flaky.url });
    await waitForStderr(run, new RegExp(`"records":${COUNT},`), 60_000);

    flaky.state.down = true;
    run.child.kill('SIGINT');
    // The drain's first write hits the outage and is retried (before the fix it stopped the run at once).
    await waitForStderr(run, /_dl\/staging\/[^"]*; pausing and retrying/, 60_000);
    flaky.state.down = false;
    const { code } = await run.exited;

    const stderr = run.stderr.join('');
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('SIGINT: finishing the current flush and committing');
    expect(stderr).not.toContain('"level":"error"');
    expect(flaky.state.refused.some((r) => r.startsWith('PUT '))).toBe(true);
    const count = await runDl(['view', 'parquet', '--count', '--data-dir', lake], s3Env(s3));
    expect(count.stdout.trim(), count.stderr).toBe(String(COUNT));
  });
});
