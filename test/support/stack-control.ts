import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './stack-env.js';

type Component = 'kafka' | 'registry' | 's3';

interface StackModule {
  stopComponent(component: Component, opts?: Record<string, unknown>): Promise<unknown>;
  startComponent(component: Component, opts?: Record<string, unknown>): Promise<unknown>;
}

/** Stops and starts parts of the real local stack, for fault tests. */
export async function stack(): Promise<StackModule> {
  return (await import(pathToFileURL(path.join(REPO, 'stack/stack.mjs')).href)) as StackModule;
}
