// The repository stands alone: no file points at the sibling directory "shared" outside it, except the
// optional upstream fixture directory that `make test` reads when present (UPSTREAM_TESTDATA in the
// Makefile, named in the README). The strings are built so that this file does not name it either.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const skippedDirs = new Set(['node_modules', 'dist', '.git', 'coverage', '.tmp']);
const textFile = /(\.(md|ts|js|json|ya?ml|sh|txt)|^Makefile|^Dockerfile|^\.[a-z]+ignore)$/;
const shared = ['shared', ''].join('/');
const allowed = `../${shared}upstream-psa/testdata`;

/** Repository-relative paths (with "/") of the text files to check. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return skippedDirs.has(e.name) ? [] : files(join(dir, e.name));
    return textFile.test(e.name) ? [relative(root, join(dir, e.name)).split(sep).join('/')] : [];
  });
}

/** `file:line` for each line that names the shared directory other than by the allowed fixture path. */
function outsideReferences(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const rest = line.split(allowed).join('');
    return rest.includes(shared) ? [`${file}:${i + 1}: ${line.trim()}`] : [];
  });
}

describe('the repository', () => {
  const all = files(root);

  it('finds the files to check', () => {
    expect(all).toEqual(
      expect.arrayContaining(['Makefile', 'README.md', 'docs/design.md', 'src/cli/main.ts']),
    );
  });

  it('points nowhere outside itself, but at the optional upstream fixtures', () => {
    const found = all.flatMap((f) => outsideReferences(f, readFileSync(join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('names the optional upstream fixtures only in the Makefile and the README', () => {
    const naming = all.filter((f) => readFileSync(join(root, f), 'utf8').includes(allowed));
    expect(naming.sort()).toEqual(['Makefile', 'README.md']);
  });

  it('would report a reference to the shared design note', () => {
    const line = `see ../${shared}design/ephemeral-policy.md`;
    expect(outsideReferences('x.md', `ok ${allowed}\n${line}`)).toEqual([`x.md:2: ${line}`]);
  });
});
