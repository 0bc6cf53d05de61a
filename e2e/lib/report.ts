// The run's summary: each scenario prints its lines (what was assumed, not applicable or excused)
// and writes them to e2e/out/summary-<scenario>.txt, which e2e/run.sh prints again at the end.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { outDir } from './settings.js';

export async function writeSummary(scenario: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  for (const line of lines) console.info(line);
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, '.gitignore'), '*\n');
  await writeFile(join(outDir, `summary-${scenario}.txt`), lines.map((l) => `${l}\n`).join(''));
}
