import type { Type } from 'avsc';
import { avroJsonText, describeColumns, type ColumnPlan } from '@dl/core';

/** Rewrites one decoded value in place (or returns its replacement). */
type Convert = (value: unknown) => unknown;

interface TypeParts {
  typeName: string;
  fields?: Array<{ name: string; type: Type }>;
  itemsType?: Type;
  valuesType?: Type;
  types?: Type[];
}

/**
 * What turns an avsc-decoded record of a recursive schema into the values its columns take under
 * `--recursive-depth`: each sub-tree that core's column plan maps to a `recursive-json` column
 * becomes the text of its Avro JSON encoding (exact longs, unions wrapped, as union columns are).
 * Walks the reader type and the plan together; undefined when the plan has no such column.
 */
export function recursiveAsText(type: Type, json: unknown, recursiveDepth: number): Convert | undefined {
  const plans = describeColumns(json as never, { recursiveDepth });
  if (!plans.some(hasJson)) return undefined;
  return compileRecord(type, plans) ?? undefined;
}

function hasJson(plan: ColumnPlan): boolean {
  return plan.avroKind === 'recursive-json' || plan.children.some(hasJson);
}

function compileRecord(type: Type, plans: ColumnPlan[]): Convert | null {
  const fields = (type as unknown as TypeParts).fields ?? [];
  const steps: Array<[string, Convert]> = [];
  plans.forEach((plan, i) => {
    const field = fields[i];
    const c = field && compile(field.type, plan);
    if (field && c) steps.push([field.name, c]);
  });
  if (steps.length === 0) return null;
  return (v) => {
    if (v === null || v === undefined) return v;
    const rec = v as Record<string, unknown>;
    for (const [name, c] of steps) rec[name] = c(rec[name]);
    return rec;
  };
}

function compile(type: Type, plan: ColumnPlan): Convert | null {
  if (!hasJson(plan)) return null;
  const t = type as unknown as TypeParts;
  if (t.typeName === 'union:unwrapped' && t.types) {
    // `[null, T]`, the only union a plan maps to T itself.
    const inner = t.types.find((b) => b.typeName !== 'null');
    const c = inner && compile(inner, plan);
    return c ? (v) => (v === null || v === undefined ? v : c(v)) : null;
  }
  if (plan.avroKind === 'recursive-json') return (v) => (v === null || v === undefined ? v : avroJsonText(type, v));
  switch (plan.avroKind) {
    case 'record':
      return compileRecord(type, plan.children);
    case 'array': {
      const c = t.itemsType && compile(t.itemsType, plan.children[0]!);
      return c ? (v) => (Array.isArray(v) ? v.map(c) : v) : null;
    }
    case 'map': {
      const c = t.valuesType && compile(t.valuesType, plan.children[1]!);
      return c
        ? (v) => {
            if (v === null || typeof v !== 'object') return v;
            const m = v as Record<string, unknown>;
            for (const k of Object.keys(m)) m[k] = c(m[k]);
            return m;
          }
        : null;
    }
    default:
      return null;
  }
}
