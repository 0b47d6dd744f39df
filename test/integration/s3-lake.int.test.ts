import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDl } from '../support/run-dl.js';
import { tempLake, uniqueTopic } from '../support/stack-env.js';
import { s3Env, s3TestServer, tempS3Lake } from '../support/s3-env.js';
import { registerOrder } from '../support/produce-raw.js';

/** `dl view`, `dl demo` and the connection errors on an s3:// lake of the stack's S3 server. */
describe('an s3:// lake', () => {
  it('dl demo writes there, a second run adds more without duplicates, and dl view shows the same as on a local lake', { timeout: 240_000 }, async () => {
    const server = s3TestServer();
    const env = s3Env(server);
    const topic = uniqueTopic('s3demo');
    const s3Lake = tempS3Lake(server, 'demo');
    const args = ['demo', '--topic', topic, '--count', '60', '--broken', '2'];
    const first = await runDl([...args, '--data-dir', s3Lake], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('$ dl view parquet --tail 10');
    expect(first.stdout).toMatch(/\[10 rows x \d+ columns\]/);
    expect(first.stdout).toContain('NO_MAGIC_BYTE');
    expect(first.stderr).toContain('60 new rows, 14 new dead letters');
    const second = await runDl([...args, '--data-dir', s3Lake], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('60 new rows, 14 new dead letters');

    // The same topic into a local lake: dl view answers the same on both.
    const local = tempLake('dl-s3-cmp-');
    const ing = await runDl(['ingest', '--once', '--topic', topic, '--group', `local-${topic}`, '--data-dir', local, '--progress', 'none']);
    expect(ing.code, ing.stderr).toBe(0);
    for (const view of [
      ['parquet', '--count'],
      ['parquet-dlq', '--count'],
      ['parquet', '--format', 'jsonl', '--limit', '0', '--columns', 'partition,offset,key,order_id,products'],
      ['parquet-dlq', '--format', 'jsonl', '--limit', '0', '--columns', 'partition,offset,key,avro_value,error_class'],
      ['parquet', '--schema'],
      ['parquet', '--where', 'order_id=3', '--format', 'json'],
    ]) {
      const onS3 = await runDl(['view', ...view, '--data-dir', s3Lake], env);
      const onDisk = await runDl(['view', ...view, '--data-dir', local]);
      expect(onS3.code, onS3.stderr).toBe(0);
      expect(onS3.stdout, view.join(' ')).toBe(onDisk.stdout);
    }
    expect((await runDl(['view', 'parquet', '--count', '--data-dir', s3Lake], env)).stdout.trim()).toBe('120');
    // Files are listed relative to the table, as locally.
    const files = await runDl(['view', 'parquet', '--files', '--format', 'jsonl', '--data-dir', s3Lake], env);
    const names = files.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { file: string }).file);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^date=\d{4}-\d{2}-\d{2}\/.+\+\d+\+\d{20}-\d{20}\.parquet$/);
  });

  it('names what is wrong with the connection in one sentence, exit 1: wrong secret, no credentials', { timeout: 120_000 }, async () => {
    const server = s3TestServer();
    const lake = tempS3Lake(server, 'denied');
    const wrong = await runDl(['view', 'parquet', '--data-dir', lake], { ...s3Env(server), AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(wrong.code).toBe(1);
    expect(
      wrong.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('dl: ')),
    ).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^dl: S3 denied access to s3:\/\/.*check the access key and secret/m);
    expect(wrong.stderr).not.toContain('not-the-secret');

    const home = mkdtempSync(path.join(os.tmpdir(), 'dl-nocreds-'));
    const none = await runDl(['view', 'parquet', '--data-dir', lake], {
      ...s3Env(server),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      DL_STACK_DIR: home, // no stack endpoints file: no test credentials either
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^dl: No AWS credentials were found for .*set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/m);
  });

  it('dl replay re-drives dead letters of an s3:// lake exactly once, and dl view --hide-replayed reads its ledger there', { timeout: 240_000 }, async () => {
    const server = s3TestServer();
    const env = s3Env(server);
    const topic = uniqueTopic('s3replay');
    const lake = tempS3Lake(server, 'replay');
    const ok = async (args: string[]) => {
      const r = await runDl(args, env);
      expect(r.code, `dl ${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const json = async <T>(args: string[]) => JSON.parse(await ok([...args, '--format', 'json'])) as T;
    await registerOrder(topic);
    await ok(['produce', '--raw', '--count', '30', '--topic', topic, '--partitions', '3', '--seed', '1', '--key', 'order-{i}']);
    await ok(['produce', '--broken', 'garbage', '--count', '10', '--topic', topic, '--seed', '2', '--key', 'junk-{i}']);
    const ingest = ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--progress', 'none'];
    expect(await json(ingest)).toMatchObject({ rows: 0, deadLetters: 40 });

    const replay = ['replay', 'parquet-dlq', '--data-dir', lake, '--topic', topic, '--frame-with', 'latest', '--where', 'error_class=NO_MAGIC_BYTE'];
    expect(await json(replay)).toMatchObject({ matched: 30, alreadyReplayed: 0, toSend: 30, sent: 30 });
    expect(await json(ingest)).toMatchObject({ rows: 30, deadLetters: 0 });
    expect(await json(replay)).toMatchObject({ matched: 30, alreadyReplayed: 30, toSend: 0, sent: 0 });
    expect(await json(ingest)).toMatchObject({ rows: 0, deadLetters: 0 });

    const rows = JSON.parse(await ok(['view', 'parquet', '--data-dir', lake, '--format', 'json', '--limit', '0', '--columns', 'replay_of'])) as Array<{
      replay_of: string;
    }>;
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.replay_of)).size).toBe(30);
    const left = JSON.parse(await ok(['view', 'parquet-dlq', '--data-dir', lake, '--format', 'json', '--limit', '0', '--hide-replayed'])) as Array<{
      error_class: string;
    }>;
    expect(left.map((d) => d.error_class)).toEqual(Array(10).fill('DECODE_ERROR'));
  });
});
