import type avsc from 'avsc';
import { DlError, avroType, literal, ORDER_FULL_NAME, orderSchema, subjectName, type SchemaRegistry, type SubjectNameStrategy } from '@dl/core';
import { registryNeeds, UNKNOWN_ID_START, WRONG_SCHEMA, WRONG_SCHEMA_SUBJECT, type ValueContext } from './broken-values.js';
import type { BrokenKind } from './produce-options.js';
import { validateValue } from './validate-value.js';
import { seedOrder } from './order-drafts.js';

export type SchemaSetup = Omit<ValueContext, 'random'>;

export interface SchemaSetupOptions {
  topic: string;
  strategy: SubjectNameStrategy;
  autoRegister: boolean;
  broken?: BrokenKind;
}

/** The order type parsed from packages/core/schemas/order.avsc, with nothing registered. */
export function localOrderType(): avsc.Type {
  return avroType(orderSchema());
}

/**
 * Resolves the ids the values need, before anything is sent: registers the order schema under the topic's
 * subject (or, without auto-register, takes the subject's latest version and encodes with it), finds an id
 * the registry does not have, registers the wrong-schema record. Kinds that need none of this never call
 * the registry, so `--raw` works with the registry down, like the seed's broken producer.
 */
export async function setupSchemas(registry: () => SchemaRegistry, opts: SchemaSetupOptions): Promise<SchemaSetup> {
  const need = registryNeeds(opts.broken);
  const setup: SchemaSetup = { orderType: localOrderType() };
  if (need.orderId) {
    const subject = subjectName(opts.strategy, opts.topic, ORDER_FULL_NAME);
    if (opts.autoRegister) {
      setup.schemaId = await registry().register(subject, orderSchema());
    } else {
      const latest = await registry().getLatest(subject);
      const problems = validateValue(latest.schema.type, seedOrder(0, 'check'));
      if (problems.length > 0) {
        throw new DlError(
          'SCHEMA',
          `The latest schema of subject "${literal(subject)}" (id ${latest.id}, version ${latest.version}) cannot encode an order: ${literal(problems.join('; '))}. ` +
            'Drop {autoRegister} to register the order schema.',
          { namesSettings: true },
        );
      }
      setup.schemaId = latest.id;
      setup.orderType = latest.schema.type;
    }
  }
  if (need.unknownId) setup.unknownId = await findUnknownId(registry());
  if (need.wrongSchema) {
    const id = await registry().register(WRONG_SCHEMA_SUBJECT, WRONG_SCHEMA);
    setup.wrongSchema = { id, type: avroType(WRONG_SCHEMA) };
  }
  return setup;
}

async function findUnknownId(registry: SchemaRegistry): Promise<number> {
  for (let id = UNKNOWN_ID_START; id < UNKNOWN_ID_START + 20; id++) {
    try {
      await registry.getById(id);
    } catch (e) {
      if (e instanceof DlError && e.code === 'REGISTRY_NOT_FOUND') return id;
      throw e;
    }
  }
  throw new DlError(
    'INTERNAL',
    `The registry at ${registry.url} knows every id from ${UNKNOWN_ID_START} to ${UNKNOWN_ID_START + 19}; cannot pick an unknown one.`,
  );
}
