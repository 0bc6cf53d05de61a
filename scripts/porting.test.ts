// docs/PORTING.md stays complete: every non-test TypeScript module under src/ is mapped there, and every
// src/ path it names still exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const porting = readFileSync(join(root, 'docs', 'PORTING.md'), 'utf8');

/** Repository-relative paths (with "/") of the .ts files under dir that are not tests, sorted. */
function modules(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) =>
      relative(root, join(root, dir, f))
        .split(sep)
        .join('/'),
    )
    .sort();
}

const sources = modules('src');

/** The src/ paths PORTING.md names in backticks, e.g. `src/api/helpers.ts`. */
const mentioned = [...new Set([...porting.matchAll(/`(src\/[^`\s]+\.ts)`/g)].map((m) => m[1] ?? ''))];

describe('docs/PORTING.md', () => {
  it('finds the modules to check', () => {
    expect(sources).toContain('src/cli/main.ts');
    expect(sources.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it.each(sources)('maps %s', (file) => {
    expect(mentioned, `add a row for \`${file}\` to docs/PORTING.md`).toContain(file);
  });

  it.each(mentioned)('names %s, which exists', (file) => {
    expect(existsSync(join(root, file)), `docs/PORTING.md names a missing file: ${file}`).toBe(true);
  });
});
