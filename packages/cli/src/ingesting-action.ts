/**
 * Loads `dl ingest`'s action after the ingester's kafkajs fast paths are installed: kafkajs's
 * `Batch` can be replaced only before kafkajs loads its consumer group, and in the bundled cli the
 * action's chunk loads kafkajs as it loads (as for produce: producing-action.ts).
 * `@dl/ingester/fast-paths` loads no kafkajs before it has installed them.
 */
export async function loadIngestingAction<T>(load: () => Promise<T>): Promise<T> {
  await import('@dl/ingester/fast-paths');
  return load();
}
