import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avsc from 'avsc';
import { DataType, makeBuilder, RecordBatch, Struct, Table, tableFromIPC, tableToIPC, type Schema } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { avroToArrowSchema, DlError, formatArrowSchema } from '@dl/core';

/**
 * Golden files in test/golden/avro-arrow: each `<case>.avsc` maps either to `<case>.arrow.txt`
 * (`formatArrowSchema` of the mapped schema) or, when the mapping must fail, to `<case>.error.txt`
 * (the DlError message). Adding a case is adding two files.
 *
 * After an intended change, rewrite the expected files and review the diff:
 *   UPDATE_GOLDEN=1 npx vitest run --project unit packages/core
 */
const GOLDEN_DIR = fileURLToPath(new URL('../../test/golden/avro-arrow/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const cases = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.avsc'))
  .map((f) => f.slice(0, -'.avsc'.length))
  .sort();

function readSchema(name: string): unknown {
  return JSON.parse(readFileSync(`${GOLDEN_DIR}${name}.avsc`, 'utf8'));
}

/** The golden text for a case: the rendered schema, or the error it must fail with. */
function render(name: string): { kind: 'arrow' | 'error'; text: string } {
  try {
    return { kind: 'arrow', text: formatArrowSchema(avroToArrowSchema(readSchema(name) as never)) };
  } catch (e) {
    if (!(e instanceof DlError)) throw e;
    expect(e.code).toBe('SCHEMA');
    return { kind: 'error', text: `${e.message}\n` };
  }
}

describe('avroToArrowSchema golden files', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    it(name, () => {
      const arrowFile = `${GOLDEN_DIR}${name}.arrow.txt`;
      const errorFile = `${GOLDEN_DIR}${name}.error.txt`;
      const actual = render(name);
      if (UPDATE) {
        writeFileSync(actual.kind === 'arrow' ? arrowFile : errorFile, actual.text);
        rmSync(actual.kind === 'arrow' ? errorFile : arrowFile, { force: true });
        return;
      }
      const expectedFile = existsSync(errorFile) ? errorFile : arrowFile;
      if (!existsSync(expectedFile)) throw new Error(`no ${name}.arrow.txt or ${name}.error.txt; run with UPDATE_GOLDEN=1`);
      const expected = { kind: expectedFile === errorFile ? 'error' : 'arrow', text: readFileSync(expectedFile, 'utf8') };
      expect(actual).toEqual(expected);
    });
  }
});

describe('avroToArrowSchema', () => {
  const orderJson = readSchema('order') as avsc.Schema;

  it('maps an avsc Type the same as its JSON', () => {
    const fromType = avroToArrowSchema(avsc.Type.forSchema(orderJson));
    expect(formatArrowSchema(fromType)).toBe(formatArrowSchema(avroToArrowSchema(orderJson)));
  });

  it('keeps logical types of a Type parsed with them registered', () => {
    class Passthrough extends avsc.types.LogicalType {
      override _fromValue(v: unknown) {
        return v;
      }
      override _toValue(v: unknown) {
        return v;
      }
    }
    const type = avsc.Type.forSchema(
      { type: 'record', name: 'R', fields: [{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }] },
      { logicalTypes: { 'timestamp-millis': Passthrough } },
    );
    expect(formatArrowSchema(avroToArrowSchema(type))).toBe('at: Timestamp<ms, UTC> not null\n');
  });

  it('builds a usable Arrow table for an Order, with the list child named element', () => {
    const schema: Schema = avroToArrowSchema(orderJson);
    const builder = makeBuilder({ type: new Struct(schema.fields), nullValues: [null, undefined] });
    const order = {
      order_id: 7,
      customer: 'ada',
      description: 'two things',
      price: 12.5,
      products: [
        { name: 'pen', price: 2.5 },
        { name: 'book', price: 10 },
      ],
    };
    // Arrow types a struct value as its row proxy; the builder reads plain objects just as well.
    builder.append(order as never);
    const table = new Table(new RecordBatch(schema, builder.finish().flush()));

    // Through IPC, which is how the ingester hands tables to parquet-wasm.
    const back = tableFromIPC(tableToIPC(table));
    const products = back.schema.fields.find((f) => f.name === 'products')!;
    expect(DataType.isList(products.type)).toBe(true);
    expect(products.type.children[0]!.name).toBe('element');
    expect(back.numRows).toBe(1);
    expect(back.get(0)!.toJSON()).toMatchObject({ order_id: 7, customer: 'ada', price: 12.5 });
    expect([...back.getChild('products')!.get(0)!].map((p) => p.toJSON())).toEqual([
      { name: 'pen', price: 2.5 },
      { name: 'book', price: 10 },
    ]);
  });
});
