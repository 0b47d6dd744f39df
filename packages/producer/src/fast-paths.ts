import { installFastProducePaths, type FastPathReport } from '@dl/kafka/fast-paths';

/**
 * The producer's explicit call of the kafkajs fast paths. The producer's index imports this module
 * first, so it runs before any of the producer's modules loads kafkajs (loading kafkajs captures the
 * grouping function; see @dl/kafka's kafkajs-fast-paths.ts). `produce()` tells the user when it was
 * too late anyway (something else in the process loaded kafkajs first).
 */
export const FAST_PATHS: FastPathReport = installFastProducePaths();

/** One stderr line when a bulk run goes at kafkajs's own speed, or nothing. */
export function fastPathWarning(report: FastPathReport = FAST_PATHS): string | undefined {
  if (report.grouping === 'too-late') {
    return "dl produce: kafkajs was loaded before its message grouping could be replaced: bulk sends use kafkajs's own O(n²) grouping (slower, same messages).";
  }
  if (report.grouping === 'unsupported') {
    return `dl produce: kafkajs ${report.kafkajsVersion} is not the 2.2.4 the fast produce paths were written for: using kafkajs's own (slower, same messages).`;
  }
  return undefined;
}
