import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.mjs';
import { S3_BUCKET, S3_TEST_CREDENTIALS, s3Command } from './s3.mjs';

function tempCfg(extra = {}) {
  const root = mkdtempSync(join(tmpdir(), 'dl-stack-s3-'));
  const cfg = resolveConfig({ stateDir: join(root, 'state'), cacheDir: join(root, 'cache'), s3Port: 23999, log: () => {}, ...extra });
  mkdirSync(cfg.paths.s3proxyHome, { recursive: true });
  writeFileSync(join(cfg.paths.s3proxyHome, '.installed'), 'test\n');
  return cfg;
}

describe('stack S3 server (s3proxy)', () => {
  it('takes its port from --s3-port / DL_S3_PORT, default 9000, and refuses a clash with another port', () => {
    expect(resolveConfig({ log: () => {} }).s3Port).toBe(Number(process.env.DL_S3_PORT ?? 9000));
    expect(resolveConfig({ s3Port: '23444', log: () => {} }).s3Port).toBe(23444);
    expect(() => resolveConfig({ kafkaPort: 23555, s3Port: 23555, log: () => {} })).toThrow(
      /Kafka, controller, registry and S3 ports must differ \(got 23555, \d+, \d+, 23555\)\./,
    );
  });

  it('keeps the secret off the command line: it is in a mode-600 config file', () => {
    const cfg = tempCfg();
    const { args } = s3Command(cfg);
    expect(args.join(' ')).not.toContain(S3_TEST_CREDENTIALS.secretAccessKey);
    expect(args).toContain('-Ddl.stack.component=s3');
    const conf = readFileSync(cfg.paths.s3Conf, 'utf8');
    expect(conf).toContain(`s3proxy.credential=${S3_TEST_CREDENTIALS.secretAccessKey}`);
    expect(conf).toContain('s3proxy.endpoint=http://127.0.0.1:23999');
    expect(conf).toContain(`jclouds.filesystem.basedir=${cfg.paths.s3Data}`);
    expect(statSync(cfg.paths.s3Conf).mode & 0o777).toBe(0o600);
  });

  it('creates the bucket directory without read access for others (jclouds would make it public-read)', () => {
    const cfg = tempCfg();
    mkdirSync(join(cfg.paths.s3Data, S3_BUCKET), { recursive: true, mode: 0o755 });
    s3Command(cfg);
    expect(statSync(join(cfg.paths.s3Data, S3_BUCKET)).mode & 0o007).toBe(0);
  });

  it('says how to install when s3proxy is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'dl-stack-s3-'));
    const cfg = resolveConfig({ stateDir: join(root, 'state'), cacheDir: join(root, 'cache'), log: () => {} });
    expect(() => s3Command(cfg)).toThrow(`s3proxy is not installed in ${cfg.paths.s3proxyHome}; run: node stack/stack.mjs install`);
  });
});
