import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultChecks } from '../../src/policy/checks/index.js';
import { fixtureRegistrations } from './fixtures.js';
import { generateFixtures } from './generate.js';
import { listFiles } from './write.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const committedDir = join(repoRoot, 'conformance/fixtures');
// Upstream's fixtures, optional: `make test` sets UPSTREAM_TESTDATA (see the Makefile); relative to the repository.
const upstreamEnv = process.env['UPSTREAM_TESTDATA'] ?? '';
const upstreamDir = upstreamEnv === '' ? '' : resolve(repoRoot, upstreamEnv);

const generated = generateFixtures();

/** Paths only in want (missing) and only in got (extra). */
function setDiff(got: readonly string[], want: readonly string[]): { missing: string[]; extra: string[] } {
  const g = new Set(got);
  const w = new Set(want);
  return { missing: want.filter((p) => !g.has(p)), extra: got.filter((p) => !w.has(p)) };
}

/** Paths whose content differs between the generated set and the files under dir. */
async function differing(dir: string, paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if ((await readFile(join(dir, path), 'utf8')) !== generated.files.get(path)) out.push(path);
  }
  return out;
}

describe('fixture generator', () => {
  it('matches the committed conformance/fixtures (run `make docs` to regenerate)', async () => {
    const committed = await listFiles(committedDir);
    expect(setDiff(committed, [...generated.files.keys()])).toEqual({ missing: [], extra: [] });
    expect(await differing(committedDir, committed)).toEqual([]);
  });

  it('renders fail fixtures and twins that fail their check (container-level: only by ephemerals)', () => {
    expect(generated.warnings).toEqual([]);
  });

  it('counts every twin as container-level or pod-level', () => {
    const twins = [...generated.files.keys()].filter((p) => p.includes('/fail-ephemeral/'));
    expect(generated.twins.containerLevel).toBeGreaterThan(0);
    expect(generated.twins.podLevel).toBeGreaterThan(0);
    expect(generated.twins.containerLevel + generated.twins.podLevel).toBe(twins.length);
  });

  it('writes a fail-ephemeral twin for every fail fixture', () => {
    const paths = [...generated.files.keys()];
    const fails = paths
      .filter((p) => p.includes('/fail/'))
      .map((p) => p.replace('/fail/', '/fail-ephemeral/'));
    expect(paths.filter((p) => p.includes('/fail-ephemeral/'))).toEqual(fails);
  });

  it('has a generator for every check and a check for every generator', () => {
    const ids = new Set(defaultChecks.map((c) => c.id));
    expect(new Set(fixtureRegistrations.map((r) => r.key.check))).toEqual(ids);
  });

  it.skipIf(!existsSync(upstreamDir))('renders upstream pass and fail fixtures byte for byte', async () => {
    const upstream = (await listFiles(upstreamDir)).filter((p) => p !== 'README.md');
    const ours = [...generated.files.keys()].filter(
      (p) => p !== 'README.md' && !p.includes('/fail-ephemeral/'),
    );
    expect(setDiff(ours, upstream)).toEqual({ missing: [], extra: [] });
    expect(await differing(upstreamDir, upstream)).toEqual([]);
  });
});
