import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '@dl/core/errors';
import { resolveSettings, type CommandName, type ResolvedSettings, type SettingSources } from '@dl/core/config';
import { givenFlags } from './settings-options.js';
import { stackEndpoints } from './stack-endpoints.js';

let inUse: ResolvedSettings | undefined;

/** The settings this run resolved last (one command per process): where each value came from, to word an OptionError. */
export function settingsInUse(): ResolvedSettings | undefined {
  return inUse;
}

/**
 * Gathers flags, env, the config file and the local stack's endpoints, and resolves the command's
 * settings; every problem at once, one line each, exit 2.
 */
export async function loadSettings(cmd: Command, command: CommandName, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedSettings> {
  const problems: string[] = [];
  const sources: SettingSources = { flags: givenFlags(cmd, command), env };
  const file = await readConfigFile(cmd.opts<{ config?: string }>().config, problems);
  if (file) sources.file = file;
  const stack = stackEndpoints(env);
  if (stack) sources.stack = stack;
  const resolved = resolveSettings(command, sources);
  problems.push(...resolved.problems);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  inUse = resolved;
  return resolved;
}

async function readConfigFile(given: string | undefined, problems: string[]): Promise<SettingSources['file']> {
  const name = given ?? (existsSync('dl.yaml') ? 'dl.yaml' : undefined);
  if (name === undefined) return undefined;
  let body: string;
  try {
    body = readFileSync(name, 'utf8');
  } catch (e) {
    problems.push(`--config "${name}" cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the path of a YAML file.`);
    return undefined;
  }
  // Loaded only when there is a file: most runs have none.
  const { parse } = await import('yaml');
  try {
    // Values stay the text the user wrote (`group: 007` is "007", `topic: [1.10]` is "1.10"): the
    // failsafe schema reads every scalar as a string, and each setting's parser converts it by its
    // type. Only what YAML calls null (empty, ~, null) is taken from the core schema: unset.
    return { name, data: textValues(parse(body) as unknown, parse(body, { schema: 'failsafe' }) as unknown) };
  } catch (e) {
    problems.push(`${name} is not valid YAML (${(e as Error).message.split('\n')[0]}); fix the file or pass another with --config.`);
    return undefined;
  }
}

/** `safe` (the failsafe reading: strings, lists, mappings) with the nulls of `core` (the same document read with the core schema). */
function textValues(core: unknown, safe: unknown): unknown {
  if (core === null || core === undefined) return null;
  if (Array.isArray(core) && Array.isArray(safe)) return core.map((c, i) => textValues(c, safe[i]));
  if (isObject(core) && isObject(safe)) return Object.fromEntries(Object.entries(safe).map(([k, v]) => [k, textValues(core[k], v)]));
  return safe;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
