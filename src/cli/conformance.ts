// `psa-ephemeral conformance --testdata DIR [--json]`: runs the fixture conformance suite over a testdata
// folder laid out as upstream's and prints a per-level/version table (or a JSON report); exit 1 on failures.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { FixtureLayoutError, runConformance, type ConformanceReport } from '../conformance/fixtures.js';
import { CliUsageError } from './errors.js';
import { parseFlags } from './flags.js';

const flagSchema = z.strictObject({
  testdata: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a folder') })
    .min(1, 'is required'),
  json: z.boolean().default(false),
});

async function requireDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliUsageError(`--testdata: ${dir}: no such folder`);
}

/** The summary table, the failures, then `N passed, M failed`. */
export function formatReport(report: ConformanceReport): string {
  const rows = [['LEVEL', 'VERSION', 'PASSED', 'FAILED']];
  for (const g of report.groups) rows.push([g.level, g.version, String(g.passed), String(g.failed)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  if (report.failures.length > 0) lines.push('', 'failures:');
  for (const f of report.failures) lines.push(`FAIL ${f.file}: ${f.reason}`);
  lines.push('', `${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    { testdata: { type: 'string' }, json: { type: 'boolean' } },
    flagSchema,
  );
  await requireDirectory(values.testdata);
  let report: ConformanceReport;
  try {
    report = await runConformance(values.testdata);
  } catch (err) {
    if (err instanceof FixtureLayoutError) throw new CliUsageError(err.message);
    throw err;
  }
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.failed === 0 ? 0 : 1;
}
