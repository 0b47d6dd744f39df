import { subjectName, type SchemaRegistry } from '@dl/core';
import type { IngestOptions } from './ingest-options.js';
import { RecordDecoder } from './record-decoder.js';

/** One RecordDecoder per topic (its subject follows the subject strategy), made on first use. */
export class TopicDecoders {
  private readonly decoders = new Map<string, RecordDecoder>();

  constructor(
    private readonly opts: Pick<IngestOptions, 'recordName' | 'subjectStrategy' | 'readerVersion'>,
    private readonly registry: SchemaRegistry,
  ) {}

  for(topic: string): RecordDecoder {
    let d = this.decoders.get(topic);
    if (!d) {
      d = new RecordDecoder({
        registry: this.registry,
        subject: subjectName(this.opts.subjectStrategy, topic, this.opts.recordName ?? ''),
        ...(this.opts.readerVersion === undefined ? {} : { readerVersion: this.opts.readerVersion }),
      });
      this.decoders.set(topic, d);
    }
    return d;
  }
}
