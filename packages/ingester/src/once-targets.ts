import type { CommitLog } from './commit-log.js';
import { splitPartitionKey } from './partition-state.js';
import type { PartitionTable } from './partition-table.js';
import type { Stats } from './stats.js';

/**
 * --once: the last offset to reach per partition (the high watermark at start, minus one). It
 * may hold no record (a transaction marker, an aborted or compacted record): the lake's chain
 * covers such offsets too, so "in the lake" is "the chain reaches the target".
 */
export class OnceTargets {
  constructor(
    private readonly targets: Map<string, bigint>,
    private readonly table: PartitionTable,
    /** The lake writer (its storage-retried `latest`) or a bare commit log. */
    private readonly log: Pick<CommitLog, 'latest'>,
    private readonly stats: Stats,
  ) {}

  get(key: string): bigint | undefined {
    return this.targets.get(key);
  }

  /** True when every target is in the lake or buffered. */
  reached(): boolean {
    for (const [key, target] of this.targets) {
      const st = this.table.states.get(key);
      const end = st ? st.next - 1n : (this.stats.committed.get(key) ?? -1n);
      if (end < target) return false;
    }
    return true;
  }

  /** True when every target is committed to the lake (re-read from the log where not known). */
  async committed(): Promise<boolean> {
    for (const [key, target] of this.targets) {
      let end = this.table.states.get(key)?.committedEnd;
      if (end === undefined || end < target) {
        const [topic, p] = splitPartitionKey(key);
        const latest = await this.log.latest(topic, p);
        end = latest ? BigInt(latest.to) : -1n;
        this.stats.committed.set(key, end);
      }
      if (end < target) return false;
    }
    return true;
  }
}
