import { keySubjectName, subjectName, type SchemaRegistry } from '@dl/core';
import type { IngestOptions } from './ingest-options.js';
import { KeyDecoder } from './key-decoder.js';
import { RecordDecoder } from './record-decoder.js';

type DecoderOptions = Pick<IngestOptions, 'recordName' | 'subjectStrategy' | 'readerVersion' | 'keyFormat' | 'keyRecordName'>;

/**
 * The decode stage's per-topic state: one RecordDecoder for values (its subject follows the
 * subject strategy) and one KeyDecoder for keys (`--key-format`), made on first use.
 */
export class TopicDecoders {
  private readonly values = new Map<string, RecordDecoder>();
  private readonly keys = new Map<string, KeyDecoder>();

  constructor(
    private readonly opts: DecoderOptions,
    private readonly registry: SchemaRegistry,
  ) {}

  for(topic: string): RecordDecoder {
    let d = this.values.get(topic);
    if (!d) {
      d = new RecordDecoder({
        registry: this.registry,
        subject: subjectName(this.opts.subjectStrategy, topic, this.opts.recordName ?? ''),
        ...(this.opts.readerVersion === undefined ? {} : { readerVersion: this.opts.readerVersion }),
      });
      this.values.set(topic, d);
    }
    return d;
  }

  keysFor(topic: string): KeyDecoder {
    let d = this.keys.get(topic);
    if (!d) {
      const subject = keySubjectName(this.opts.subjectStrategy, topic, this.opts.keyRecordName);
      d = new KeyDecoder(this.opts.keyFormat ?? 'auto', this.registry, subject);
      this.keys.set(topic, d);
    }
    return d;
  }
}
