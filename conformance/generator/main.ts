// Entry point: regenerates the fixtures (default folder conformance/fixtures, relative to the working
// directory). Usage: node dist/conformance/generator/main.js [--out DIR]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFixtures } from './generate.js';
import { writeFixtures } from './write.js';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: 'conformance/fixtures' } },
    strict: true,
    allowPositionals: false,
  });
  const outDir = resolve(values.out);
  const { files, warnings, twins } = generateFixtures();
  for (const w of warnings) console.error(`warning: ${w}`);
  console.log(
    `fail-ephemeral twins: ${twins.containerLevel} container-level, ${twins.podLevel} pod-level violations`,
  );
  const s = await writeFixtures(outDir, files);
  console.log(`${s.written} files in ${outDir}: ${s.changed} written, ${s.removed} removed`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(`generate fixtures: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
