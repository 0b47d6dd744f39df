import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './stack-env.js';

interface StackModule {
  stopComponent(component: 'kafka' | 'registry', opts?: Record<string, unknown>): Promise<unknown>;
  startComponent(component: 'kafka' | 'registry', opts?: Record<string, unknown>): Promise<unknown>;
}

/** Stops and starts parts of the real local stack, for fault tests. */
export async function stack(): Promise<StackModule> {
  return (await import(pathToFileURL(path.join(REPO, 'stack/stack.mjs')).href)) as StackModule;
}
