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
