// Opt-in security for the local stack (`up --secure`, `up --registry-auth`):
// a self-signed CA and a broker keystore made with the JDK's keytool, the
// generated password of the test user, the broker's SASL_SSL listener
// settings, the SCRAM credential (AlterUserScramCredentials over the
// PLAINTEXT listener), a readiness probe that really authenticates over
// TLS + SCRAM-SHA-512, and the registry's HTTP basic auth (Quarkus embedded
// users). Test-only credentials: everything lives in <state>/secure.
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STACK_USER, StackError } from './config.mjs';
import { kafkaConversation } from './kafka.mjs';

// ---- files -----------------------------------------------------------------

function readOrCreateSecret(file) {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(18).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The generated password of STACK_USER (Kafka SCRAM and registry basic auth). */
export function userPassword(cfg) {
  return readOrCreateSecret(cfg.paths.userPassword);
}

function keytool(cfg, args) {
  // keytool sits next to java; JAVA_HOME (if set) decides which JDK.
  const bin = cfg.java === 'java' ? 'keytool' : join(dirname(cfg.java), 'keytool');
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new StackError(
      `keytool ${args[0]} failed while making the stack's test certificates: ${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim() || r.error?.message}`,
    );
  }
}

/**
 * A self-signed CA (ca.pem for clients) and a PKCS12 broker keystore whose
 * certificate is signed by it, valid for localhost and 127.0.0.1. Made once;
 * built in a temporary directory and renamed, so a half-made set is redone.
 */
export function ensureCertificates(cfg) {
  const { secureDir, caPem, caStore, brokerStore } = cfg.paths;
  if (existsSync(caPem) && existsSync(brokerStore)) return false;
  const pass = readOrCreateSecret(cfg.paths.storePassword);
  const tmp = join(secureDir, `.certs-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const f = (name) => join(tmp, name);
  const store = (file) => ['-keystore', file, '-storetype', 'PKCS12', '-storepass', pass, '-noprompt'];
  try {
    keytool(cfg, [
      '-genkeypair',
      '-alias',
      'ca',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-validity',
      '3650',
      '-dname',
      'CN=dl local stack test CA',
      '-ext',
      'bc:c',
      ...store(f('ca.p12')),
    ]);
    keytool(cfg, ['-exportcert', '-rfc', '-alias', 'ca', '-file', f('ca.pem'), ...store(f('ca.p12'))]);
    keytool(cfg, [
      '-genkeypair',
      '-alias',
      'broker',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-validity',
      '3650',
      '-dname',
      'CN=localhost',
      ...store(f('broker.p12')),
    ]);
    keytool(cfg, ['-certreq', '-alias', 'broker', '-file', f('broker.csr'), ...store(f('broker.p12'))]);
    keytool(cfg, [
      '-gencert',
      '-alias',
      'ca',
      '-infile',
      f('broker.csr'),
      '-outfile',
      f('broker.pem'),
      '-rfc',
      '-validity',
      '3650',
      '-ext',
      'SAN=dns:localhost,ip:127.0.0.1',
      '-ext',
      'KU=digitalSignature,keyEncipherment',
      '-ext',
      'EKU=serverAuth',
      ...store(f('ca.p12')),
    ]);
    // The signed certificate plus the CA: the broker presents the whole chain.
    writeFileSync(f('chain.pem'), readFileSync(f('broker.pem'), 'utf8') + readFileSync(f('ca.pem'), 'utf8'));
    keytool(cfg, ['-importcert', '-alias', 'broker', '-file', f('chain.pem'), ...store(f('broker.p12'))]);
    for (const [from, to] of [
      ['ca.p12', caStore],
      ['broker.p12', brokerStore],
      ['ca.pem', caPem],
    ]) {
      chmodSync(f(from), from.endsWith('.pem') ? 0o644 : 0o600);
      renameSync(f(from), to);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

// ---- broker settings ---------------------------------------------------------

/** server.properties lines of the SASL_SSL listener (the listener itself is in listeners=). */
export function secureListenerProperties(cfg) {
  const pass = readFileSync(cfg.paths.storePassword, 'utf8').trim();
  const p = 'listener.name.sasl_ssl.';
  return [
    // SCRAM-SHA-512 only, credentials from the cluster metadata (see ensureScramUser).
    `${p}sasl.enabled.mechanisms=SCRAM-SHA-512`,
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    `${p}scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${p}ssl.keystore.type=PKCS12`,
    `${p}ssl.keystore.location=${cfg.paths.brokerStore}`,
    `${p}ssl.keystore.password=${pass}`,
    `${p}ssl.key.password=${pass}`,
    `${p}ssl.client.auth=none`,
  ];
}

// ---- Kafka protocol bits (flexible encodings) ---------------------------------

const API_SASL_HANDSHAKE = 17;
const API_SASL_AUTHENTICATE = 36;
const API_ALTER_USER_SCRAM_CREDENTIALS = 51;
const SCRAM_SHA_512 = 2; // the mechanism's id in AlterUserScramCredentials
const SCRAM_ITERATIONS = 4096;
// Retriable answers while the controller settles: REQUEST_TIMED_OUT, NOT_CONTROLLER.
const RETRIABLE = new Set([7, 41]);

function uvarint(n) {
  const out = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

function readUvarint(buf, off) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[off++];
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value, off];
    shift += 7;
  }
}

const compactBytes = (b) => Buffer.concat([uvarint(b.length + 1), b]);
const int32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** Hi() of RFC 5802 with SHA-512: what the broker stores and what a client proves it knows. */
function saltedPassword(password, salt, iterations) {
  return pbkdf2Sync(password, salt, iterations, 64, 'sha512');
}

/**
 * Upsert STACK_USER's SCRAM-SHA-512 credential through the PLAINTEXT listener
 * (no authorizer, so the anonymous principal may). Idempotent: a new salt
 * each time, same password. Resolves true when the controller accepted it.
 */
export async function ensureScramUser(cfg, host = '127.0.0.1') {
  const salt = randomBytes(32);
  const upsert = Buffer.concat([
    compactBytes(Buffer.from(STACK_USER)),
    Buffer.from([SCRAM_SHA_512]),
    int32(SCRAM_ITERATIONS),
    compactBytes(salt),
    compactBytes(saltedPassword(userPassword(cfg), salt, SCRAM_ITERATIONS)),
    uvarint(0),
  ]);
  // deletions: [], upsertions: [upsert], no tagged fields.
  const body = Buffer.concat([uvarint(1), uvarint(2), upsert, uvarint(0)]);
  const [res] = await kafkaConversation(host, cfg.kafkaPort, (prev) => (prev.length ? null : [API_ALTER_USER_SCRAM_CREDENTIALS, 0, body, true]), 10_000);
  // Response: header tagged fields, throttle_time_ms, results: [{user, error_code, error_message, tags}].
  let [, off] = readUvarint(res, 0);
  off += 4;
  let n;
  [n, off] = readUvarint(res, off);
  if (n - 1 !== 1) return false;
  let len;
  [len, off] = readUvarint(res, off);
  off += len - 1;
  const errorCode = res.readInt16BE(off);
  if (errorCode === 0) return true;
  if (RETRIABLE.has(errorCode)) return false;
  throw new StackError(`Kafka refused to store the SCRAM credential of user ${STACK_USER} (error code ${errorCode}).`);
}

function parseScramMessage(text) {
  return Object.fromEntries(text.split(',').map((kv) => [kv[0], kv.slice(2)]));
}

// SaslAuthenticate v1 response: error_code, error_message (nullable string), auth_bytes, session_lifetime_ms.
function parseSaslAuthenticate(body) {
  const errorCode = body.readInt16BE(0);
  const msgLen = body.readInt16BE(2);
  const off = 4 + Math.max(msgLen, 0);
  const bytesLen = body.readInt32BE(off);
  return { errorCode, message: msgLen >= 0 ? body.toString('utf8', 4, 4 + msgLen) : '', bytes: body.subarray(off + 4, off + 4 + Math.max(bytesLen, 0)) };
}

const saslBytes = (text) => Buffer.concat([int32(Buffer.byteLength(text)), Buffer.from(text)]);

/**
 * Resolves true when the SASL_SSL listener accepts STACK_USER: TLS verified
 * against the stack's CA for `localhost`, then a full SCRAM-SHA-512 exchange
 * (SaslHandshake v1, SaslAuthenticate v1), including the server's signature.
 */
export async function probeSecureKafka(cfg, timeoutMs = 5000) {
  const password = userPassword(cfg);
  const nonce = randomBytes(24).toString('base64');
  const clientFirstBare = `n=${STACK_USER},r=${nonce}`;
  let expectedServerSignature = null;
  let failed = false;
  const mechanism = Buffer.from('SCRAM-SHA-512');
  const handshake = Buffer.concat([Buffer.from([0, mechanism.length]), mechanism]);
  const responses = await kafkaConversation(
    '127.0.0.1',
    cfg.securePort,
    (prev) => {
      if (prev.length === 0) return [API_SASL_HANDSHAKE, 1, handshake];
      if (prev.length === 1) {
        if (prev[0].readInt16BE(0) !== 0) return null;
        return [API_SASL_AUTHENTICATE, 1, saslBytes(`n,,${clientFirstBare}`)];
      }
      const auth = parseSaslAuthenticate(prev[prev.length - 1]);
      if (auth.errorCode !== 0) {
        failed = true;
        return null;
      }
      if (prev.length === 2) {
        const serverFirst = auth.bytes.toString('utf8');
        const { r, s, i } = parseScramMessage(serverFirst);
        if (!r?.startsWith(nonce)) {
          failed = true;
          return null;
        }
        const salted = saltedPassword(password, Buffer.from(s, 'base64'), Number(i));
        const clientKey = createHmac('sha512', salted).update('Client Key').digest();
        const storedKey = createHash('sha512').update(clientKey).digest();
        const withoutProof = `c=biws,r=${r}`;
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const signature = createHmac('sha512', storedKey).update(authMessage).digest();
        const proof = Buffer.from(clientKey.map((b, k) => b ^ signature[k]));
        const serverKey = createHmac('sha512', salted).update('Server Key').digest();
        expectedServerSignature = createHmac('sha512', serverKey).update(authMessage).digest('base64');
        return [API_SASL_AUTHENTICATE, 1, saslBytes(`${withoutProof},p=${proof.toString('base64')}`)];
      }
      return null;
    },
    timeoutMs,
    { ca: readFileSync(cfg.paths.caPem), servername: 'localhost' },
  );
  if (failed || responses.length < 3) return false;
  const final = parseSaslAuthenticate(responses[2]);
  return final.errorCode === 0 && parseScramMessage(final.bytes.toString('utf8')).v === expectedServerSignature;
}

// ---- registry basic auth -----------------------------------------------------

/**
 * Quarkus' embedded user realm (built into the Apicurio app) with basic auth
 * on the API. Written to <cwd>/config/application.properties rather than -D
 * flags, so the password is in neither `ps` nor the registry log; removed
 * when the registry starts without auth.
 */
export function writeRegistryAuthConfig(cfg) {
  const file = cfg.paths.registryConfig;
  if (!cfg.registryAuth) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const lines = [
    '# Generated by stack/stack.mjs (up --registry-auth); test-only credentials.',
    'quarkus.http.auth.basic=true',
    'quarkus.security.users.embedded.enabled=true',
    'quarkus.security.users.embedded.plain-text=true',
    `quarkus.security.users.embedded.users.${STACK_USER}=${userPassword(cfg)}`,
    `quarkus.security.users.embedded.roles.${STACK_USER}=sr-admin`,
    'quarkus.http.auth.permission.dl-api.paths=/apis/*',
    'quarkus.http.auth.permission.dl-api.policy=authenticated',
    '',
  ];
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
}

/** The Authorization header for the stack's own registry requests, if it needs one. */
export function registryAuthHeaders(cfg) {
  if (!cfg.registryAuth) return {};
  return { authorization: `Basic ${Buffer.from(`${STACK_USER}:${userPassword(cfg)}`).toString('base64')}` };
}
