import type avsc from 'avsc';

/**
 * Why `value` does not match `type`, one line per problem (empty when it matches), naming each field
 * by its path (`products[1].price`): missing, of the wrong type, or not in the schema.
 */
export function validateValue(type: avsc.Type, value: unknown): string[] {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], any: unknown, t: avsc.Type) => {
      const field = fieldPath(path);
      if (any === undefined) problems.push(`${field} is missing (expected ${describe(t)})`);
      else problems.push(`${field} must be ${describe(t)}, got ${JSON.stringify(any)}`);
    },
  });
  undeclaredFields(type, value, [], problems);
  return problems;
}

function undeclaredFields(type: avsc.Type, value: unknown, path: string[], problems: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (type.typeName === 'record') {
    const fields = (type as avsc.types.RecordType).fields;
    const names = new Set(fields.map((f) => f.name));
    for (const key of Object.keys(value)) {
      if (!names.has(key)) problems.push(`${fieldPath([...path, key])} is not in the schema`);
    }
    for (const f of fields) undeclaredFields(f.type, (value as Record<string, unknown>)[f.name], [...path, f.name], problems);
  } else if (type.typeName === 'array' && Array.isArray(value)) {
    const items = (type as avsc.types.ArrayType).itemsType;
    value.forEach((v, i) => undeclaredFields(items, v, [...path, String(i)], problems));
  }
}

function fieldPath(path: string[]): string {
  if (path.length === 0) return 'the value';
  let out = 'field "';
  path.forEach((p, i) => (out += /^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`));
  return `${out}"`;
}

function describe(t: avsc.Type): string {
  const name = t.typeName;
  if (name === 'record') return `a ${t.name ?? 'record'} record`;
  if (name === 'array') return 'an array';
  if (name === 'int' || name === 'long') return `an ${name}`;
  return `a ${name}`;
}
