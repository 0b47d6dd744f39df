/**
 * The `dl ingest --once` arguments every Delta integration test starts from: the topic, its own
 * group `g-<topic>`, the lake and `--table-format delta`; tests append their own flags.
 */
export function deltaOnceArgs(topic: string, lake: string): string[] {
  return ['ingest', '--once', '--topic', topic, '--group', `g-${topic}`, '--data-dir', lake, '--table-format', 'delta'];
}
