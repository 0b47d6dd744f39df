// Apicurio Registry 3.x as a Confluent-compatible schema registry: JVM command
// line with file-backed H2 storage, readiness probe, one-time defaults.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './config.mjs';
import { registryLauncher } from './install.mjs';
import { jvmArgs } from './proc.mjs';
import { registryAuthHeaders, writeRegistryAuthConfig } from './secure.mjs';

/**
 * Quarkus/Apicurio settings, passed as -D system properties (they beat the
 * application.properties baked into the jar). Names checked against the
 * application.properties shipped in apicurio-registry-app 3.0.9 and 3.3.3.
 */
export function registryProperties(cfg) {
  const dbPath = join(cfg.paths.registryDir, 'db');
  return {
    'quarkus.http.port': cfg.registryPort,
    // Loopback only, like the broker. Quarkus binds IPv4; `localhost` resolves
    // to 127.0.0.1 here and Node/Java clients fall back to IPv4 anyway.
    'quarkus.http.host': '127.0.0.1',
    // 3.1+ serves health/metrics on a separate management port (9000 by
    // default); let the OS pick one so it can never collide. Ignored by 3.0.x.
    'quarkus.management.port': 0,
    'quarkus.management.host': '127.0.0.1',
    // Persistence that survives down+up: SQL storage on an H2 *file* database
    // (the default is jdbc:h2:mem:..., i.e. lost on every restart).
    'apicurio.storage.kind': 'sql',
    'apicurio.storage.sql.kind': 'h2',
    // WRITE_DELAY=0: H2 writes each commit to the file when it commits, not up
    // to 500 ms later from a background thread. Without it a schema registered
    // just before the registry stops can be lost: a SIGKILL right after a
    // registration lost it 3 times out of 3, and one CI run lost all four
    // subjects one registry process had registered in its last 35 s before a
    // SIGTERM (the next start answered 404 for a subject it had acknowledged,
    // so dl ingest rightly kept that subject's keys undecoded). With it, 5 of 5
    // survive a SIGKILL. MAX_COMPACT_TIME=0: no compaction while closing, the
    // step H2 2.3's own tracker has data-loss reports about.
    // DB_CLOSE_ON_EXIT=FALSE: otherwise H2's own shutdown hook closes the DB
    // while the connection pool is still draining on SIGTERM (harmless
    // ClosedByInterruptException noise in the log); the pool closes it instead.
    'apicurio.datasource.url': `jdbc:h2:file:${dbPath};WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE`,
    'apicurio.datasource.username': 'sa',
    'apicurio.datasource.password': 'sa',
    // Default pool is 20..100 connections; pointless for an embedded file DB.
    'apicurio.datasource.jdbc.initial-size': 2,
    'apicurio.datasource.jdbc.min-size': 2,
    'apicurio.datasource.jdbc.max-size': 20,
    // Confluent semantics for the ccompat API:
    //  - legacy-id-mode=false: the id in {"id":N} / the wire-format header is
    //    the *content* id, so the same schema gets the same id in every
    //    subject, and GET /schemas/ids/{id} resolves exactly those ids.
    //    (true would hand out per-version global ids instead.)
    //  - use-canonical-hash=true: re-registering a schema that differs only in
    //    formatting returns the existing id, as Confluent does.
    'apicurio.ccompat.legacy-id-mode.enabled': false,
    'apicurio.ccompat.use-canonical-hash': true,
    // Confluent's default compatibility is BACKWARD (Apicurio's is none) and
    // Confluent rejects unparsable schemas. These are the defaults used while
    // no global rule is stored; up() also stores BACKWARD once on a fresh DB
    // so that GET /config reports it.
    'apicurio.rules.global.compatibility': 'BACKWARD',
    'apicurio.rules.global.validity': 'SYNTAX_ONLY',
    // Confluent allows DELETE /subjects/... (soft, then ?permanent=true).
    'apicurio.rest.deletion.group.enabled': true,
    'apicurio.rest.deletion.artifact.enabled': true,
    'apicurio.rest.deletion.artifact-version.enabled': true,
    // No OIDC auth (this is also the jar's default; stated for clarity).
    // `up --registry-auth` adds HTTP basic auth in front of the API instead,
    // with Quarkus' embedded users (see secure.mjs).
    'apicurio.authn.basic-client-credentials.enabled': false,
    'apicurio.auth.role-based-authorization': false,
  };
}

export function registryCommand(cfg) {
  const jar = registryLauncher(cfg.paths.apicurioHome);
  if (!jar) throw new StackError(`Apicurio Registry is not installed in ${cfg.paths.apicurioHome}; run: node stack/stack.mjs install`);
  mkdirSync(cfg.paths.registryDir, { recursive: true });
  writeRegistryAuthConfig(cfg);
  const props = Object.entries(registryProperties(cfg)).map(([k, v]) => `-D${k}=${v}`);
  return {
    cmd: cfg.java,
    args: [...jvmArgs(cfg, 'registry', { heap: cfg.registryHeap }), ...props, '-jar', jar],
    // H2 and Quarkus may drop files relative to the cwd; keep them in state.
    cwd: cfg.paths.registryDir,
  };
}

async function fetchWithTimeout(url, init = {}, timeoutMs = 3000) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** Resolves true when GET /subjects answers 200 with a JSON array (with the stack's credentials if it needs them). */
export async function probeRegistry(cfg, timeoutMs = 3000) {
  const res = await fetchWithTimeout(`http://127.0.0.1:${cfg.registryPort}/apis/ccompat/v7/subjects`, { headers: registryAuthHeaders(cfg) }, timeoutMs);
  if (res.status !== 200) return false;
  return Array.isArray(await res.json());
}

/**
 * First start on an empty DB: store global compatibility BACKWARD through the
 * ccompat API, so GET /config answers like a fresh Confluent registry. Done
 * once (marker file) so a user's later PUT /config is never overridden.
 */
export async function applyRegistryDefaults(cfg) {
  const marker = join(cfg.paths.registryDir, '.defaults-applied');
  if (existsSync(marker)) return;
  const res = await fetchWithTimeout(
    `http://127.0.0.1:${cfg.registryPort}/apis/ccompat/v7/config`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...registryAuthHeaders(cfg) },
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    },
    10_000,
  );
  if (!res.ok) throw new StackError(`Could not set the registry's default compatibility: HTTP ${res.status} ${await res.text()}`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}
