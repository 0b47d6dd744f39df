/**
 * Loads a command action that produces to Kafka (produce, demo) after the producer's kafkajs fast
 * paths are installed. They must be in place before anything loads kafkajs (see @dl/kafka's
 * kafkajs-fast-paths.ts); in the bundled cli an action's chunk loads kafkajs as it loads, before
 * the producer's own call in its index runs, and bulk sends fell back to kafkajs's O(n²) grouping.
 * `@dl/producer/fast-paths` loads no kafkajs, so it lands in a chunk of its own.
 */
export async function loadProducingAction<T>(load: () => Promise<T>): Promise<T> {
  await import('@dl/producer/fast-paths');
  return load();
}
