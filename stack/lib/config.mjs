// Resolves every path, version and port the stack uses, from (in order of
// precedence) explicit options, DL_* environment variables, then defaults.
// Everything else takes the resolved object, so tests can run a second,
// isolated stack by passing { stateDir, kafkaPort, ... }.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STACK_SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(STACK_SRC, '..');

// Kafka 4.4.0: newest release on the registry at the time of writing; runs on
// Java 17 and kafkajs 2.2.4 works against it (see stack/README.md).
export const DEFAULT_KAFKA_VERSION = '4.4.0';
// Apicurio 3.0.9: the 3.3.x builds are compiled for Java 21 (class file 65) and
// will not start on the machine's Java 17; 3.0.9 is the newest 3.x that does.
export const DEFAULT_APICURIO_VERSION = '3.0.9';

// s3proxy 4.1.0: newest release; runs on Java 17 (see stack/README.md for why s3proxy).
export const DEFAULT_S3PROXY_VERSION = '4.1.0';

export const DEFAULT_PORTS = { kafkaPort: 9092, registryPort: 8081, controllerPort: 9093, securePort: 9094, s3Port: 9000 };

// Which CLI flag / env var sets each port; used for the "port in use" sentence.
export const PORT_SOURCES = {
  kafkaPort: { flag: '--kafka-port', env: 'DL_KAFKA_PORT' },
  registryPort: { flag: '--registry-port', env: 'DL_REGISTRY_PORT' },
  controllerPort: { flag: '--controller-port', env: 'DL_CONTROLLER_PORT' },
  securePort: { flag: '--secure-port', env: 'DL_SECURE_PORT' },
  s3Port: { flag: '--s3-port', env: 'DL_S3_PORT' },
};

/** The user that the SASL_SSL listener (SCRAM) and the registry's basic auth accept. Test-only. */
export const STACK_USER = 'dl';

export class StackError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'StackError';
    this.exitCode = exitCode;
  }
}

function parsePort(value, name) {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new StackError(`Invalid ${name}: ${JSON.stringify(String(value))} (expected 1-65535).`);
  }
  return n;
}

function envFlag(value) {
  return value === '1' || value === 'true' || value === 'yes';
}

function positiveInt(value, fallback) {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * @param {object} [opts]
 * @param {number} [opts.kafkaPort] @param {number} [opts.registryPort] @param {number} [opts.controllerPort]
 * @param {number} [opts.s3Port]  the S3 server (s3proxy), default $DL_S3_PORT or 9000
 * @param {boolean} [opts.secure]  add a SASL_SSL (SCRAM-SHA-512) listener on securePort (env DL_STACK_SECURE=1)
 * @param {number} [opts.securePort]  default $DL_SECURE_PORT or 9094
 * @param {boolean} [opts.registryAuth]  the registry requires HTTP basic auth (env DL_REGISTRY_AUTH=1)
 * @param {string} [opts.stateDir]  default $DL_STACK_DIR or <repo>/.stack
 * @param {string} [opts.cacheDir]  default $DL_CACHE_DIR or ~/.cache/dl
 * @param {number} [opts.timeoutMs] readiness timeout per component (default 120 s, env DL_STACK_TIMEOUT in s)
 * @param {(line: string) => void} [opts.log] progress output (default: stdout)
 */
export function resolveConfig(opts = {}) {
  const env = process.env;
  const stateDir = resolve(opts.stateDir ?? env.DL_STACK_DIR ?? join(REPO_ROOT, '.stack'));
  const cacheDir = resolve(opts.cacheDir ?? env.DL_CACHE_DIR ?? join(homedir(), '.cache', 'dl'));
  const kafkaVersion = opts.kafkaVersion ?? env.DL_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const apicurioVersion = opts.apicurioVersion ?? env.DL_APICURIO_VERSION ?? DEFAULT_APICURIO_VERSION;
  const s3proxyVersion = opts.s3proxyVersion ?? env.DL_S3PROXY_VERSION ?? DEFAULT_S3PROXY_VERSION;

  // Remember which ports were asked for explicitly: `up` on an already running
  // stack only complains about a mismatch when the caller actually asked.
  const explicit = {};
  const ports = {};
  for (const key of Object.keys(DEFAULT_PORTS)) {
    const fromOpt = parsePort(opts[key], key);
    const fromEnv = parsePort(env[PORT_SOURCES[key].env], PORT_SOURCES[key].env);
    ports[key] = fromOpt ?? fromEnv ?? DEFAULT_PORTS[key];
    explicit[key] = fromOpt !== undefined || fromEnv !== undefined;
  }
  const secure = opts.secure ?? envFlag(env.DL_STACK_SECURE);
  // The secure port only has to be free of clashes when it is used.
  const used = [ports.kafkaPort, ports.controllerPort, ...(secure ? [ports.securePort] : []), ports.registryPort, ports.s3Port];
  if (new Set(used).size !== used.length) {
    throw new StackError(`Kafka, controller${secure ? ', SASL_SSL' : ''}, registry and S3 ports must differ (got ${used.join(', ')}).`);
  }

  return {
    ...ports,
    explicitPorts: explicit,
    secure,
    registryAuth: opts.registryAuth ?? envFlag(env.DL_REGISTRY_AUTH),
    stateDir,
    cacheDir,
    kafkaVersion,
    apicurioVersion,
    s3proxyVersion,
    timeoutMs: opts.timeoutMs ?? positiveInt(env.DL_STACK_TIMEOUT, 120) * 1000,
    // JVM heaps: small on purpose (2-core / shared test box); override if needed.
    kafkaHeap: opts.kafkaHeap ?? env.DL_KAFKA_HEAP ?? '512m',
    registryHeap: opts.registryHeap ?? env.DL_REGISTRY_HEAP ?? '256m',
    s3Heap: opts.s3Heap ?? env.DL_S3_HEAP ?? '256m',
    java: opts.java ?? (env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java'),
    mvn: opts.mvn ?? 'mvn',
    log: opts.log ?? ((line) => process.stdout.write(`${line}\n`)),
    paths: {
      stackSrc: STACK_SRC,
      pom: join(STACK_SRC, 'kafka-pom.xml'),
      kafkaLog4j: join(STACK_SRC, 'kafka-log4j2.properties'),
      m2: join(cacheDir, 'm2'),
      kafkaHome: join(cacheDir, `kafka-${kafkaVersion}`),
      apicurioHome: join(cacheDir, `apicurio-${apicurioVersion}`),
      s3proxyPom: join(STACK_SRC, 's3proxy-pom.xml'),
      s3Logback: join(STACK_SRC, 's3proxy-logback.xml'),
      s3proxyHome: join(cacheDir, `s3proxy-${s3proxyVersion}`),
      kafkaDir: join(stateDir, 'kafka'),
      kafkaData: join(stateDir, 'kafka', 'data'),
      kafkaProps: join(stateDir, 'kafka', 'server.properties'),
      registryDir: join(stateDir, 'registry'),
      // Quarkus reads <cwd>/config/application.properties; the registry's cwd is registryDir.
      registryConfig: join(stateDir, 'registry', 'config', 'application.properties'),
      // S3: s3proxy's config (with the test secret, mode 600) and its filesystem backend (buckets = directories).
      s3Dir: join(stateDir, 's3'),
      s3Conf: join(stateDir, 's3', 's3proxy.conf'),
      s3Data: join(stateDir, 's3', 'data'),
      // Certificates and the generated password of STACK_USER (kept by `down --purge`).
      secureDir: join(stateDir, 'secure'),
      caPem: join(stateDir, 'secure', 'ca.pem'),
      caStore: join(stateDir, 'secure', 'ca.p12'),
      brokerStore: join(stateDir, 'secure', 'broker.p12'),
      storePassword: join(stateDir, 'secure', 'store.password'),
      userPassword: join(stateDir, 'secure', `${STACK_USER}.password`),
      logs: join(stateDir, 'logs'),
      endpoints: join(stateDir, 'endpoints.json'),
      ports: join(stateDir, 'ports.json'),
      lock: join(stateDir, '.lock'),
    },
  };
}

export function brokersOf(kafkaPort) {
  return `localhost:${kafkaPort}`;
}

export function secureBrokersOf(securePort) {
  return `localhost:${securePort}`;
}

export function registryUrlOf(registryPort) {
  return `http://localhost:${registryPort}/apis/ccompat/v7`;
}
