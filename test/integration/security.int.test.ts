import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runDl } from '../support/run-dl.js';
import { onceArgs } from '../support/once-args.js';
import { runPython } from '../support/python.js';
import { readRows } from '../support/read-lake.js';
import { REPO, stackEndpoints, tempLake, uniqueTopic } from '../support/stack-env.js';

/** What `up({ secure: true, registryAuth: true })` reports (and writes to endpoints.json). */
interface SecureEndpoints {
  brokers: string;
  registryUrl: string;
  secureBrokers?: string;
  caFile?: string;
  saslUsername?: string;
  saslPasswordFile?: string;
  registryUsername?: string;
  registryPasswordFile?: string;
}

interface StackModule {
  up(opts: Record<string, unknown>): Promise<SecureEndpoints>;
  down(opts: Record<string, unknown>): Promise<unknown>;
  endpoints(opts?: Record<string, unknown>): SecureEndpoints | null;
}

const stackModule = async () => (await import(pathToFileURL(path.join(REPO, 'stack/stack.mjs')).href)) as StackModule;

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const s = net.createServer();
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function keytool(args: string[]): void {
  const bin = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'keytool') : 'keytool';
  execFileSync(bin, args, { stdio: 'ignore' });
}

// Every secret any run in this file uses; no run may print any of them (stdout or stderr).
const secrets = new Set<string>();
const distinctive = (label: string) => `dl-SECRET-${label}-${randomBytes(6).toString('hex')}`;

async function dl(args: string[], env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const r = await runDl(args, env);
  const out = `${r.stdout}\n${r.stderr}`;
  for (const s of secrets) expect(out.includes(s), `a secret appeared in the output of dl ${args[0]}:\n${out}`).toBe(false);
  return { ...r, ms: Date.now() - started };
}

const oneLine = (stderr: string) => stderr.trim().split('\n');

// Temporary lakes of this file, removed at the end.
const lakes: string[] = [];
const newLake = () => {
  const dir = tempLake('dl-sec-');
  lakes.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of lakes) rmSync(dir, { recursive: true, force: true });
});

// The secure stack: the main one if it runs with --secure --registry-auth, else one of our own
// (own state dir and ports, torn down in afterAll).
describe('a SASL_SSL + SCRAM-SHA-512 broker and a registry with basic auth', () => {
  let ep: Required<SecureEndpoints>;
  let password = '';
  let ownStackDir: string | undefined;
  let sasl: string[] = [];
  let registry: string[] = [];

  beforeAll(async () => {
    const stack = await stackModule();
    const main = stack.endpoints();
    if (main?.secureBrokers && main.registryUsername) {
      ep = main as Required<SecureEndpoints>;
    } else {
      ownStackDir = mkdtempSync(path.join(os.tmpdir(), 'dl-sec-stack-'));
      const [kafkaPort, registryPort, controllerPort, securePort, s3Port] = await freePorts(5);
      ep = (await stack.up({
        stateDir: ownStackDir,
        kafkaPort,
        registryPort,
        controllerPort,
        securePort,
        s3Port,
        secure: true,
        registryAuth: true,
        log: () => {},
      })) as Required<SecureEndpoints>;
    }
    password = readFileSync(ep.saslPasswordFile, 'utf8').trim();
    expect(readFileSync(ep.registryPasswordFile, 'utf8').trim()).toBe(password);
    secrets.add(password);
    sasl = [
      '--brokers',
      ep.secureBrokers,
      '--sasl-mechanism',
      'scram-sha-512',
      '--sasl-username',
      ep.saslUsername,
      '--sasl-password',
      password,
      '--ssl',
      '--ssl-ca',
      ep.caFile,
    ];
    registry = ['--registry-url', ep.registryUrl, '--registry-auth', `${ep.registryUsername}:${password}`];
  }, 240_000);

  afterAll(async () => {
    if (!ownStackDir) return;
    await (await stackModule()).down({ stateDir: ownStackDir, log: () => {} });
    rmSync(ownStackDir, { recursive: true, force: true });
  }, 60_000);

  it('dl produce and dl ingest --once work over SASL_SSL with the flags: 100 rows in the lake', async () => {
    const topic = uniqueTopic('sec');
    const lake = newLake();
    const p = await dl(['produce', '--topic', topic, '--count', '100', '--format', 'json', ...sasl, ...registry]);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ sent: 100, failed: 0 });
    const i = await dl([...onceArgs(topic, lake), '--format', 'json', '--progress', 'json', ...sasl, ...registry]);
    expect(i.code, i.stderr).toBe(0);
    expect(JSON.parse(i.stdout)).toMatchObject({ records: 100, rows: 100, deadLetters: 0 });
    expect(readRows(path.join(lake, 'parquet'))).toHaveLength(100);
  });

  it('and with the environment variables instead of flags', async () => {
    const topic = uniqueTopic('sec-env');
    const lake = newLake();
    const env = {
      KAFKA_BROKERS: ep.secureBrokers,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: ep.saslUsername,
      KAFKA_SASL_PASSWORD: password,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_LOCATION: ep.caFile,
      SCHEMA_REGISTRY_URL: ep.registryUrl,
      SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: `${ep.registryUsername}:${password}`,
    };
    const p = await dl(['produce', '--topic', topic, '--count', '100', '--format', 'json'], env);
    expect(p.code, p.stderr).toBe(0);
    const i = await dl([...onceArgs(topic, lake), '--format', 'json', '--progress', 'json'], env);
    expect(i.code, i.stderr).toBe(0);
    expect(JSON.parse(i.stdout)).toMatchObject({ rows: 100 });
    expect(readRows(path.join(lake, 'parquet'))).toHaveLength(100);
  });

  it('a wrong SASL password is one KAFKA_AUTH line and exit 1 within 30 s, for produce and ingest', async () => {
    const wrong = distinctive('sasl');
    secrets.add(wrong);
    const flags = sasl.map((f) => (f === password ? wrong : f));
    const topic = uniqueTopic('sec-wrong');
    const auth = new RegExp(
      `^dl: Kafka at ${ep.secureBrokers} refused (creating topic "${topic}"|connecting): SASL SCRAM SHA512 authentication failed: .*invalid credentials.*\\. ` +
        'Check --sasl-mechanism, --sasl-username and --sasl-password \\(or the topic ACLs\\)\\.$',
    );
    const p = await dl(['produce', '--topic', topic, '--count', '1', ...flags, ...registry], { DL_DEBUG: '1' });
    expect(p.code).toBe(1);
    expect(p.ms).toBeLessThan(30_000);
    expect(oneLine(p.stderr)[0]).toMatch(auth);
    expect(oneLine(p.stderr).filter((l) => !l.startsWith('cause: '))).toHaveLength(1);
    const i = await dl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', newLake(), '--progress', 'none', ...flags, ...registry]);
    expect(i.code).toBe(1);
    expect(i.ms).toBeLessThan(30_000);
    expect(oneLine(i.stderr)).toEqual([expect.stringMatching(auth)]);
  });

  it('the SASL_SSL port without TLS, or with the wrong CA, is a clear error within 30 s, not a hang', async () => {
    const topic = uniqueTopic('sec-tls');
    const noTls = sasl.filter((f) => f !== '--ssl' && f !== '--ssl-ca' && f !== ep.caFile);
    const plain = await dl(['produce', '--topic', topic, '--count', '1', ...noTls, ...registry]);
    expect(plain.code).toBe(1);
    expect(plain.ms).toBeLessThan(30_000);
    expect(oneLine(plain.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^dl: Kafka at ${ep.secureBrokers} closed the connection \\(.*\\): if that port is a TLS or SASL listener, pass --ssl`)),
    ]);

    // A CA of our own that did not sign the broker's certificate.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-other-ca-'));
    try {
      const store = ['-keystore', path.join(dir, 'ca.p12'), '-storetype', 'PKCS12', '-storepass', 'other-ca', '-noprompt'];
      keytool(['-genkeypair', '-alias', 'ca', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=not the stack CA', '-ext', 'bc:c', ...store]);
      keytool(['-exportcert', '-rfc', '-alias', 'ca', '-file', path.join(dir, 'ca.pem'), ...store]);
      const otherCa = sasl.map((f) => (f === ep.caFile ? path.join(dir, 'ca.pem') : f));
      const wrongCa = await dl(['produce', '--topic', topic, '--count', '1', ...otherCa, ...registry]);
      expect(wrongCa.code).toBe(1);
      expect(wrongCa.ms).toBeLessThan(30_000);
      expect(oneLine(wrongCa.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(`^dl: Kafka at ${ep.secureBrokers} presented a TLS certificate that could not be verified \\(.*certificate.*\\): pass --ssl-ca`),
        ),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // And TLS towards the PLAINTEXT listener.
    const tlsToPlain = await dl(['produce', '--topic', topic, '--count', '1', '--brokers', ep.brokers, '--ssl', '--ssl-ca', ep.caFile, ...registry]);
    expect(tlsToPlain.code).toBe(1);
    expect(tlsToPlain.ms).toBeLessThan(30_000);
    expect(oneLine(tlsToPlain.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^dl: Kafka at ${ep.brokers} did not complete a TLS handshake .*Drop --ssl`)),
    ]);
  });

  it('the registry (Apicurio with HTTP basic auth) accepts the right credentials, also inside the URL, and names itself without them otherwise', async () => {
    const topic = uniqueTopic('sec-reg');
    const url = new URL(ep.registryUrl);
    const withUser = (pw: string) => {
      const u = new URL(url);
      u.username = ep.registryUsername;
      u.password = pw;
      return u.toString();
    };
    const inUrl = await dl(['produce', '--topic', topic, '--count', '5', '--brokers', ep.brokers, '--registry-url', withUser(password)]);
    expect(inUrl.code, inUrl.stderr).toBe(0);

    const wrong = distinctive('registry');
    const wrongInUrl = distinctive('url');
    secrets.add(wrong);
    secrets.add(wrongInUrl);
    const refused = new RegExp(
      `^dl: Schema registry at ${ep.registryUrl.replaceAll('.', '\\.')} refused registering a schema under subject "${topic}-value" with HTTP 401: check the credentials`,
    );
    for (const flags of [
      ['--registry-url', ep.registryUrl, '--registry-auth', `${ep.registryUsername}:${wrong}`],
      ['--registry-url', withUser(wrongInUrl)],
    ]) {
      const r = await dl(['produce', '--topic', topic, '--count', '1', '--brokers', ep.brokers, '--format', 'json', ...flags], { DL_DEBUG: '1' });
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)[0]).toMatch(refused);
    }
    const none = await dl(['produce', '--topic', topic, '--count', '1', '--brokers', ep.brokers, '--registry-url', ep.registryUrl]);
    expect(none.code).toBe(1);
    expect(oneLine(none.stderr)).toEqual([expect.stringMatching(/with HTTP 401: it needs credentials; pass --registry-auth user:password/)]);

    // The ingester stops at the first refused lookup instead of dead-lettering everything.
    const lake = newLake();
    const i = await dl([...onceArgs(topic, lake), '--format', 'json', '--progress', 'json', '--brokers', ep.brokers, '--registry-url', withUser(wrongInUrl)], {
      DL_DEBUG: '1',
    });
    expect(i.code).toBe(1);
    expect(i.stderr).toMatch(new RegExp(`dl: Schema registry at ${ep.registryUrl.replaceAll('.', '\\.')} refused .* with HTTP 401`));
    expect(readRows(path.join(lake, 'parquet-dlq'))).toHaveLength(0);
  });

  it('never prints a secret: the successful runs above and ingest with secrets everywhere', async () => {
    // Every dl run in this file already asserted that no secret (the real password, the wrong SASL
    // and registry passwords, the password in a URL) reached stdout or stderr, with DL_DEBUG=1 on
    // the failures. One more: a successful ingest given the password in the registry URL and env.
    const topic = uniqueTopic('sec-quiet');
    const p = await dl(['produce', '--topic', topic, '--count', '3', '--format', 'json', ...sasl, ...registry]);
    expect(p.code, p.stderr).toBe(0);
    const u = new URL(ep.registryUrl);
    u.username = ep.registryUsername;
    u.password = password;
    const i = await dl(['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', newLake(), '--format', 'json', '--progress', 'json'], {
      KAFKA_BROKERS: ep.secureBrokers,
      KAFKA_SASL_USERNAME: ep.saslUsername,
      KAFKA_SASL_PASSWORD: password,
      KAFKA_SSL_CA_LOCATION: ep.caFile,
      SCHEMA_REGISTRY_URL: u.toString(),
      DL_DEBUG: '1',
    });
    expect(i.code, i.stderr).toBe(0);
    expect(JSON.parse(i.stdout)).toMatchObject({ rows: 3 });
  });
});

/** Every path under `dir` (files, folders, links), depth first. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return lstatSync(p).isDirectory() ? [p, ...walk(p)] : [p];
  });
}

describe('hostile topic names and partition values stay inside the lake', () => {
  it('writes every file under --data-dir, touches nothing beside it, and pandas/pyarrow read the table back', { timeout: 180_000 }, async () => {
    const { brokers, registryUrl } = stackEndpoints();
    // The main stack's registry may itself require basic auth (up --registry-auth).
    const main = (await stackModule()).endpoints();
    const registryAuth = main?.registryPasswordFile
      ? ['--registry-auth', `${main.registryUsername}:${readFileSync(main.registryPasswordFile, 'utf8').trim()}`]
      : [];
    const descriptions = [
      '../../etc/passwd',
      '../'.repeat(12) + 'tmp/escaped',
      '/abs',
      'a\u0000b',
      '..',
      '.',
      '',
      '_hidden',
      '.dot',
      'a/b\\c',
      'C:\\x',
      'x'.repeat(300),
      '%2E%2E',
      'date=2020-01-01',
      'ü/é',
      '\n',
      'sp ace',
    ];
    const parent = mkdtempSync(path.join(os.tmpdir(), 'dl-hostile-'));
    const sentinel = path.join(parent, 'sentinel');
    writeFileSync(sentinel, 'untouched\n');
    const lake = path.join(parent, 'lake');
    const input = path.join(os.tmpdir(), `dl-hostile-${randomBytes(4).toString('hex')}.jsonl`);
    writeFileSync(
      input,
      descriptions.map((d, i) => JSON.stringify({ order_id: i + 1, customer: 'c', description: d, price: 1, products: [{ name: 'p', price: 1 }] })).join('\n') +
        '\n',
    );
    const absBefore = existsSync('/abs');
    // Kafka allows [a-zA-Z0-9._-] except "." and ".."; these are the names that look like paths.
    const topics = [`.${uniqueTopic('hidden')}`, `..${uniqueTopic('dots')}`];
    try {
      for (const topic of topics) {
        const p = await runDl([
          'produce',
          '--topic',
          topic,
          '--input',
          input,
          '--format',
          'json',
          '--brokers',
          brokers.join(','),
          '--registry-url',
          registryUrl,
          ...registryAuth,
        ]);
        expect(p.code, p.stderr).toBe(0);
      }
      const ing = await runDl([
        'ingest',
        '--once',
        ...topics.flatMap((t) => ['--topic', t]),
        '--group',
        `g-${randomBytes(4).toString('hex')}`,
        '--data-dir',
        lake,
        '--partition-by',
        'field:description',
        '--format',
        'json',
        '--progress',
        'none',
        '--brokers',
        brokers.join(','),
        '--registry-url',
        registryUrl,
        ...registryAuth,
      ]);
      expect(ing.code, ing.stderr).toBe(0);
      expect(JSON.parse(ing.stdout)).toMatchObject({ rows: descriptions.length * 2, deadLetters: 0 });

      // Nothing outside the lake: the parent holds exactly the lake and the untouched sentinel.
      expect(readdirSync(parent).sort()).toEqual(['lake', 'sentinel']);
      expect(readFileSync(sentinel, 'utf8')).toBe('untouched\n');
      expect(existsSync('/abs')).toBe(absBefore);
      const realLake = realpathSync(lake);
      const entries = walk(lake);
      for (const p of entries) {
        expect(lstatSync(p).isSymbolicLink(), p).toBe(false);
        expect(realpathSync(p).startsWith(realLake + path.sep), p).toBe(true);
      }
      // One folder per distinct value, each directly under the table directory.
      const table = path.join(lake, 'parquet');
      const folders = readdirSync(table);
      expect(folders).toHaveLength(descriptions.length);
      for (const f of folders) expect(f.startsWith('description_part='), f).toBe(true);
      for (const file of entries.filter((p) => p.endsWith('.parquet'))) expect(path.dirname(path.dirname(file)), file).toBe(table);

      // pandas/pyarrow: plain pd.read_parquet works and the stored column is exact; the Hive view
      // decodes the folder names back into description_part.
      const check = JSON.parse(runPython('read_partitioned.py', [table, 'description'])) as {
        files: { rows: number; values: string[]; topics: string[] };
        hive: { rows: number; values: string[]; topics: string[] };
        default: { rows?: number; values?: string[]; error?: string };
      };
      expect(check.default.error).toBeUndefined();
      expect(check.default.rows).toBe(descriptions.length * 2);
      expect(check.default.values).toEqual([...descriptions].sort(pythonOrder));
      expect(check.files.rows).toBe(descriptions.length * 2);
      expect(check.files.values).toEqual([...descriptions].sort(pythonOrder));
      expect(check.files.topics).toEqual([...topics].sort());
      expect(check.hive.rows).toBe(descriptions.length * 2);
      // Folder names are bounded (long values are cut and hashed) and '' has a name of its own.
      const short = descriptions.filter((d) => d !== '' && Buffer.byteLength(d) <= 200);
      expect(check.hive.values).toEqual(expect.arrayContaining(short));
      expect(check.hive.values).toContain('__EMPTY__');
    } finally {
      rmSync(parent, { recursive: true, force: true });
      rmSync(input, { force: true });
    }
  });
});

/** Python sorts str by code point, as JS does for strings without surrogates. */
function pythonOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
