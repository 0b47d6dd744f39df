import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { signatureMismatch, type SignatureEcho } from '../support/s3-signature-echo.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'cli-test-secret-7d2a90';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** An S3 endpoint that answers every request 403 SignatureDoesNotMatch, echoing the signing material in body and message. */
async function deniedS3(): Promise<{ url: string; echoes: SignatureEcho[] }> {
  const echoes: SignatureEcho[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { body, echo } = signatureMismatch(req, true);
      echoes.push(echo);
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, echoes };
}

/** bin/dl in a child process (asynchronously: the fake server answers from this one). */
function dl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/dl', ...args], { cwd: repo, env: { ...process.env, ...env } }, (_e, out, err) =>
      resolve({ code: child.exitCode, out, err }),
    );
  });
}

describe('what dl prints when S3 rejects the signature', () => {
  it('one sentence naming the fix, with none of the secret or the echoed signing material, even with DL_DEBUG', async () => {
    const s3 = await deniedS3();
    const r = await dl(['view', 'parquet', '--data-dir', 's3://dl-bucket/lake', '--s3-endpoint', s3.url], {
      AWS_ACCESS_KEY_ID: 'cli-test-key',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_REGION: 'us-east-1',
      DL_DEBUG: '1',
    });
    expect(s3.echoes.length).toBeGreaterThan(0);
    const echo = s3.echoes[0]!;
    expect(echo.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(r.out).toBe('');
    // Nothing but dl's own lines (no NodeVersionSupportWarning from the AWS SDK on Node 20).
    expect(r.err.split('\n').filter((l) => l !== '' && !/^(dl|cause): /.test(l))).toEqual([]);
    expect(r.err).toMatch(
      /^dl: S3 denied access to s3:\/\/dl-bucket\/lake\/? \(endpoint http:\/\/127\.0\.0\.1:\d+\) \(SignatureDoesNotMatch\): check the access key and secret/,
    );
    for (const leak of [SECRET, echo.signature, echo.stringToSign, 'StringToSign', 'SignatureProvided']) expect(r.err).not.toContain(leak);
    // DL_DEBUG's cause line is there, and it too is only the error name and status.
    expect(r.err).toContain("\ncause: SignatureDoesNotMatch: HTTP 403; the server's text is left out");
    expect(r.code).not.toBe(0);
  });
});
