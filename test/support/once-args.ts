/**
 * The `dl ingest --once` arguments integration tests start from: the topic, its own group
 * `g-<topic>` and the lake; tests append their own flags.
 */
export function onceArgs(topic: string, lake: string): string[] {
  return ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake];
}
