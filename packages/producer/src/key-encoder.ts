import avsc from 'avsc';
import { ConfigError, frame, keySubjectName, type SchemaRegistry, type SubjectNameStrategy } from '@dl/core';
import type { KeyFn } from './key-template.js';

export interface KeySchemaOptions {
  topic: string;
  strategy: SubjectNameStrategy;
  /** The key's Avro schema (parsed JSON of an .avsc file). */
  schema: unknown;
}

/**
 * Frames keys as Confluent Avro (what a `confluent_kafka` `AvroSerializer` for keys sends): the
 * schema is registered under the key subject and each key template result is read as the key's
 * value: text for a string schema, a number for int/long/float/double, `true`/`false`, or JSON
 * for records, arrays and the rest.
 */
export async function avroKeyFn(keyFn: KeyFn, registry: SchemaRegistry, opts: KeySchemaOptions): Promise<KeyFn> {
  let type: avsc.Type;
  try {
    type = avsc.Type.forSchema(opts.schema as avsc.Schema);
  } catch (e) {
    throw new ConfigError(`The key schema is not valid Avro (${(e as Error).message}); pass an .avsc file with a valid schema.`);
  }
  const subject = keySubjectName(opts.strategy, opts.topic, type.name) ?? `${opts.topic}-key`;
  const id = await registry.register(subject, opts.schema);
  const parse = keyParser(type);
  const fn: KeyFn = (ctx) => {
    const text = keyFn(ctx);
    if (text === null) return null;
    const value = parse(typeof text === 'string' ? text : text.toString('utf8'));
    if (!type.isValid(value)) {
      throw new ConfigError(`Key "${String(text)}" does not fit the key schema ${JSON.stringify(type.schema())}; change the key template so it does.`);
    }
    return frame(id, type.toBuffer(value));
  };
  fn({ i: 0, orderId: 0 }); // a template that cannot fit fails before anything is sent
  return fn;
}

function keyParser(type: avsc.Type): (text: string) => unknown {
  switch (type.typeName) {
    case 'string':
      return (t) => t;
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return (t) => Number(t);
    case 'boolean':
      return (t) => t === 'true';
    default:
      return (t) => {
        try {
          return type.fromString(t);
        } catch (e) {
          throw new ConfigError(`Key "${t}" is not JSON of the key schema (${(e as Error).message}); make the key template JSON, e.g. '{{"id": {i}}}'.`);
        }
      };
  }
}
