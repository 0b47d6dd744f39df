import { DlError } from '../errors.js';

/** A record, enum or fixed definition, kept so later references by name can reuse it. */
export interface NamedDefinition {
  fullName: string;
  schema: Record<string, unknown>;
  /** The namespace that names inside this definition resolve against. */
  namespace: string | undefined;
}

export type NameTable = Map<string, NamedDefinition>;

export const AVRO_PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Records a named definition under its full name (Avro spec: a dotted name is already full;
 * otherwise an explicit `namespace`, else the enclosing one, is prefixed). Seeing the same
 * definition object again is fine: that is a reused type being walked a second time.
 */
export function defineName(table: NameTable, schema: Record<string, unknown>, enclosingNamespace: string | undefined): NamedDefinition {
  const { fullName, namespace } = fullNameOf(schema, enclosingNamespace);
  const existing = table.get(fullName);
  if (existing !== undefined) {
    if (existing.schema === schema) return existing;
    throw new DlError('SCHEMA', `Avro type ${fullName} is defined twice; define it once and refer to it by name`);
  }
  const definition = { fullName, schema, namespace };
  table.set(fullName, definition);
  return definition;
}

/** The full name of a named definition and the namespace its own inner names resolve against. */
export function fullNameOf(schema: Record<string, unknown>, enclosingNamespace: string | undefined): { fullName: string; namespace: string | undefined } {
  const name = schema['name'];
  if (typeof name !== 'string' || name === '') {
    throw new DlError('SCHEMA', `Avro ${String(schema['type'])} type has no name: ${JSON.stringify(schema)}`);
  }
  let namespace: string | undefined;
  if (name.includes('.')) namespace = name.slice(0, name.lastIndexOf('.'));
  else if (typeof schema['namespace'] === 'string') namespace = schema['namespace'] || undefined;
  else namespace = enclosingNamespace;
  return { fullName: name.includes('.') || namespace === undefined ? name : `${namespace}.${name}`, namespace };
}

/** Finds a previously defined type by a (possibly unqualified) name, as seen from `namespace`. */
export function resolveName(table: NameTable, ref: string, namespace: string | undefined): NamedDefinition | undefined {
  if (ref.includes('.') || namespace === undefined) return table.get(ref);
  // Unqualified names belong to the enclosing namespace; the bare name is a lenient fallback
  // for schemas that refer to a type in the null namespace from inside a namespaced one.
  return table.get(`${namespace}.${ref}`) ?? table.get(ref);
}

/**
 * Defines every named type inside `schema` without mapping it. Used for union branches that are
 * stored as JSON: their types are never mapped, but later fields may still refer to them by name.
 */
export function registerNames(table: NameTable, schema: unknown, namespace: string | undefined): void {
  if (Array.isArray(schema)) {
    for (const branch of schema) registerNames(table, branch, namespace);
    return;
  }
  if (!isObject(schema)) return;
  const type = schema['type'];
  if (type === 'record' || type === 'error') {
    const definition = defineName(table, schema, namespace);
    const fields = Array.isArray(schema['fields']) ? schema['fields'] : [];
    for (const field of fields) {
      if (isObject(field)) registerNames(table, field['type'], definition.namespace);
    }
  } else if (type === 'enum' || type === 'fixed') {
    defineName(table, schema, namespace);
  } else if (type === 'array') {
    registerNames(table, schema['items'], namespace);
  } else if (type === 'map') {
    registerNames(table, schema['values'], namespace);
  } else if (typeof type === 'object') {
    registerNames(table, type, namespace);
  }
}
