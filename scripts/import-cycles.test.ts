// No import circles in src/ (type-only imports count): madge walks the TypeScript import graph, and a
// planted circle in a scratch directory proves the walk sees value and type-only imports alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The import graph of the .ts files under dir, resolved as tsc resolves them (NodeNext, `.js` → `.ts`). */
async function graph(dir: string, tsConfig: string) {
  return madge(dir, {
    fileExtensions: ['ts'],
    tsConfig,
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
}

/** Unresolved relative imports: a circle through such a file would go unseen. */
function unresolvedLocal(skipped: readonly string[]): string[] {
  return skipped.filter((s) => s.startsWith('.'));
}

describe('the import graph of src/', () => {
  it('has no circle', async () => {
    const g = await graph(join(root, 'src'), join(root, 'tsconfig.json'));
    expect(Object.keys(g.obj())).toContain('admission/admission.ts');
    expect(Object.keys(g.obj()).length).toBeGreaterThan(50);
    expect(unresolvedLocal(g.warnings().skipped)).toEqual([]);
    expect(g.circular()).toEqual([]);
  });
});

describe('the circle detector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psa-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a circle closed by a type-only import', async () => {
    const tsconfig = join(dir, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    );
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = (): number => b + 1;\n");
    writeFileSync(join(dir, 'b.ts'), "import type { C } from './c.js';\nexport const b: C = 1;\n");
    writeFileSync(
      join(dir, 'c.ts'),
      "import type { a } from './a.js';\nexport type C = ReturnType<typeof a>;\n",
    );
    writeFileSync(join(dir, 'd.ts'), "import { a } from './a.js';\nexport const d = a();\n");
    const g = await graph(dir, tsconfig);
    expect(unresolvedLocal(g.warnings().skipped)).toEqual([]);
    expect(g.circular()).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
