import { deadLetterRef } from '@dl/core';
import type { DeadLetterRow } from '@dl/core';
import type { FrameSchemaFor } from './frame-schemas.js';
import { outgoing, type Outgoing } from './replay-message.js';
import { asIs, frameBody, type Repaired } from './repair-value.js';
import type { ReplayFailure, ReplayPlanLine } from './replay-options.js';

export interface PlanOptions {
  toTopic?: string;
  samePartition?: boolean;
  /** With `--frame-with`: the schema to frame each target topic's values with. */
  frameFor?: FrameSchemaFor;
}

export interface Plan {
  /** Repaired and ready, in selection order. */
  outgoing: Outgoing[];
  failures: ReplayFailure[];
  /** Every selected dead letter, in order: what happens to it. */
  lines: ReplayPlanLine[];
}

/** Repairs each selected dead letter for its target topic, or says why it stays dead. */
export async function planReplays(selected: DeadLetterRow[], opts: PlanOptions): Promise<Plan> {
  const plan: Plan = { outgoing: [], failures: [], lines: [] };
  for (const dl of selected) {
    const ref = deadLetterRef(dl.topic, dl.partition, dl.offset);
    const topic = opts.toTopic ?? dl.topic;
    const repaired = await repair(dl, topic, opts.frameFor);
    if (!repaired.ok) {
      plan.failures.push({ ref, errorClass: dl.errorClass, reason: repaired.reason });
      plan.lines.push({ ref, errorClass: dl.errorClass, action: 'unrepairable', reason: repaired.reason });
      continue;
    }
    const out = outgoing(dl, repaired.value, { topic, samePartition: opts.samePartition ?? false });
    plan.outgoing.push(out);
    plan.lines.push({
      ref,
      errorClass: dl.errorClass,
      action: 'send',
      to: out.partition === undefined ? topic : `${topic}/${out.partition}`,
      repair: repaired.note,
    });
  }
  return plan;
}

async function repair(dl: DeadLetterRow, topic: string, frameFor: FrameSchemaFor | undefined): Promise<Repaired> {
  if (!frameFor) return asIs(dl.value);
  const schema = await frameFor(topic);
  return 'missing' in schema ? { ok: false, reason: schema.missing } : frameBody(dl.value, schema);
}
