import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { DLQ_DIR, type DeadLetterRow } from '@dl/core';

/** Every Parquet file a reader of the table directory would see (hidden entries skipped). */
export function visibleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      if (n.startsWith('_') || n.startsWith('.')) continue;
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.parquet')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** All rows of a table directory as plain objects (tests only: loads everything). */
export function readRows(dir: string): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const f of visibleFiles(dir)) {
    const t = tableFromIPC(readParquet(readFileSync(f)).intoIPCStream());
    for (const r of t.toArray()) rows.push(r.toJSON() as Record<string, unknown>);
  }
  return rows;
}

/**
 * The dead letters of a lake as core's DeadLetterRow, read with parquet-wasm and Arrow directly (not
 * the viewer's reader), for tests that feed replay's stages.
 */
export function readDeadLetterRows(lake: string): DeadLetterRow[] {
  const bytes = (v: unknown): Uint8Array | null => (v instanceof Uint8Array ? v : null);
  return readRows(path.join(lake, DLQ_DIR)).map((r) => {
    const headers = r.headers ? Array.from(r.headers as Iterable<{ toJSON(): { key: string; value: unknown } }>).map((h) => h.toJSON()) : [];
    return {
      topic: String(r.topic),
      partition: Number(r.partition),
      offset: BigInt(r.offset as bigint),
      timestamp: new Date(Number(r.timestamp)),
      key: bytes(r.key),
      value: bytes(r.avro_value),
      headers: headers.map((h) => ({ key: String(h.key), value: bytes(h.value) })),
      schemaId: typeof r.schema_id === 'number' ? r.schema_id : null,
      errorClass: String(r.error_class),
      errorMessage: String(r.error_message ?? ''),
    };
  });
}
