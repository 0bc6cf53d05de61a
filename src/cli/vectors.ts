// `psa-ephemeral vectors --dir DIR [--command CMD] [--jobs N] [--json]`: runs the admission conformance
// vectors through a review command (default: this CLI's `review`) and prints failures with a diff;
// ends with `N passed, M failed`, exit 0 only when nothing failed.
import { z } from 'zod';
import {
  defaultReviewCommand,
  formatVectorReport,
  loadVectors,
  runVectors,
  subprocessDriver,
  VectorFileError,
  type Vector,
} from '../conformance/vectors.js';
import { CliUsageError } from './errors.js';
import { parseFlags } from './flags.js';

const flagSchema = z.strictObject({
  dir: z.string({ error: 'is required' }).min(1, 'is required'),
  command: z.string().trim().min(1, 'must not be empty').optional(),
  jobs: z
    .string()
    .regex(/^[1-9][0-9]*$/, 'must be a positive integer')
    .transform(Number)
    .default(4),
  json: z.boolean().default(false),
});

export const vectorsUsage =
  'usage: psa-ephemeral vectors --dir DIR [--command "CMD"] [--jobs N] [--json]\n' +
  '  CMD is run once per vector with --config FILE (if any) --namespaces FILE --pods FILE\n' +
  '  --feature-gates GATES (if any) --authorization FILE (if any) appended,\n' +
  '  the AdmissionReview on stdin and the response review expected on stdout.';

async function load(dir: string): Promise<Vector[]> {
  try {
    return await loadVectors(dir);
  } catch (err) {
    if (err instanceof VectorFileError) throw new CliUsageError(err.message);
    throw err;
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(vectorsUsage);
    return 0;
  }
  const { values } = parseFlags(
    argv,
    {
      dir: { type: 'string' },
      command: { type: 'string' },
      jobs: { type: 'string' },
      json: { type: 'boolean' },
    },
    flagSchema,
  );
  const vectors = await load(values.dir);
  const driver = subprocessDriver(values.command ?? defaultReviewCommand());
  const report = await runVectors(vectors, driver, values.jobs);
  const summary = `${report.passed} passed, ${report.failed} failed`;
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    console.error(summary);
  } else {
    console.log(formatVectorReport(report));
  }
  return report.failed === 0 ? 0 : 1;
}
