import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packages = fileURLToPath(new URL('../../packages', import.meta.url));

/**
 * The allowed arrows: core ← kafka | storage ← producer | ingester | viewer | replay ← cli, and
 * the Delta log (delta, on core and storage) under the ingester (writer) and the viewer (reader).
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  kafka: ['core'],
  storage: ['core'],
  delta: ['core', 'storage'],
  producer: ['core', 'kafka', 'storage'],
  ingester: ['core', 'kafka', 'storage', 'delta'],
  viewer: ['core', 'kafka', 'storage', 'delta'],
  replay: ['core', 'kafka', 'storage'],
  cli: ['core', 'kafka', 'storage', 'delta', 'producer', 'ingester', 'viewer', 'replay'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** `@dl/x` of every import, export-from and dynamic import in a file. */
function workspaceImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]@dl\/([a-z-]+)/g)) out.push(m[1]!);
  return out;
}

describe('package arrows', () => {
  const names = readdirSync(packages).filter((n) => statSync(path.join(packages, n, 'package.json'), { throwIfNoEntry: false }));

  it('knows every package', () => {
    expect(names.filter((n) => !(n in ALLOWED))).toEqual([]);
  });

  it.each(names.filter((n) => n in ALLOWED))('%s depends and imports only along the arrows', (name) => {
    const allowed = new Set(ALLOWED[name]);
    const pkg = JSON.parse(readFileSync(path.join(packages, name, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies })
      .filter((d) => d.startsWith('@dl/') && d !== '@dl/test-support')
      .map((d) => d.slice(4));
    expect(
      declared.filter((d) => !allowed.has(d)),
      `${name}/package.json`,
    ).toEqual([]);
    const bad: string[] = [];
    for (const dir of ['src', 'test']) {
      const root = path.join(packages, name, dir);
      if (!statSync(root, { throwIfNoEntry: false })) continue;
      for (const file of sourceFiles(root)) {
        for (const dep of workspaceImports(file)) {
          if (dep !== name && dep !== 'test-support' && !allowed.has(dep)) bad.push(`${path.relative(packages, file)} imports @dl/${dep}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
