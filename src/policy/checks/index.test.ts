import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultChecks } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const checkFiles = readdirSync(here).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
);

describe('check registry list', () => {
  it('lists every check file in the folder, once', async () => {
    const listed = new Set(defaultChecks);
    const fromFiles = await Promise.all(
      checkFiles.map(async (f) => Object.values(await import(`./${f.replace(/\.ts$/, '.js')}`))),
    );
    const exportedChecks = fromFiles.flat().filter((v) => defaultChecks.includes(v as never));
    expect(exportedChecks.length).toBe(checkFiles.length);
    expect(listed.size).toBe(defaultChecks.length);
    expect(defaultChecks.length).toBe(checkFiles.length);
  });

  it('has a test file beside every check file', () => {
    const files = new Set(readdirSync(here));
    for (const f of checkFiles) expect(files.has(f.replace(/\.ts$/, '.test.ts')), f).toBe(true);
  });
});
