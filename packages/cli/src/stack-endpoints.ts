import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's local stack writes its URLs here while it is up (see stack/). */
export function stackEndpointsFile(env: NodeJS.ProcessEnv = process.env): string {
  const stackDir = env.DL_STACK_DIR || fileURLToPath(new URL('../../../.stack', import.meta.url));
  return path.join(stackDir, 'endpoints.json');
}

export interface StackEndpoints {
  /** The file, relative to the working directory when it is below it (as messages print it). */
  name: string;
  /** Its non-empty string values by key (`brokers`, `registryUrl`, `s3Endpoint`, `s3Region`, …). */
  values: Record<string, string>;
}

const read = new Map<string, StackEndpoints | undefined>();

/**
 * The running local stack's endpoints, or undefined when it is not up. Read once per file and
 * process: the settings (brokers, registry, S3 endpoint) and the S3 connection (region, test
 * credentials) see the same file contents.
 */
export function stackEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints | undefined {
  const file = stackEndpointsFile(env);
  if (!read.has(file)) read.set(file, readOnce(file));
  return read.get(file);
}

function readOnce(file: string): StackEndpoints | undefined {
  if (!existsSync(file)) return undefined;
  try {
    // Flat keys, as stack/ writes them (see stack/README.md).
    const e = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(e).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== ''));
    return { name: path.relative(process.cwd(), file) || file, values };
  } catch {
    // A half-written endpoints file (the stack is starting): as if the stack were not up.
    return undefined;
  }
}
