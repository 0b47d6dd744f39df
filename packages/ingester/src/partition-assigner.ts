import type kafkajs from 'kafkajs';
import { DlError, errorMessage, isDlError } from '@dl/core';
import { partitionKey } from './partition-state.js';
import type { PartitionTable } from './partition-table.js';
import type { RunControl } from './run-control.js';

/**
 * Sets the consumer position from the lake on every assignment (kafkajs GROUP_JOIN, emitted
 * synchronously after the group's sync and before the first fetch of the new generation). Each
 * assigned partition is paused at once, so no fetch uses it (kafkajs 2.2.4 leaves paused
 * partitions out of fetch requests and drops their responses still in flight); then its lake
 * position is loaded, kafkajs is told to seek there, and it is resumed. The next fetch pops the
 * seek before it reads. That is what lets a group whose committed offsets are past the lake (a
 * deleted, new or restored lake) re-read, and one behind it skip, even when Kafka has nothing new.
 */
export class PartitionAssigner {
  /** Bumped on every assignment: a lake load of an older one must not seek or resume. */
  private generation = 0;

  constructor(
    private readonly table: PartitionTable,
    private readonly control: RunControl,
  ) {}

  onAssignment(consumer: kafkajs.Consumer | undefined, assignment: Record<string, number[]>): void {
    const keep = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) for (const p of partitions) keep.add(partitionKey(topic, p));
    this.table.assign(keep);
    const generation = ++this.generation;
    const tps = Object.entries(assignment)
      .filter(([, ps]) => ps.length > 0)
      .map(([topic, partitions]) => ({ topic, partitions }));
    if (tps.length === 0 || !consumer) return;
    consumer.pause(tps);
    void this.position(consumer, tps, generation).catch((e: unknown) =>
      this.control.fail(isDlError(e) ? e : new DlError('LAKE_IO', `Reading the lake's commit log failed: ${errorMessage(e)}`, { cause: e })),
    );
  }

  private async position(consumer: kafkajs.Consumer, tps: Array<{ topic: string; partitions: number[] }>, generation: number): Promise<void> {
    const at: string[] = [];
    for (const { topic, partitions } of tps) {
      const from: string[] = [];
      for (const p of partitions) {
        const st = await this.table.load(topic, p);
        // A newer assignment started meanwhile: it pauses, loads and seeks again.
        if (generation !== this.generation) return this.control.log('info', 'the assignment changed while reading the lake; positioning again');
        this.table.seek(st);
        from.push(`${p}@${st.next}`);
      }
      at.push(`${topic} [${from.join(',')}]`);
    }
    if (generation !== this.generation || this.control.signal.aborted) return;
    consumer.resume(tps);
    // One line per assignment: a member that was assigned partitions and then fetches nothing
    // shows whether it ever got this far (chaos group-reuse once hung silently here).
    this.control.log('info', `positioned from the lake, fetching: ${at.join(' ')} (partition@next offset)`);
  }
}
