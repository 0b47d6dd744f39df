import { DlError, literal, OptionError, subjectName, type SchemaRegistry } from '@dl/core';
import type { FrameWith } from './replay-options.js';
import type { FrameSchema } from './repair-value.js';

/** The frame schema for a target topic, or why there is none (then its dead letters stay dead). */
export type FrameSchemaFor = (topic: string) => Promise<FrameSchema | { missing: string }>;

/**
 * Resolves `--frame-with` once per target topic: `latest` is the newest version of `<topic>-value`
 * (the subject the ingester checks ids against); a number is that schema id, whatever its subject.
 */
export function frameSchemas(registry: () => SchemaRegistry, frameWith: FrameWith): FrameSchemaFor {
  const cache = new Map<string, Promise<FrameSchema | { missing: string }>>();
  let byId: Promise<FrameSchema> | undefined;
  return (topic) => {
    if (frameWith !== 'latest') {
      byId ??= registry()
        .getById(frameWith)
        .then(
          (s) => ({ id: s.id, type: s.type, label: `schema id ${s.id}` }),
          (e: unknown) => {
            if (e instanceof DlError && e.code === 'REGISTRY_NOT_FOUND')
              throw new OptionError(
                {
                  setting: 'frameWith',
                  value: String(frameWith),
                  problem: `names no schema the registry has (${literal(e.message.replace(/\.$/, ''))})`,
                  fix: 'pass a registered schema id, or latest',
                },
                { code: 'NOT_FOUND', cause: e },
              );
            throw e;
          },
        );
      return byId;
    }
    let pending = cache.get(topic);
    if (!pending) {
      const subject = subjectName('topic', topic, '');
      pending = registry()
        .getLatest(subject)
        .then(
          (v) => ({ id: v.id, type: v.schema.type, label: `schema id ${v.id} (version ${v.version} of ${subject})` }),
          (e: unknown) => {
            if (e instanceof DlError && e.code === 'REGISTRY_NOT_FOUND')
              return { missing: `subject ${subject} has no schema in the registry, so there is no latest schema to frame with` };
            throw e;
          },
        );
      cache.set(topic, pending);
    }
    return pending;
  };
}
