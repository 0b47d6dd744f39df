import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// No Docker engine runs in CI, so the image is checked by shape (as compose.test.ts does for Compose);
// what `pnpm deploy --prod` puts in it was run by hand (README, "With Docker instead").
const text = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
const stages = lines.filter((l) => /^FROM\s/.test(l));
const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1];
const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }).engines.node;

describe('Dockerfile', () => {
  it('builds on a Node LTS line the project supports, not an end-of-life one', () => {
    const major = Number(/^node:(\d+)/.exec(image ?? '')?.[1]);
    expect(major % 2, `${image} is not an LTS line (even major)`).toBe(0);
    expect(major).toBeGreaterThanOrEqual(24); // 20 reached end of life in April 2026, 22 goes in April 2027
    // package.json's engines admit it (its open range starts at or below it).
    expect(Number(/>=\s*(\d+)/.exec(engines)?.[1])).toBeLessThanOrEqual(major);
    expect(stages.every((s) => s.includes('${NODE_IMAGE}'))).toBe(true);
  });
  it('is multi-stage: the run stage copies only the production deploy of the cli', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/ AS build$/);
    expect(text).toMatch(/pnpm@[\d.]+ install --frozen-lockfile/);
    expect(text).toMatch(/--filter @dl\/cli deploy --prod/);
    const run = text.slice(text.lastIndexOf('\nFROM '));
    expect(run).toContain('COPY --from=build /out /app');
    expect(run).not.toMatch(/COPY \. /);
    expect(run).not.toMatch(/pnpm|npm install/);
  });
  it("fixes glibc's malloc thresholds at bin/dl's values (the ones pnpm bench:ingest measures)", () => {
    const run = text.slice(text.lastIndexOf('\nFROM '));
    const env = /^ENV MALLOC_MMAP_THRESHOLD_=(\d+) MALLOC_TRIM_THRESHOLD_=(\d+)$/m.exec(run);
    expect(env, 'the run stage sets MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_').not.toBeNull();
    const launcher = readFileSync(new URL('../../bin/dl', import.meta.url), 'utf8');
    expect(launcher).toContain(`MALLOC_MMAP_THRESHOLD_="\${MALLOC_MMAP_THRESHOLD_:-${env![1]}}"`);
    expect(launcher).toContain(`MALLOC_TRIM_THRESHOLD_="\${MALLOC_TRIM_THRESHOLD_:-${env![2]}}"`);
  });
  it("runs the built cli, with bin/dl's V8 helper pool for dl ingest", () => {
    const run = text.slice(text.lastIndexOf('\nFROM '));
    expect(run).toContain('ENTRYPOINT ["node", "--v8-pool-size=0", "/app/dist/main.js"]');
    const launcher = readFileSync(new URL('../../bin/dl', import.meta.url), 'utf8');
    expect(launcher).toContain('ingest) dl_v8_pool=--v8-pool-size=0 ;;');
  });
});
