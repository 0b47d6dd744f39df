import v8 from 'node:v8';
import type { DlError, RegisteredSchema } from '@dl/core';
import type { Settings } from '@dl/core/config';
// The view entry alone: the package index also loads the dead-letter reader for replay (apache-arrow, core's Avro).
import { view } from '@dl/viewer/view';
import type { DecodeRaw, ViewOptions } from '@dl/viewer';
import { registryOptions } from '../connection.js';
import { anyOnS3, s3SettingsFor } from '../s3-settings.js';
import { VIEW_WASM_FLAGS } from '../wasm-flags.js';

/** Maps the settings to ViewOptions and prints; the table fits the terminal, or $COLUMNS (else 120) off one. */
export async function runView(table: string, s: Settings): Promise<void> {
  // S3 and the registry may need the CAs bin/dl held back (extra-ca-certs.ts): a local lake never does.
  if (anyOnS3([s.dataDir, table]) || s.decode) {
    const code = (await import('../extra-ca-certs.js')).rerunWithExtraCaCerts(process.env);
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  v8.setFlagsFromString(VIEW_WASM_FLAGS);
  const opts: ViewOptions = {
    target: table,
    dataDir: s.dataDir,
    s3: s3SettingsFor([s.dataDir, table], s.s3Endpoint),
    format: s.viewFormat,
    ...(s.limit === undefined ? {} : { limit: s.limit }),
    ...(s.offset === undefined ? {} : { offset: s.offset }),
    ...(s.tail === undefined ? {} : { tail: s.tail }),
    ...(s.columns ? { columns: s.columns } : {}),
    where: s.where ?? [],
    schema: s.schema,
    count: s.countRows,
    files: s.files,
    skipCorrupt: s.skipCorrupt,
    ...(s.decode ? { decodeRaw: await registryDecoder(s) } : {}),
    ...(s.hideReplayed || s.showReplayed ? { replayed: s.hideReplayed ? 'hide' : 'show' } : {}),
  };
  const isTTY = Boolean(process.stdout.isTTY);
  const envColumns = Number(process.env.COLUMNS);
  const columns = isTTY ? process.stdout.columns : Number.isInteger(envColumns) && envColumns > 0 ? envColumns : undefined;
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY, ...(columns ? { columns } : {}) };
  await view(opts, io);
}

/**
 * `--decode`: a raw value is read as plain Avro with the latest schema of `<topic>-value` (what a
 * `--raw` producer sends); a Confluent-framed value whose id is unknown is tried once more without
 * its 5-byte header. The registry is only contacted for the first row that needs it.
 */
async function registryDecoder(s: Settings): Promise<DecodeRaw> {
  // The registry client and the Avro codec (with apache-arrow, via core's index) load only for --decode.
  const { avroProblem, createRegistry, subjectName } = await import('@dl/core');
  const registry = createRegistry(registryOptions(s));
  const latest = new Map<string, Promise<RegisteredSchema['type'] | undefined>>();
  const typeFor = (topic: string) => {
    let pending = latest.get(topic);
    if (!pending) {
      pending = registry.getLatest(subjectName('topic', topic, '')).then(
        (v) => v.schema.type,
        (e: DlError) => {
          if (e.code === 'REGISTRY_NOT_FOUND') return undefined;
          throw e;
        },
      );
      latest.set(topic, pending);
    }
    return pending;
  };
  return async (bytes, topic) => {
    const type = await typeFor(topic);
    if (!type) return undefined;
    const attempt = (b: Uint8Array) => {
      const body = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      // The ingester's rules (and bounds) first: what it dead-letters is not shown as a decoded value.
      if (avroProblem(type, body)) return undefined;
      try {
        return type.fromBuffer(body) as unknown;
      } catch {
        return undefined;
      }
    };
    return attempt(bytes) ?? (bytes[0] === 0 && bytes.length > 5 ? attempt(bytes.subarray(5)) : undefined);
  };
}
