import avsc from 'avsc';
import { DataType } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { describeColumns, type ColumnPlan } from '@dl/core';

/** The parts of a plan the ingester branches on, without the Arrow type objects. */
function shape(plan: ColumnPlan): unknown {
  const { arrowType: _arrowType, children, ...rest } = plan;
  return children.length === 0 ? rest : { ...rest, children: children.map(shape) };
}

describe('describeColumns', () => {
  it('describes the seed Order, one node per column, nested for the product list', () => {
    const plans = describeColumns({
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'order_id', type: 'int' },
        {
          name: 'products',
          type: {
            type: 'array',
            items: { type: 'record', name: 'Product', fields: [{ name: 'name', type: 'string', doc: 'sku name' }] },
          },
        },
      ],
    });
    expect(plans.map(shape)).toEqual([
      { name: 'order_id', avroKind: 'int', nullable: false },
      {
        name: 'products',
        avroKind: 'array',
        nullable: false,
        children: [
          {
            name: 'element',
            avroKind: 'record',
            nullable: false,
            children: [{ name: 'name', avroKind: 'string', nullable: false, doc: 'sku name' }],
          },
        ],
      },
    ]);
  });

  it('tells a binary decoder which union branch is null and what the other branches are', () => {
    const plans = describeColumns({
      type: 'record',
      name: 'R',
      namespace: 'ns',
      fields: [
        { name: 'a', type: ['string', 'null'] },
        { name: 'b', type: ['null', 'int', { type: 'enum', name: 'E', symbols: ['X', 'Y'] }] },
        { name: 'c', type: ['int', { type: 'array', items: 'int' }] },
      ],
    });
    expect(plans.map(shape)).toEqual([
      { name: 'a', avroKind: 'string', nullable: true, nullIndex: 1 },
      { name: 'b', avroKind: 'union-json', nullable: true, nullIndex: 0, unionBranches: ['null', 'int', 'ns.E'] },
      { name: 'c', avroKind: 'union-json', nullable: false, unionBranches: ['int', 'array'] },
    ]);
  });

  it('keeps the Avro kind under a logical type, with decimal, fixed and enum parameters', () => {
    const plans = describeColumns({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
        { name: 'odd', type: { type: 'int', logicalType: 'timestamp-micros' } },
        { name: 'amount', type: { type: 'fixed', name: 'F', size: 8, logicalType: 'decimal', precision: 12, scale: 3 } },
        { name: 'hash', type: { type: 'fixed', name: 'H', size: 4 } },
        { name: 'state', type: { type: 'enum', name: 'S', symbols: ['ON', 'OFF'] } },
      ],
    });
    expect(plans.map(shape)).toEqual([
      { name: 'at', avroKind: 'long', nullable: false, logicalType: 'timestamp-micros' },
      { name: 'odd', avroKind: 'int', nullable: false },
      { name: 'amount', avroKind: 'fixed', nullable: false, size: 8, logicalType: 'decimal', precision: 12, scale: 3 },
      { name: 'hash', avroKind: 'fixed', nullable: false, size: 4 },
      { name: 'state', avroKind: 'enum', nullable: false, symbols: ['ON', 'OFF'] },
    ]);
  });

  it('puts map keys and values under the entries struct Arrow expects', () => {
    const [plan] = describeColumns({
      type: 'record',
      name: 'R',
      fields: [{ name: 'm', type: { type: 'map', values: ['null', 'long'] } }],
    });
    expect(shape(plan!)).toEqual({
      name: 'm',
      avroKind: 'map',
      nullable: false,
      children: [
        { name: 'key', avroKind: 'string', nullable: false },
        { name: 'value', avroKind: 'long', nullable: true, nullIndex: 0 },
      ],
    });
    const entries = plan!.arrowType.children[0]!;
    expect(entries.name).toBe('entries');
    expect(entries.nullable).toBe(false);
    expect(DataType.isStruct(entries.type)).toBe(true);
    expect(entries.type.children.map((f: { name: string }) => f.name)).toEqual(['key', 'value']);
  });

  it('accepts an avsc Type', () => {
    const type = avsc.Type.forSchema({ type: 'record', name: 'R', fields: [{ name: 'x', type: ['null', 'double'] }] });
    expect(describeColumns(type).map(shape)).toEqual([{ name: 'x', avroKind: 'double', nullable: true, nullIndex: 0 }]);
  });

  it('reports an invalid schema as a SCHEMA error', () => {
    expect(() => describeColumns({ type: 'record', name: 'R' } as never)).toThrow(
      expect.objectContaining({ code: 'SCHEMA', message: expect.stringMatching(/^invalid Avro schema: /) }),
    );
  });
});
