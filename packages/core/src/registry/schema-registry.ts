import avsc from 'avsc';
import { DlError, errorMessage } from '../errors.js';
import { avroTypeOptions } from '../avro/avro-type.js';
import { registryHttp, type RegistryHttpOptions, type RegistryRequest } from './registry-http.js';

/** A schema as the registry holds it, parsed once. */
export interface RegisteredSchema {
  id: number;
  /** The schema text exactly as the registry returned it. */
  text: string;
  json: unknown;
  type: avsc.Type;
  /** Full name of the top-level named type (`dev.dl.orders.Order`), or the type name for primitives. */
  fullName: string;
}

export interface SubjectVersion {
  subject: string;
  id: number;
  version: number;
  schema: RegisteredSchema;
}

export interface RegistryOptions extends RegistryHttpOptions {
  /** How long an unknown schema id is remembered as unknown; default 30 s. */
  notFoundTtlMs?: number;
  /** Bound of that negative cache; default 1000 ids. */
  notFoundMax?: number;
  /** Passed to avsc when parsing each schema (e.g. logical types, `wrapUnions`). */
  typeOptions?: Partial<avsc.ForSchemaOptions>;
}

interface VersionBody {
  subject?: string;
  id?: number;
  version?: number;
  schema?: string;
  schemaType?: string;
}

/**
 * Confluent-compatible schema registry access: registration, lookups by id / subject / version,
 * each schema parsed once and cached by id. Unknown ids are remembered briefly, so a topic full of
 * garbage ids does not send one request per record.
 */
export class SchemaRegistry {
  /** The registry URL without credentials, for messages. */
  readonly url: string;
  private readonly request: RegistryRequest;
  private readonly byId = new Map<number, Promise<RegisteredSchema>>();
  private readonly notFound = new Map<number, { error: DlError; until: number }>();
  private readonly subjectIds = new Map<string, Map<number, number>>();
  private readonly notFoundTtlMs: number;
  private readonly notFoundMax: number;
  private readonly typeOptions: Partial<avsc.ForSchemaOptions>;

  constructor(options: RegistryOptions) {
    const http = registryHttp(options);
    this.request = http.request;
    this.url = http.displayUrl;
    this.notFoundTtlMs = options.notFoundTtlMs ?? 30_000;
    this.notFoundMax = options.notFoundMax ?? 1000;
    this.typeOptions = options.typeOptions ?? {};
  }

  /** Registers (or finds, if already there) `schema` under `subject`; returns its id. */
  async register(subject: string, schema: unknown): Promise<number> {
    const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
    const about = { what: `registering a schema under subject "${subject}"`, notFound: `Subject "${subject}" was not found` };
    const body = (await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, about, { schema: text })) as { id?: unknown };
    if (typeof body.id !== 'number') throw new DlError('REGISTRY_REJECTED', `Schema registry at ${this.url} answered ${about.what} without an id.`);
    return body.id;
  }

  /** The schema with this id; throws REGISTRY_NOT_FOUND for an unknown id (remembered for a short while). */
  getById(id: number): Promise<RegisteredSchema> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const miss = this.notFound.get(id);
    if (miss && miss.until > Date.now()) return Promise.reject(miss.error);
    const about = { what: `fetching schema id ${id}`, notFound: `Schema id ${id} was not found` };
    const pending = this.request('GET', `/schemas/ids/${id}`, about).then((body) => this.parse(id, body as VersionBody));
    this.byId.set(id, pending);
    // Only successes stay cached. An unknown id (or one whose schema is not Avro) is remembered in the
    // bounded negative cache; an outage is forgotten, so the next call asks again.
    pending.catch((e: unknown) => {
      this.byId.delete(id);
      if (e instanceof DlError && (e.code === 'REGISTRY_NOT_FOUND' || e.code === 'SCHEMA')) this.rememberNotFound(id, e);
    });
    return pending;
  }

  getLatest(subject: string): Promise<SubjectVersion> {
    return this.getVersion(subject, 'latest');
  }

  /** One version of a subject (1-based, or `'latest'`). */
  async getVersion(subject: string, version: number | 'latest'): Promise<SubjectVersion> {
    const about = {
      what: `fetching version ${version} of subject "${subject}"`,
      notFound: version === 'latest' ? `Subject "${subject}" was not found` : `Subject "${subject}" or its version ${version} was not found`,
    };
    const body = (await this.request('GET', `/subjects/${encodeURIComponent(subject)}/versions/${version}`, about)) as VersionBody;
    if (typeof body.id !== 'number' || typeof body.version !== 'number') {
      throw new DlError('REGISTRY_REJECTED', `Schema registry at ${this.url} answered ${about.what} without an id and version.`);
    }
    const id = body.id;
    let schema = this.byId.get(id);
    if (!schema) {
      schema = Promise.resolve(this.parse(id, body));
      this.byId.set(id, schema);
    }
    return { subject, id, version: body.version, schema: await schema };
  }

  /** Every schema id registered under `subject`, mapped to its version; cached until `refresh`. */
  async getSubjectIds(subject: string, options: { refresh?: boolean } = {}): Promise<Map<number, number>> {
    const known = this.subjectIds.get(subject);
    if (known && !options.refresh) return known;
    const about = { what: `listing the versions of subject "${subject}"`, notFound: `Subject "${subject}" was not found` };
    const versions = (await this.request('GET', `/subjects/${encodeURIComponent(subject)}/versions`, about)) as unknown;
    if (!Array.isArray(versions))
      throw new DlError('REGISTRY_REJECTED', `Schema registry at ${this.url} answered ${about.what} with something other than a list.`);
    // Versions never change once registered: only fetch the ones not seen before.
    const seen = new Map<number, number>();
    for (const [id, v] of known ?? []) seen.set(v, id);
    const ids = new Map<number, number>();
    for (const v of versions as number[]) {
      const id = seen.get(v) ?? (await this.getVersion(subject, v)).id;
      ids.set(id, v);
    }
    this.subjectIds.set(subject, ids);
    return ids;
  }

  async listSubjects(): Promise<string[]> {
    const body = await this.request('GET', '/subjects', { what: 'listing subjects', notFound: 'The subject list was not found' });
    if (!Array.isArray(body))
      throw new DlError('REGISTRY_REJECTED', `Schema registry at ${this.url} answered the subject list with something other than a list.`);
    return body as string[];
  }

  private parse(id: number, body: VersionBody): RegisteredSchema {
    if (body.schemaType && body.schemaType !== 'AVRO') {
      throw new DlError('SCHEMA', `Schema id ${id} is a ${body.schemaType} schema; only Avro is supported.`);
    }
    if (typeof body.schema !== 'string') throw new DlError('REGISTRY_REJECTED', `Schema registry at ${this.url} answered schema id ${id} without schema text.`);
    try {
      const json = JSON.parse(body.schema) as unknown;
      // dl's one decoder semantics (exact bigint longs), and a fresh name registry per schema.
      const type = avsc.Type.forSchema(json as avsc.Schema, avroTypeOptions(this.typeOptions));
      return { id, text: body.schema, json, type, fullName: type.name ?? type.typeName };
    } catch (e) {
      throw new DlError('SCHEMA', `Schema id ${id} from ${this.url} is not a valid Avro schema: ${errorMessage(e)}`, { cause: e });
    }
  }

  private rememberNotFound(id: number, error: DlError): void {
    this.notFound.delete(id);
    if (this.notFound.size >= this.notFoundMax) {
      const oldest = this.notFound.keys().next();
      if (!oldest.done) this.notFound.delete(oldest.value);
    }
    this.notFound.set(id, { error, until: Date.now() + this.notFoundTtlMs });
  }
}

export function createRegistry(options: RegistryOptions): SchemaRegistry {
  return new SchemaRegistry(options);
}
