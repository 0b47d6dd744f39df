import { Bool, Field, Int32, Int64, List, Map_, Schema, Struct, Utf8 } from 'apache-arrow';

/**
 * The columns of a classic single-file checkpoint (PROTOCOL.md, "Checkpoint Schema"): one
 * struct column per action type, one row per action, every other column null in that row.
 */
const str = (name: string, nullable = true) => new Field(name, new Utf8(), nullable);
const long = (name: string, nullable = true) => new Field(name, new Int64(), nullable);
const stringMap = (name: string, nullable = true) =>
  new Field(name, new Map_(new Field('key_value', new Struct<{ key: Utf8; value: Utf8 }>([str('key', false), str('value')]), false)), nullable);

export const CHECKPOINT_SCHEMA = new Schema([
  new Field('txn', new Struct([str('appId'), long('version'), long('lastUpdated')]), true),
  new Field(
    'add',
    new Struct([
      str('path'),
      stringMap('partitionValues'),
      long('size'),
      long('modificationTime'),
      new Field('dataChange', new Bool(), true),
      str('stats'),
      stringMap('tags'),
    ]),
    true,
  ),
  new Field('remove', new Struct([str('path'), long('deletionTimestamp'), new Field('dataChange', new Bool(), true)]), true),
  new Field(
    'metaData',
    new Struct([
      str('id'),
      str('name'),
      str('description'),
      new Field('format', new Struct([str('provider'), stringMap('options')]), true),
      str('schemaString'),
      new Field('partitionColumns', new List(new Field('element', new Utf8(), true)), true),
      long('createdTime'),
      stringMap('configuration'),
    ]),
    true,
  ),
  new Field(
    'protocol',
    new Struct([
      new Field('minReaderVersion', new Int32(), true),
      new Field('minWriterVersion', new Int32(), true),
      new Field('readerFeatures', new List(new Field('element', new Utf8(), true)), true),
      new Field('writerFeatures', new List(new Field('element', new Utf8(), true)), true),
    ]),
    true,
  ),
]);
