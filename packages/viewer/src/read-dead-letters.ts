import { DLQ_DIR, DLQ_SCHEMA, type DeadLetterRow, type ReadDeadLettersOptions } from '@dl/core';
import type { S3Settings } from '@dl/storage';
import type { CellObject } from './cell.js';
import { Dataset } from './dataset.js';
import { listTableFiles } from './list-table-files.js';
import { dlqColumns, requireColumns, unionColumns, whereColumns } from './output-columns.js';
import { resolveTarget } from './resolve-target.js';
import { scanRows } from './scan-rows.js';
import type { Row } from './table-rows.js';

/** Core's options, plus how to reach an `s3://` lake (the cli binds it when it hands the reader to replay). */
export interface StoreDeadLettersOptions extends ReadDeadLettersOptions {
  s3?: S3Settings;
}

/**
 * The dead letters of a lake matching every filter, in table order, a chunk at a time. For programs
 * that act on dead letters (`dl replay`, through core's DeadLetterReader): the same files, filters and
 * corrupt-file handling as `dl view`.
 */
export async function* readDeadLetters(opts: StoreDeadLettersOptions): AsyncGenerator<DeadLetterRow[]> {
  const target = await resolveTarget(DLQ_DIR, opts.dataDir, opts.s3 ?? {});
  const files = await listTableFiles(target);
  const ds = new Dataset(files, { skipCorrupt: opts.skipCorrupt ?? false, warn: opts.warn ?? (() => {}) });
  try {
    const where = opts.where ?? [];
    const known =
      files.length === 0
        ? dlqColumns()
        : unionColumns(
            (await ds.openAll()).map((s) => s.schema),
            ds.partitionKeys,
          );
    requireColumns(known, whereColumns(where), 'where');
    const columns = DLQ_SCHEMA.fields.map((f) => f.name);
    for await (const rows of scanRows(ds, { columns, where, offset: 0, limit: Infinity, fromEnd: false })) yield rows.map(toDeadLetter);
  } finally {
    ds.close();
    await target.store.close();
  }
}

function toDeadLetter(r: Row): DeadLetterRow {
  const headers = Array.isArray(r.headers) ? (r.headers as CellObject[]) : [];
  return {
    topic: String(r.topic),
    partition: Number(r.partition),
    offset: BigInt(r.offset as bigint),
    timestamp: r.timestamp as Date,
    key: bytes(r.key),
    value: bytes(r.avro_value),
    headers: headers.map((h) => ({ key: String(h.key), value: bytes(h.value) })),
    schemaId: typeof r.schema_id === 'number' ? r.schema_id : null,
    errorClass: String(r.error_class),
    errorMessage: String(r.error_message ?? ''),
  };
}

function bytes(cell: Row[string] | undefined): Uint8Array | null {
  return cell instanceof Uint8Array ? cell : null;
}
