import { ConfigError, DEFAULT_DATA_DIR, createRegistry, subjectName, type DlError, type RegisteredSchema } from '@dl/core';
import { view, type DecodeRaw, type ViewOptions } from '@dl/viewer';
import type { ViewFlags } from '../commands/view.js';
import { resolveConnection } from '../connection.js';
import { s3SettingsFor } from '../s3-settings.js';

/** Maps flags and env to ViewOptions and prints; the table fits the terminal, or $COLUMNS (else 120) off one. */
export async function runView(table: string, flags: ViewFlags): Promise<void> {
  if (flags.tail !== undefined && flags.limit !== undefined) {
    throw new ConfigError(`Pass either --limit or --tail, not both (got --limit ${flags.limit} and --tail ${flags.tail}).`);
  }
  // An empty DL_DATA_DIR counts as unset, as shells make it easy to export one by mistake.
  const dataDir = flags.dataDir ?? (process.env.DL_DATA_DIR || DEFAULT_DATA_DIR);
  const opts: ViewOptions = {
    target: table,
    dataDir,
    s3: s3SettingsFor([dataDir, table], flags),
    ...(flags.format ? { format: flags.format } : {}),
    ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    ...(flags.offset === undefined ? {} : { offset: flags.offset }),
    ...(flags.tail === undefined ? {} : { tail: flags.tail }),
    ...(flags.columns ? { columns: flags.columns } : {}),
    where: flags.where ?? [],
    schema: flags.schema ?? false,
    count: flags.count ?? false,
    files: flags.files ?? false,
    skipCorrupt: flags.skipCorrupt ?? false,
    ...(flags.decode ? { decodeRaw: registryDecoder(flags) } : {}),
  };
  const isTTY = Boolean(process.stdout.isTTY);
  const envColumns = Number(process.env.COLUMNS);
  const columns = isTTY ? process.stdout.columns : Number.isInteger(envColumns) && envColumns > 0 ? envColumns : undefined;
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY, ...(columns ? { columns } : {}) };
  if (flags.hideReplayed && flags.showReplayed) throw new ConfigError('Pass either --hide-replayed or --show-replayed, not both.');
  await view({ ...opts, ...(flags.hideReplayed || flags.showReplayed ? { replayed: flags.hideReplayed ? 'hide' : 'show' } : {}) }, io);
}

/**
 * `--decode`: a raw value is read as plain Avro with the latest schema of `<topic>-value` (what a
 * `--raw` producer sends); a Confluent-framed value whose id is unknown is tried once more without
 * its 5-byte header. The registry is only contacted for the first row that needs it.
 */
function registryDecoder(flags: ViewFlags): DecodeRaw {
  const conn = resolveConnection({ registryUrl: flags.registryUrl, registryAuth: flags.registryAuth });
  const registry = createRegistry({ url: conn.registryUrl, ...(conn.registryAuth ? { auth: conn.registryAuth } : {}) });
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
      try {
        return type.fromBuffer(Buffer.from(b.buffer, b.byteOffset, b.byteLength)) as unknown;
      } catch {
        return undefined;
      }
    };
    return attempt(bytes) ?? (bytes[0] === 0 && bytes.length > 5 ? attempt(bytes.subarray(5)) : undefined);
  };
}
