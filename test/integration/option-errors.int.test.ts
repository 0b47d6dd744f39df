import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDl } from '@dl/test-support/run-dl';
import { stackEndpoints, tempLake, uniqueTopic } from '@dl/test-support/stack-env';

/**
 * Errors the libraries find in the data or the environment (a topic Kafka lacks, a port in use, a
 * lake of the other table format) name the setting the way the user gave it: the libraries know
 * schema keys only, the cli words them (packages/cli/src/word-error.ts).
 */
describe('dl ingest: a setting refuted by what it finds is named as it was given', () => {
  const { brokers } = stackEndpoints();
  const lake = tempLake('dl-option-errors-');
  const delta = tempLake('dl-option-errors-delta-');
  const busy = createServer();
  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    for (const dir of [lake, delta]) rmSync(dir, { recursive: true, force: true });
  });

  it('a --topic Kafka does not have: the flag (exit 1)', { timeout: 60_000 }, async () => {
    const topic = uniqueTopic('never-produced');
    const r = await runDl(['ingest', '--once', '--topic', topic, '--data-dir', lake, '--progress', 'none']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`dl: --topic "${topic}" does not exist on ${brokers.join(',')}; produce to it first (dl produce) or pass --topic with one of: `);
  });

  it('a port in use from DL_METRICS_PORT: the variable, and the flag as the fix (exit 2)', { timeout: 60_000 }, async () => {
    const topic = uniqueTopic('metrics-busy');
    const sent = await runDl(['produce', '--topic', topic, '--count', '1']);
    expect(sent.code, sent.stderr).toBe(0);
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    const port = (busy.address() as AddressInfo).port;
    const r = await runDl(['ingest', '--once', '--topic', topic, '--data-dir', lake, '--progress', 'none'], { DL_METRICS_PORT: String(port) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`dl: DL_METRICS_PORT="${port}" is a port already in use; pass another --metrics-port.\n`);
  });

  it('a table format from dl.yaml that the lake contradicts: the dl.yaml key and file (exit 2)', { timeout: 60_000 }, async () => {
    mkdirSync(path.join(delta, 'parquet', '_delta_log'), { recursive: true });
    writeFileSync(path.join(delta, 'parquet', '_delta_log', `${'0'.repeat(20)}.json`), '{}\n');
    const conf = path.join(delta, 'dl.yaml');
    writeFileSync(conf, `ingest:\n  table-format: parquet\n  data-dir: ${delta}\n`);
    const r = await runDl(['ingest', '--once', '--config', conf, '--progress', 'none']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `dl: table-format "parquet" in ${conf} does not match ${delta}, which holds Delta tables; pass --table-format delta to add to them, or another --data-dir for plain Parquet.\n`,
    );
  });

  it(
    'a --registry-url that is not the API root (Apicurio without /apis/ccompat/v7): exit 2, and no record becomes a dead letter',
    { timeout: 90_000 },
    async () => {
      const { registryUrl } = stackEndpoints();
      // The stack's registry serves its Confluent API under a path; its root answers 404 without a registry error code.
      const root = new URL(registryUrl).origin;
      expect(root).not.toBe(registryUrl.replace(/\/+$/, ''));
      const topic = uniqueTopic('registry-root');
      const wrongLake = path.join(lake, 'registry-root');
      expect((await runDl(['produce', '--topic', topic, '--count', '3'])).code).toBe(0);
      const args = ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', wrongLake, '--progress', 'none', '--format', 'json'];
      const wrong = await runDl([...args, '--registry-url', root]);
      expect(wrong.code, wrong.stderr).toBe(2);
      expect(wrong.stderr).toContain(
        `dl: Schema registry at ${root} answered listing the versions of subject "${topic}-value" with HTTP 404 and no registry error code, so it is not a schema registry's API: is --registry-url its API root (for Apicurio, .../apis/ccompat/v7)?\n`,
      );
      // Before, every record was an UNKNOWN_SCHEMA_ID dead letter here. Now nothing is written,
      // and the run with the right URL takes all three records as rows.
      const right = await runDl(args);
      expect(right.code, right.stderr).toBe(0);
      expect(JSON.parse(right.stdout)).toMatchObject({ records: 3, rows: 3, deadLetters: 0 });
    },
  );

  it('dl replay: a --to-topic Kafka lacks and a --frame-with id the registry lacks, each named by its flag', { timeout: 90_000 }, async () => {
    const topic = uniqueTopic('replay-options');
    const replayLake = path.join(lake, 'replay');
    expect((await runDl(['produce', '--topic', topic, '--count', '2', '--raw'])).code).toBe(0);
    const ingest = await runDl([
      'ingest',
      '--once',
      '--topic',
      topic,
      '--group',
      `g-${topic}`,
      '--data-dir',
      replayLake,
      '--progress',
      'none',
      '--format',
      'json',
    ]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ deadLetters: 2 });
    const missing = uniqueTopic('no-such-topic');
    const to = await runDl(['replay', 'parquet-dlq', '--data-dir', replayLake, '--to-topic', missing]);
    expect(to.code).toBe(1);
    expect(to.stderr).toMatch(
      new RegExp(
        `^dl: --to-topic "${missing}" is not a topic Kafka has \\(.+\\); dl replay sends only to existing topics: create it, or pass another --to-topic\\.$`,
        'm',
      ),
    );
    const frame = await runDl(['replay', 'parquet-dlq', '--data-dir', replayLake, '--frame-with', '2000000000']);
    expect(frame.code).toBe(1);
    expect(frame.stderr).toMatch(/^dl: --frame-with "2000000000" names no schema the registry has \(.+\); pass a registered schema id, or latest\.$/m);
  });
});
