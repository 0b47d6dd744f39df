import avsc from 'avsc';
import { avroType } from '../avro/avro-type.js';
import { Binary, Bool, Field, FixedSizeBinary, Float32, Float64, Int32, Int64, List, Map_, Null, Struct, Utf8, type DataType } from 'apache-arrow';
import { DlError, errorMessage } from '../errors.js';
import { AVRO_PRIMITIVES, defineName, fullNameOf, isObject, registerNames, resolveName, type NamedDefinition, type NameTable } from './avro-names.js';
import type { AvroKind, AvroSchemaInput, ColumnPlan } from './column-plan.js';
import { logicalArrowType } from './logical-arrow-type.js';
import { planToField } from './plan-to-field.js';

type TypePlan = Omit<ColumnPlan, 'name' | 'doc'>;

interface Walk {
  names: NameTable;
  namespace: string | undefined;
  /** Full names of the records being mapped, outermost first: meeting one again is recursion. */
  inProgress: string[];
  /** Arrow field path of the node being mapped, for error messages. */
  path: string;
  /** How many times a record may nest inside itself before the rest is JSON text (undefined: never). */
  recursiveDepth: number | undefined;
}

/** Options of `describeColumns` / `avroToArrowSchema`. */
export interface DescribeOptions {
  /**
   * Like Spark's `recursiveFieldMaxDepth`: a record may be nested inside itself this many times;
   * the reference one level deeper becomes a Utf8 column holding the value as JSON text.
   * 0 makes the first self-reference JSON. Without it a recursive schema is refused.
   */
  recursiveDepth?: number;
}

/**
 * The column plan of a record schema: one node per top-level field, nested for records, arrays
 * and maps. See `ColumnPlan` for what each node tells the ingester.
 *
 * @throws DlError('SCHEMA') when the schema is invalid, its top level is not a record, or a
 *   record contains itself (Arrow has no recursive types).
 */
export function describeColumns(input: AvroSchemaInput, options: DescribeOptions = {}): ColumnPlan[] {
  const schema = toSchemaJson(input);
  if (!isObject(schema) || (schema['type'] !== 'record' && schema['type'] !== 'error')) {
    throw new DlError('SCHEMA', `top-level Avro schema must be a record to map to table columns, got ${kindName(schema)}`);
  }
  const walk: Walk = { names: new Map(), namespace: undefined, inProgress: [], path: '', recursiveDepth: options.recursiveDepth };
  return planNamed(defineName(walk.names, schema, undefined), walk).children;
}

/** Schema JSON with every attribute we map; a JSON input is also checked by avsc first. */
function toSchemaJson(input: AvroSchemaInput): unknown {
  if (input instanceof avsc.Type || typeof (input as { schema?: unknown }).schema === 'function') {
    return (input as avsc.Type).schema({ exportAttrs: true });
  }
  try {
    avroType(input);
  } catch (e) {
    throw new DlError('SCHEMA', `invalid Avro schema: ${errorMessage(e)}`, { cause: e });
  }
  return input;
}

function planType(schema: unknown, walk: Walk): TypePlan {
  if (typeof schema === 'string') {
    return AVRO_PRIMITIVES.has(schema) ? planPrimitive(schema as AvroKind) : planReference(schema, walk);
  }
  if (Array.isArray(schema)) return planUnion(schema, walk);
  if (!isObject(schema)) throw new DlError('SCHEMA', `unrecognised Avro schema at ${where(walk)}: ${JSON.stringify(schema)}`);
  const type = schema['type'];
  // `{"type": {...}}` and `{"type": [...]}` wrap a schema without adding anything we map.
  if (typeof type === 'object' && type !== null) return planType(type, walk);
  switch (type) {
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed':
      return planNamed(defineName(walk.names, schema, walk.namespace), walk);
    case 'array': {
      const element = { ...planType(schema['items'], { ...walk, path: join(walk.path, 'element') }), name: 'element' };
      // Arrow JS leaves list children unnamed unless told; `element` is the Parquet LIST
      // convention pyarrow and pandas read, and parquet-wasm fails on an unnamed child.
      return { avroKind: 'array', arrowType: new List(planToField(element)), nullable: false, children: [element] };
    }
    case 'map': {
      const key: ColumnPlan = { name: 'key', avroKind: 'string', arrowType: new Utf8(), nullable: false, children: [] };
      const value = { ...planType(schema['values'], { ...walk, path: join(walk.path, 'value') }), name: 'value' };
      const entries = new Field('entries', new Struct([planToField(key), planToField(value)]), false);
      return { avroKind: 'map', arrowType: new Map_(entries, false), nullable: false, children: [key, value] };
    }
    default:
      if (typeof type === 'string' && AVRO_PRIMITIVES.has(type)) return planPrimitive(type as AvroKind, schema);
      if (typeof type === 'string') return planReference(type, walk);
      throw new DlError('SCHEMA', `unrecognised Avro schema at ${where(walk)}: ${JSON.stringify(schema)}`);
  }
}

const PRIMITIVE_ARROW_TYPES: Record<string, () => DataType> = {
  null: () => new Null(),
  boolean: () => new Bool(),
  int: () => new Int32(),
  long: () => new Int64(),
  float: () => new Float32(),
  double: () => new Float64(),
  bytes: () => new Binary(),
  string: () => new Utf8(),
};

function planPrimitive(kind: AvroKind, schema?: Record<string, unknown>): TypePlan {
  const logical = schema === undefined ? undefined : logicalArrowType(schema, kind);
  const arrowType = logical?.arrowType ?? PRIMITIVE_ARROW_TYPES[kind]!();
  // A `null` column holds nothing but nulls, so it must be nullable to hold any row at all.
  return { avroKind: kind, nullable: kind === 'null', children: [], ...logical, arrowType };
}

function planReference(ref: string, walk: Walk): TypePlan {
  const definition = resolveName(walk.names, ref, walk.namespace);
  if (definition === undefined) {
    throw new DlError('SCHEMA', `Avro type ${ref} at ${where(walk)} is not defined before it is used`);
  }
  return planNamed(definition, walk);
}

/** Records, enums and fixeds, whether defined inline or referred to by name. */
function planNamed(definition: NamedDefinition, walk: Walk): TypePlan {
  const { schema, fullName } = definition;
  if (schema['type'] === 'enum') {
    const symbols = (schema['symbols'] as string[]).slice();
    return { avroKind: 'enum', arrowType: new Utf8(), nullable: false, children: [], symbols };
  }
  if (schema['type'] === 'fixed') {
    const size = schema['size'] as number;
    const logical = logicalArrowType(schema, 'fixed', size);
    const arrowType = logical?.arrowType ?? new FixedSizeBinary(size);
    return { avroKind: 'fixed', nullable: false, children: [], size, ...logical, arrowType };
  }
  const seen = walk.inProgress.filter((n) => n === fullName).length;
  if (seen > 0 && walk.recursiveDepth !== undefined && seen > walk.recursiveDepth) {
    // Deeper than allowed: the whole sub-tree is one JSON text cell (avsc's decoded value).
    return { avroKind: 'recursive-json', arrowType: new Utf8(), nullable: false, children: [] };
  }
  if (seen > 0 && walk.recursiveDepth === undefined) {
    throw new DlError(
      'SCHEMA',
      `Avro type ${fullName} is recursive: field ${walk.path} refers back to it, and Arrow schemas cannot nest a ` +
        `type inside itself. Replace the self-reference (e.g. with the related record's id) to map it to table columns`,
    );
  }
  const inner: Walk = { ...walk, namespace: definition.namespace, inProgress: [...walk.inProgress, fullName] };
  const fields = schema['fields'] as { name: string; type: unknown; doc?: unknown }[];
  const children = fields.map((field): ColumnPlan => {
    const plan = planType(field.type, { ...inner, path: join(walk.path, field.name) });
    return typeof field.doc === 'string' ? { name: field.name, ...plan, doc: field.doc } : { name: field.name, ...plan };
  });
  return { avroKind: 'record', arrowType: new Struct(children.map(planToField)), nullable: false, children };
}

/**
 * `[null, T]` in either order is a nullable `T`. Any other union becomes Utf8 holding the Avro
 * JSON encoding of the value: Arrow has unions, but Parquet has none, and readers (pyarrow,
 * DuckDB, Spark) reject or mangle dense-union columns, while a JSON string reads everywhere and
 * keeps which branch was taken.
 */
function planUnion(branches: unknown[], walk: Walk): TypePlan {
  const nullIndex = branches.findIndex((b) => b === 'null' || (isObject(b) && b['type'] === 'null'));
  const others = branches.filter((_, i) => i !== nullIndex);
  const hasNull = nullIndex >= 0;
  if (others.length === 0) return { ...planPrimitive('null'), ...(hasNull ? { nullIndex } : {}) };
  if (others.length === 1) {
    const plan = planType(others[0], walk);
    return hasNull ? { ...plan, nullable: true, nullIndex } : plan;
  }
  // The branches are not mapped, but a later field may refer to a type they define.
  registerNames(walk.names, branches, walk.namespace);
  return {
    avroKind: 'union-json',
    arrowType: new Utf8(),
    nullable: hasNull,
    children: [],
    unionBranches: branches.map((b) => branchName(b, walk)),
    ...(hasNull ? { nullIndex } : {}),
  };
}

/** The name avsc's JSON encoding wraps a branch's value in: a primitive, `array`, `map` or a full name. */
function branchName(branch: unknown, walk: Walk): string {
  if (typeof branch === 'string') {
    return AVRO_PRIMITIVES.has(branch) ? branch : (resolveName(walk.names, branch, walk.namespace)?.fullName ?? branch);
  }
  if (!isObject(branch)) return kindName(branch);
  const type = branch['type'];
  if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
    return fullNameOf(branch, walk.namespace).fullName;
  }
  return typeof type === 'object' ? branchName(type, walk) : branchName(String(type), walk);
}

function kindName(schema: unknown): string {
  if (typeof schema === 'string') return schema;
  if (Array.isArray(schema)) return 'union';
  if (isObject(schema) && typeof schema['type'] === 'string') return schema['type'];
  return JSON.stringify(schema);
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function where(walk: Walk): string {
  return walk.path === '' ? 'the top level' : `field ${walk.path}`;
}
