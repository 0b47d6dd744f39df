export { run } from './run.js';
export { buildProgram } from './program.js';
export { resolveConnection, type Connection } from './connection.js';
