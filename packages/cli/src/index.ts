export { run } from './run.js';
export { buildProgram } from './program.js';
export { connectionOptions, type KafkaOptions, type RegistryConnection } from './connection.js';
