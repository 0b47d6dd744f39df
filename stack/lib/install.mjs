// `install`: resolve Kafka, Apicurio and s3proxy from the Maven registry into the cache
// dir (outside the git tree). Each product gets its own directory plus an
// `.installed` marker, written last, so a half-finished install is redone and
// a finished one costs one stat().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './config.mjs';

const INSTALL_HINT = 'install them with `apt-get install openjdk-17-jre-headless maven`';

/** Java major version, or null if `java` cannot be run. */
export function javaMajor(cfg) {
  const r = spawnSync(cfg.java, ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return null;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major; // "1.8" style
}

export function requireJava(cfg) {
  const major = javaMajor(cfg);
  if (major === null) {
    throw new StackError(`Java was not found (${cfg.java}); the local stack needs Java 17+ and Maven: ${INSTALL_HINT}.`);
  }
  if (major < 17) {
    throw new StackError(`Java ${major} is too old; the local stack needs Java 17+ and Maven: ${INSTALL_HINT}.`);
  }
  return major;
}

function requireMaven(cfg) {
  const r = spawnSync(cfg.mvn, ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new StackError(`Maven (mvn) was not found; the local stack needs Java 17+ and Maven: ${INSTALL_HINT}.`);
  }
}

function runMaven(cfg, args, what, pom = cfg.paths.pom) {
  const full = ['-B', '-q', '-Dstyle.color=never', `-Dmaven.repo.local=${cfg.paths.m2}`, '-f', pom, ...args];
  const r = spawnSync(cfg.mvn, full, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
      // eslint-disable-next-line no-control-regex -- Maven's colour codes start with ESC
      .replace(/\x1b\[[0-9;]*m/g, '')
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n');
    throw new StackError(`Maven could not fetch ${what}:\n${out || r.error?.message}`);
  }
}

export function kafkaInstalled(cfg) {
  return existsSync(join(cfg.paths.kafkaHome, '.installed'));
}

export function apicurioInstalled(cfg) {
  return existsSync(join(cfg.paths.apicurioHome, '.installed'));
}

export function s3proxyInstalled(cfg) {
  return existsSync(join(cfg.paths.s3proxyHome, '.installed'));
}

export function isInstalled(cfg) {
  return kafkaInstalled(cfg) && apicurioInstalled(cfg) && s3proxyInstalled(cfg);
}

// Build into <final>.tmp-<pid> and rename at the end, so a crash or a parallel
// install never leaves a directory that looks complete.
function atomicInstall(finalDir, build) {
  const tmp = `${finalDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    build(tmp);
    writeFileSync(join(tmp, '.installed'), `${new Date().toISOString()}\n`);
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(tmp, finalDir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // Another process may have finished the same install meanwhile.
    if (existsSync(join(finalDir, '.installed'))) return;
    throw e;
  }
}

function installKafka(cfg) {
  atomicInstall(cfg.paths.kafkaHome, (tmp) => {
    runMaven(
      cfg,
      [`-Dkafka.version=${cfg.kafkaVersion}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(tmp, 'libs')}`],
      `Kafka ${cfg.kafkaVersion}`,
    );
  });
}

function installApicurio(cfg) {
  const v = cfg.apicurioVersion;
  const coords = `io.apicurio:apicurio-registry-app:${v}:tar.gz:all`;
  atomicInstall(cfg.paths.apicurioHome, (tmp) => {
    // dependency:get with transitive=false on the 2.8 plugin: it fetches just
    // this file. Newer plugin versions (and copy/copy-dependencies) insist on
    // reading the artifact's POM *and its parent POM*, and the registry we can
    // reach does not have io.apicurio:apicurio-registry:<v> (the parent).
    runMaven(cfg, ['org.apache.maven.plugins:maven-dependency-plugin:2.8:get', `-Dartifact=${coords}`, '-Dtransitive=false'], `Apicurio Registry ${v}`);
    const tarball = join(cfg.paths.m2, 'io', 'apicurio', 'apicurio-registry-app', v, `apicurio-registry-app-${v}-all.tar.gz`);
    if (!existsSync(tarball)) throw new StackError(`Maven did not produce ${tarball}`);
    // System tar: Node has gzip but no tar reader, and tar is on every Linux/macOS box.
    const r = spawnSync('tar', ['-xzf', tarball, '-C', tmp], { encoding: 'utf8' });
    if (r.status !== 0) throw new StackError(`Could not unpack ${tarball}: ${r.stderr || r.error?.message}`);
    if (!registryLauncher(tmp)) throw new StackError(`No runnable jar found in ${coords}`);
  });
}

function installS3proxy(cfg) {
  atomicInstall(cfg.paths.s3proxyHome, (tmp) => {
    runMaven(
      cfg,
      [`-Ds3proxy.version=${cfg.s3proxyVersion}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(tmp, 'libs')}`],
      `s3proxy ${cfg.s3proxyVersion}`,
      cfg.paths.s3proxyPom,
    );
  });
}

/**
 * The jar to `java -jar`: fast-jar layout (3.1+: quarkus-run.jar at the top)
 * or legacy-jar layout (3.0.x: apicurio-registry-app-<v>-runner.jar + lib/).
 */
export function registryLauncher(home) {
  if (!existsSync(home)) return null;
  if (existsSync(join(home, 'quarkus-run.jar'))) return join(home, 'quarkus-run.jar');
  const runner = readdirSync(home).find((f) => f.endsWith('-runner.jar'));
  return runner ? join(home, runner) : null;
}

/** Idempotent: returns quickly when both products are already cached. */
export function install(cfg) {
  requireJava(cfg);
  const todo = [];
  if (!kafkaInstalled(cfg)) todo.push(['Kafka', cfg.kafkaVersion, installKafka]);
  if (!apicurioInstalled(cfg)) todo.push(['Apicurio Registry', cfg.apicurioVersion, installApicurio]);
  if (!s3proxyInstalled(cfg)) todo.push(['s3proxy', cfg.s3proxyVersion, installS3proxy]);
  if (todo.length === 0) return { installed: false };
  requireMaven(cfg);
  mkdirSync(cfg.cacheDir, { recursive: true });
  for (const [name, version, fn] of todo) {
    const t0 = Date.now();
    cfg.log(`Installing ${name} ${version} into ${cfg.cacheDir} ...`);
    fn(cfg);
    cfg.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { installed: true };
}
