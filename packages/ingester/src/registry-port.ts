import type { Type } from 'avsc';

/**
 * The slice of core's schema registry the ingester uses. Declared here so the decoder can be
 * unit-tested with an in-memory registry; core's SchemaRegistry satisfies it structurally.
 */
export interface RegisteredSchemaLike {
  id: number;
  type: Type;
  /** The schema JSON: avsc types drop logical types, so column mapping uses this. */
  json: unknown;
}

export interface RegistryPort {
  /** Throws DlError REGISTRY_NOT_FOUND for an unknown id, REGISTRY_UNAVAILABLE (retriable) when down. */
  getById(id: number): Promise<RegisteredSchemaLike>;
  getLatest(subject: string): Promise<{ id: number; version: number; schema: RegisteredSchemaLike }>;
  getVersion(subject: string, version: number): Promise<{ id: number; version: number; schema: RegisteredSchemaLike }>;
  /** id → version for every version of the subject. */
  getSubjectIds(subject: string, options?: { refresh?: boolean }): Promise<Map<number, number>>;
}
