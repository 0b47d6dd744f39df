export { subjectName, keySubjectName, SUBJECT_NAME_STRATEGIES, type SubjectNameStrategy } from './subject-name.js';
export { SchemaRegistry, createRegistry, type RegisteredSchema, type SubjectVersion, type RegistryOptions } from './schema-registry.js';
