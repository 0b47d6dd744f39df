import { BaseBuilder } from './base-builder.js';
import { BigIntBuilder } from './bigint-builder.js';
import { BoolBuilder } from './bool-builder.js';
import { BytesBuilder } from './bytes-builder.js';
import type { ColumnBuilder } from './column-builder.js';
import { ListBuilder } from './list-builder.js';
import { MapBuilder } from './map-builder.js';
import { StructBuilder } from './struct-builder.js';

/** Fills a child slot under a null parent without tripping non-null checks. */
export function appendDefault(b: ColumnBuilder): void {
  if (b instanceof BaseBuilder && b.nullable) b.append(null);
  else if (b instanceof StructBuilder) {
    (b as unknown as { length: number }).length++;
    for (const c of b.children) appendDefault(c);
  } else if (b instanceof ListBuilder || b instanceof MapBuilder) b.append(b instanceof ListBuilder ? [] : {});
  else if (b instanceof BytesBuilder) b.append(new Uint8Array(0));
  else if (b instanceof BoolBuilder) b.append(false);
  else if (b instanceof BigIntBuilder) b.append(0n);
  else b.append(0);
}
