/**
 * How a value schema's subject is named, as the Confluent serializers do it:
 * `topic` → `<topic>-value` (the default), `record` → `<fullName>`, `topic-record` → `<topic>-<fullName>`.
 */
export type SubjectNameStrategy = 'topic' | 'record' | 'topic-record';

export const SUBJECT_NAME_STRATEGIES: readonly SubjectNameStrategy[] = ['topic', 'record', 'topic-record'];

export function subjectName(strategy: SubjectNameStrategy, topic: string, recordFullName: string): string {
  switch (strategy) {
    case 'topic':
      return `${topic}-value`;
    case 'record':
      return recordFullName;
    case 'topic-record':
      return `${topic}-${recordFullName}`;
  }
}

/**
 * The subject a key schema is registered under, as the Confluent key serializers name it:
 * `topic` → `<topic>-key`; the record strategies need the key's own record full name, and
 * without one there is no key subject (undefined).
 */
export function keySubjectName(strategy: SubjectNameStrategy, topic: string, keyRecordFullName?: string): string | undefined {
  if (strategy === 'topic') return `${topic}-key`;
  if (keyRecordFullName === undefined || keyRecordFullName === '') return undefined;
  return strategy === 'record' ? keyRecordFullName : `${topic}-${keyRecordFullName}`;
}
