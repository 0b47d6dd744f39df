#!/usr/bin/env node
// Native local stack for dl: a single-node Kafka (KRaft), Apicurio Registry
// (Confluent-compatible API) and an S3-compatible server (s3proxy), all from
// Maven artifacts, run with the machine's Java. Plain ESM on Node built-ins only, because it must work
// before `pnpm install` has ever run.
//
//   node stack/stack.mjs install
//   node stack/stack.mjs up [--kafka-port 9092] [--registry-port 8081] [--controller-port 9093]
//                           [--s3-port 9000] [--secure [--secure-port 9094]] [--registry-auth]
//   node stack/stack.mjs down [--purge]
//   node stack/stack.mjs status [--format json]
//   node stack/stack.mjs restart-kafka | stop-kafka | start-kafka
//   node stack/stack.mjs restart-registry | stop-registry | start-registry
//   node stack/stack.mjs restart-s3 | stop-s3 | start-s3
//
// The same operations are exported for tests (see README.md in this folder).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PORT_SOURCES, STACK_USER, StackError, brokersOf, registryUrlOf, resolveConfig, secureBrokersOf } from './lib/config.mjs';
import { install as installArtifacts, isInstalled, requireJava } from './lib/install.mjs';
import { kafkaCommand, prepareKafka, probeKafka, warmUpKafka } from './lib/kafka.mjs';
import { isPortFree, logFile, pidFile, runningPid, spawnDetached, stopPid, tail, waitUntil, withLock } from './lib/proc.mjs';
import { applyRegistryDefaults, probeRegistry, registryCommand } from './lib/registry.mjs';
import { S3_BUCKET, S3_REGION, S3_TEST_CREDENTIALS, probeS3, s3Command, s3EndpointOf } from './lib/s3.mjs';
import { ensureCertificates, ensureScramUser, probeSecureKafka, secureListenerProperties, userPassword } from './lib/secure.mjs';

export { StackError, resolveConfig };

export const COMPONENTS = ['kafka', 'registry', 's3'];
const LABEL = { kafka: 'Kafka', registry: 'Schema registry', s3: 'S3 (s3proxy)' };
// Which ports each component binds (controller and SASL_SSL ports belong to Kafka).
function componentPorts(cfg, component) {
  if (component === 'registry') return ['registryPort'];
  if (component === 's3') return ['s3Port'];
  return cfg.secure ? ['kafkaPort', 'controllerPort', 'securePort'] : ['kafkaPort', 'controllerPort'];
}

function assertComponent(name) {
  if (!COMPONENTS.includes(name)) throw new StackError(`Unknown component ${JSON.stringify(name)} (expected kafka, registry or s3).`);
}

// ---- ports of a running stack ----------------------------------------------
// ports.json records the ports (and the security options) the stack was
// started with, so status/down and restarting a single component use those,
// whatever the current env says.

function recordSettings(cfg) {
  const { kafkaPort, registryPort, controllerPort, s3Port, secure, registryAuth } = cfg;
  const settings = { kafkaPort, registryPort, controllerPort, s3Port, securePort: secure ? cfg.securePort : null, secure, registryAuth };
  writeFileSync(cfg.paths.ports, `${JSON.stringify(settings)}\n`);
}

function readRecordedPorts(cfg) {
  try {
    return JSON.parse(readFileSync(cfg.paths.ports, 'utf8'));
  } catch {
    return null;
  }
}

/** cfg with the running stack's ports, or an error if the caller explicitly asked for others. */
function withRunningPorts(cfg, { strict }) {
  const anyRunning = COMPONENTS.some((c) => runningPid(cfg, c));
  const recorded = anyRunning ? readRecordedPorts(cfg) : null;
  if (!recorded) return cfg;
  const running = { secure: recorded.secure === true, registryAuth: recorded.registryAuth === true };
  const mismatched = Object.keys(PORT_SOURCES).filter((k) => {
    if (k === 'securePort' && !(cfg.secure && running.secure)) return false;
    // A stack started before the S3 server existed has no s3Port recorded: S3 starts where asked.
    if (recorded[k] === undefined) return false;
    return cfg.explicitPorts[k] && cfg[k] !== recorded[k];
  });
  if (strict && mismatched.length) {
    const want = mismatched.map((k) => `${PORT_SOURCES[k].flag} ${cfg[k]}`).join(', ');
    const have = mismatched.map((k) => `${recorded[k]}`).join(', ');
    throw new StackError(`The stack is already running on port(s) ${have}, not ${want}; run \`node stack/stack.mjs down\` first to change ports.`);
  }
  const missing = [cfg.secure && !running.secure && '--secure', cfg.registryAuth && !running.registryAuth && '--registry-auth'].filter(Boolean);
  if (strict && missing.length) {
    throw new StackError(
      `The stack is already running without ${missing.join(' and ')}; run \`node stack/stack.mjs down\` first, then \`up ${missing.join(' ')}\`.`,
    );
  }
  return {
    ...cfg,
    kafkaPort: recorded.kafkaPort,
    registryPort: recorded.registryPort,
    controllerPort: recorded.controllerPort,
    s3Port: recorded.s3Port ?? cfg.s3Port,
    ...running,
    securePort: recorded.securePort ?? cfg.securePort,
  };
}

/**
 * brokers + registryUrl + the S3 server (s3Endpoint, s3Bucket, s3Region, s3AccessKeyId,
 * s3SecretAccessKey: fixed test-only values); with --secure also secureBrokers, caFile, saslMechanism,
 * saslUsername, saslPasswordFile; with --registry-auth registryUsername and
 * registryPasswordFile (the same generated password of the same user).
 */
function endpointsOf(cfg) {
  const e = {
    brokers: brokersOf(cfg.kafkaPort),
    registryUrl: registryUrlOf(cfg.registryPort),
    s3Endpoint: s3EndpointOf(cfg.s3Port),
    s3Bucket: S3_BUCKET,
    s3Region: S3_REGION,
    s3AccessKeyId: S3_TEST_CREDENTIALS.accessKeyId,
    s3SecretAccessKey: S3_TEST_CREDENTIALS.secretAccessKey,
  };
  if (cfg.secure) {
    Object.assign(e, {
      secureBrokers: secureBrokersOf(cfg.securePort),
      caFile: cfg.paths.caPem,
      saslMechanism: 'scram-sha-512',
      saslUsername: STACK_USER,
      saslPasswordFile: cfg.paths.userPassword,
    });
  }
  if (cfg.registryAuth) Object.assign(e, { registryUsername: STACK_USER, registryPasswordFile: cfg.paths.userPassword });
  return e;
}

function writeEndpoints(cfg) {
  writeFileSync(cfg.paths.endpoints, `${JSON.stringify(endpointsOf(cfg))}\n`);
}

function printUrls(cfg) {
  const e = endpointsOf(cfg);
  cfg.log(`Kafka:            ${e.brokers}`);
  if (e.secureBrokers)
    cfg.log(`Kafka SASL_SSL:   ${e.secureBrokers} (SCRAM-SHA-512, user ${e.saslUsername}, password in ${e.saslPasswordFile}, CA ${e.caFile})`);
  cfg.log(`Schema registry:  ${e.registryUrl}${e.registryUsername ? ` (basic auth, user ${e.registryUsername}, password in ${e.registryPasswordFile})` : ''}`);
  cfg.log(
    `S3:               ${e.s3Endpoint} (bucket ${e.s3Bucket}, region ${e.s3Region}, test access key ${e.s3AccessKeyId}, secret in ${cfg.paths.endpoints})`,
  );
}

// ---- single component ------------------------------------------------------

/**
 * Does the component answer? A secure Kafka also has to accept the stack's
 * user over TLS + SCRAM; with `setup`, a failed SCRAM login (re)stores the
 * credential, which the next poll then sees.
 */
async function probe(cfg, component, { setup = false } = {}) {
  if (component === 'registry') return probeRegistry(cfg);
  if (component === 's3') return probeS3(cfg);
  if (!(await probeKafka(cfg.kafkaPort))) return false;
  if (!cfg.secure) return true;
  if (await probeSecureKafka(cfg).catch(() => false)) return true;
  if (setup) await ensureScramUser(cfg);
  return false;
}

async function assertPortsFree(cfg, components) {
  for (const c of components) {
    for (const key of componentPorts(cfg, c)) {
      if (!(await isPortFree(cfg[key]))) {
        const { flag, env } = PORT_SOURCES[key];
        throw new StackError(`Port ${cfg[key]} is already in use; stop whatever uses it or pick another port with ${flag} <port> (or ${env}).`, 2);
      }
    }
  }
}

function launch(cfg, component) {
  if (component === 'kafka') {
    let extra = [];
    if (cfg.secure) {
      if (ensureCertificates(cfg)) cfg.log(`Made a test CA and broker certificate in ${cfg.paths.secureDir}.`);
      userPassword(cfg);
      extra = secureListenerProperties(cfg);
    }
    if (prepareKafka(cfg, extra)) cfg.log('Formatted Kafka storage (first start).');
  }
  const command = { kafka: kafkaCommand, registry: registryCommand, s3: s3Command }[component];
  const { cmd, args, cwd } = command(cfg);
  return spawnDetached(cfg, component, cmd, args, { cwd });
}

/**
 * Wait for the given {component: pid} to become healthy. On failure: print the
 * failing component's log tail, stop `toStopOnFailure`, throw.
 */
async function awaitReady(cfg, pids, toStopOnFailure) {
  const entries = Object.entries(pids);
  // Fail fast: once one component is known dead, stop waiting for the other.
  let anyFailed = false;
  const results = await Promise.all(
    entries.map(async ([c, pid]) => {
      const reason = await waitUntil(() => probe(cfg, c, { setup: true }), { pid, timeoutMs: cfg.timeoutMs, shouldStop: () => anyFailed });
      if (reason && reason !== 'aborted') anyFailed = true;
      return reason;
    }),
  );
  const failed = entries.map(([c], i) => [c, results[i]]).filter(([, reason]) => reason !== null && reason !== 'aborted');
  if (failed.length === 0) return;
  // The log tail goes into the error itself, so API callers get it too.
  const report = failed.map(([c, reason]) => {
    const file = logFile(cfg, c);
    return `${LABEL[c]} did not come up (${reason}). Last lines of ${file}:\n${tail(file, 30)}`;
  });
  await Promise.all(toStopOnFailure.map((c) => stopOne(cfg, c)));
  if (COMPONENTS.every((c) => !runningPid(cfg, c))) rmSync(cfg.paths.ports, { force: true });
  const stopped = toStopOnFailure.length ? ` (stopped what this run started: ${toStopOnFailure.map((c) => LABEL[c]).join(', ')})` : '';
  throw new StackError(`${report.join('\n\n')}\n\n${failed.map(([c]) => LABEL[c]).join(' and ')} failed to start${stopped}.`);
}

// One-time chores once a freshly started component answers.
async function afterReady(cfg, components) {
  if (components.includes('kafka')) await warmUpKafka(cfg.kafkaPort);
  if (components.includes('registry')) await applyRegistryDefaults(cfg);
}

async function stopOne(cfg, component) {
  const pid = runningPid(cfg, component);
  let result = 'not running';
  if (pid) result = await stopPid(pid);
  rmSync(pidFile(cfg, component), { force: true });
  return { pid, result };
}

function ensureInstalled(cfg) {
  requireJava(cfg);
  if (!isInstalled(cfg)) installArtifacts(cfg);
}

// ---- public API --------------------------------------------------------------

/** Fetch Kafka, Apicurio and s3proxy into the cache dir if not there yet. */
export async function install(opts = {}) {
  const cfg = resolveConfig(opts);
  const { installed } = installArtifacts(cfg);
  if (!installed)
    cfg.log(`Already installed: Kafka ${cfg.kafkaVersion}, Apicurio Registry ${cfg.apicurioVersion}, s3proxy ${cfg.s3proxyVersion} in ${cfg.cacheDir}`);
  return { kafkaHome: cfg.paths.kafkaHome, apicurioHome: cfg.paths.apicurioHome, s3proxyHome: cfg.paths.s3proxyHome };
}

/**
 * Start whatever is not running, wait until all answer, write endpoints.json.
 * @returns {Promise<{brokers: string, registryUrl: string, s3Endpoint: string, alreadyRunning: boolean}>}
 */
export async function up(opts = {}) {
  let cfg = resolveConfig(opts);
  return withLock(cfg, async () => {
    cfg = withRunningPorts(cfg, { strict: true });
    const t0 = Date.now();
    const pids = Object.fromEntries(COMPONENTS.map((c) => [c, runningPid(cfg, c)]));
    const missing = COMPONENTS.filter((c) => !pids[c]);

    if (missing.length === 0) {
      // Both processes exist; they may still be starting (another `up`, or a crash loop).
      await awaitReady(cfg, pids, []);
      writeEndpoints(cfg);
      cfg.log('Stack is already running.');
      printUrls(cfg);
      return { ...endpointsOf(cfg), alreadyRunning: true };
    }

    ensureInstalled(cfg);
    await assertPortsFree(cfg, missing);
    recordSettings(cfg);
    cfg.log(`Starting ${missing.map((c) => LABEL[c]).join(', ')} (state in ${cfg.stateDir}) ...`);
    const started = [];
    try {
      for (const c of missing) {
        pids[c] = launch(cfg, c);
        started.push(c);
      }
    } catch (e) {
      await Promise.all(started.map((c) => stopOne(cfg, c)));
      throw e;
    }
    await awaitReady(cfg, pids, started);
    await afterReady(cfg, started);
    writeEndpoints(cfg);
    cfg.log(`Stack is up (${((Date.now() - t0) / 1000).toFixed(1)} s).`);
    printUrls(cfg);
    return { ...endpointsOf(cfg), alreadyRunning: false };
  });
}

/** Stop all (SIGTERM, SIGKILL after 20 s); purge also deletes Kafka, registry and S3 data. */
export async function down(opts = {}) {
  const cfg = resolveConfig(opts);
  if (!existsSync(cfg.stateDir)) {
    cfg.log('Stack is not running.');
    return { kafka: 'not running', registry: 'not running', s3: 'not running' };
  }
  return withLock(cfg, async () => {
    const results = await Promise.all(COMPONENTS.map((c) => stopOne(cfg, c)));
    const out = {};
    COMPONENTS.forEach((c, i) => {
      out[c] = results[i].result;
      if (results[i].pid) cfg.log(`${LABEL[c]}: ${results[i].result} (pid ${results[i].pid})`);
    });
    if (results.every((r) => !r.pid)) cfg.log('Stack is not running.');
    rmSync(cfg.paths.endpoints, { force: true });
    rmSync(cfg.paths.ports, { force: true });
    if (opts.purge) {
      rmSync(cfg.paths.kafkaDir, { recursive: true, force: true });
      rmSync(cfg.paths.registryDir, { recursive: true, force: true });
      rmSync(cfg.paths.s3Dir, { recursive: true, force: true });
      cfg.log(`Purged Kafka, registry and S3 data under ${cfg.stateDir}.`);
    }
    return out;
  });
}

/**
 * @returns {Promise<{up: boolean, brokers: string, registryUrl: string,
 *   kafka: {state: string, pid: number|null, url: string, log: string},
 *   registry: {state: string, pid: number|null, url: string, log: string},
 *   s3: {state: string, pid: number|null, url: string, log: string}}>}
 * state is "running" (answering), "starting" (process alive, not answering yet) or "stopped".
 */
export async function status(opts = {}) {
  const cfg = withRunningPorts(resolveConfig(opts), { strict: false });
  const e = endpointsOf(cfg);
  const out = { up: false, ...e };
  for (const c of COMPONENTS) {
    const pid = runningPid(cfg, c);
    let state = 'stopped';
    if (pid) state = (await probe(cfg, c).catch(() => false)) ? 'running' : 'starting';
    const url = { kafka: e.brokers, registry: e.registryUrl, s3: e.s3Endpoint }[c];
    out[c] = { state, pid, url, log: logFile(cfg, c) };
  }
  out.up = COMPONENTS.every((c) => out[c].state === 'running');
  return out;
}

/** Start one component (on the stack's recorded ports) and wait until it answers. */
export async function startComponent(component, opts = {}) {
  assertComponent(component);
  let cfg = resolveConfig(opts);
  return withLock(cfg, async () => {
    cfg = withRunningPorts(cfg, { strict: false });
    const recorded = readRecordedPorts(cfg);
    if (recorded) cfg = { ...cfg, ...recorded, securePort: recorded.securePort ?? cfg.securePort };
    let pid = runningPid(cfg, component);
    const started = !pid;
    if (!pid) {
      ensureInstalled(cfg);
      await assertPortsFree(cfg, [component]);
      if (!recorded || recorded.s3Port === undefined) recordSettings(cfg);
      pid = launch(cfg, component);
    }
    await awaitReady(cfg, { [component]: pid }, started ? [component] : []);
    if (started) await afterReady(cfg, [component]);
    cfg.log(`${LABEL[component]}: ${started ? 'started' : 'already running'} (pid ${pid})`);
    return { pid, started };
  });
}

/** Stop one component (SIGTERM, SIGKILL after 20 s). endpoints.json stays: the stack is "up but degraded". */
export async function stopComponent(component, opts = {}) {
  assertComponent(component);
  const cfg = resolveConfig(opts);
  if (!existsSync(cfg.stateDir)) return { pid: null, result: 'not running' };
  return withLock(cfg, async () => {
    const r = await stopOne(cfg, component);
    cfg.log(`${LABEL[component]}: ${r.result}${r.pid ? ` (pid ${r.pid})` : ''}`);
    return r;
  });
}

export async function restartComponent(component, opts = {}) {
  await stopComponent(component, opts);
  return startComponent(component, opts);
}

/** Contents of endpoints.json, or null when the stack is not up. */
export function endpoints(opts = {}) {
  const cfg = resolveConfig(opts);
  try {
    return JSON.parse(readFileSync(cfg.paths.endpoints, 'utf8'));
  } catch {
    return null;
  }
}

// ---- CLI ----------------------------------------------------------------------

const USAGE = `Usage: node stack/stack.mjs <command> [options]

Commands:
  install                 fetch Kafka, Apicurio and s3proxy with Maven into \${DL_CACHE_DIR:-~/.cache/dl}
  up                      start Kafka, schema registry and S3 server (installs first if needed)
  down [--purge]          stop all; --purge also deletes their data
  status [--format json]  exit 0 if all are up, 3 otherwise
  start-kafka | stop-kafka | restart-kafka
  start-registry | stop-registry | restart-registry
  start-s3 | stop-s3 | restart-s3

Options for up:
  --kafka-port <port>       (DL_KAFKA_PORT, default 9092)
  --registry-port <port>    (DL_REGISTRY_PORT, default 8081)
  --controller-port <port>  (DL_CONTROLLER_PORT, default 9093)
  --s3-port <port>          (DL_S3_PORT, default 9000; bucket dl-lake, test credentials)
  --secure                  also a SASL_SSL listener, SCRAM-SHA-512 user dl (DL_STACK_SECURE=1)
  --secure-port <port>      its port (DL_SECURE_PORT, default 9094)
  --registry-auth           the registry requires HTTP basic auth, user dl (DL_REGISTRY_AUTH=1)

State: \${DL_STACK_DIR:-<repo>/.stack} (data, logs/, pid files, endpoints.json)`;

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'kafka-port': { type: 'string' },
      'registry-port': { type: 'string' },
      'controller-port': { type: 'string' },
      's3-port': { type: 'string' },
      'secure-port': { type: 'string' },
      secure: { type: 'boolean' },
      'registry-auth': { type: 'boolean' },
      purge: { type: 'boolean' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 1;
  }
  if (rest.length) throw new StackError(`Unexpected argument(s): ${rest.join(' ')}\n${USAGE}`);
  const opts = {
    kafkaPort: values['kafka-port'],
    registryPort: values['registry-port'],
    controllerPort: values['controller-port'],
    s3Port: values['s3-port'],
    securePort: values['secure-port'],
    secure: values.secure,
    registryAuth: values['registry-auth'],
    purge: values.purge,
  };

  switch (command) {
    case 'install':
      await install(opts);
      return 0;
    case 'up':
      await up(opts);
      return 0;
    case 'down':
      await down(opts);
      return 0;
    case 'status': {
      const s = await status(opts);
      if (values.format === 'json') {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      } else if (values.format && values.format !== 'text') {
        throw new StackError(`Unknown --format ${values.format} (expected json or text).`);
      } else {
        for (const c of COMPONENTS) {
          const { state, pid, url } = s[c];
          process.stdout.write(`${c.padEnd(9)} ${state.padEnd(9)} ${pid ? `pid ${pid}`.padEnd(11) : '-'.padEnd(11)} ${url}\n`);
        }
      }
      return s.up ? 0 : 3;
    }
    default: {
      const m = /^(start|stop|restart)-(kafka|registry|s3)$/.exec(command);
      if (!m) throw new StackError(`Unknown command ${JSON.stringify(command)}.\n${USAGE}`);
      const fn = { start: startComponent, stop: stopComponent, restart: restartComponent }[m[1]];
      await fn(m[2], opts);
      return 0;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `stack.mjs up | head -1` must not kill us halfway through starting things.
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      if (err instanceof StackError || err?.code?.startsWith?.('ERR_PARSE_ARGS')) {
        process.stderr.write(`${err.message}\n`);
        process.exitCode = err.exitCode ?? 1;
      } else {
        process.stderr.write(`${err?.stack ?? err}\n`);
        process.exitCode = 1;
      }
    },
  );
}
