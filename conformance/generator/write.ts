// Writes generated fixtures to a folder, removing stale fixture files so the folder matches exactly.
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export interface WriteSummary {
  readonly written: number;
  readonly changed: number;
  readonly removed: number;
}

/** Files under dir (recursively), as forward-slash paths relative to root. */
export async function listFiles(root: string, dir = root): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(root, path)));
    else out.push(relative(root, path).split(sep).join('/'));
  }
  return out.sort();
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Removes empty folders below dir (not dir itself). */
async function pruneEmpty(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const path = join(dir, e.name);
    await pruneEmpty(path);
    if ((await readdir(path)).length === 0) await rmdir(path);
  }
}

/**
 * Makes outDir hold exactly files: writes new or changed files and deletes other files under the
 * level folders (baseline/, restricted/); anything else in outDir is left alone.
 */
export async function writeFixtures(
  outDir: string,
  files: ReadonlyMap<string, string>,
): Promise<WriteSummary> {
  let changed = 0;
  let removed = 0;
  for (const existing of await listFiles(outDir)) {
    const generated = files.has(existing);
    const owned = existing.startsWith('baseline/') || existing.startsWith('restricted/');
    if (!generated && owned) {
      await rm(join(outDir, existing));
      removed++;
    }
  }
  for (const [path, content] of files) {
    const full = join(outDir, path);
    if ((await readOrUndefined(full)) === content) continue;
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
    changed++;
  }
  await pruneEmpty(outDir);
  return { written: files.size, changed, removed };
}
