// `psa-ephemeral review`: one admission.k8s.io/v1 AdmissionReview on stdin, the response review on stdout.
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { handleReview, InvalidReviewError } from '../admission/review.js';
import { goJSON } from '../webhook/body.js';
import { CliUsageError } from './errors.js';
import { emulationVersionFlag, featureGatesFlag, parseFlags } from './flags.js';
import { buildAdmission, ignoredDefaultsMessage } from './setup.js';

const flagSchema = z.strictObject({
  config: z.string().optional(),
  namespaces: z.string().optional(),
  pods: z.string().optional(),
  authorization: z.string().optional(),
  'emulation-version': emulationVersionFlag,
  'feature-gates': featureGatesFlag,
});

export const reviewUsage = `usage: psa-ephemeral review [--config FILE] [--namespaces FILE] [--pods FILE] [--authorization FILE] [--emulation-version v1.N] [--feature-gates PodSecurityEphemeralLevels=false] < review.json`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(reviewUsage);
    return 0;
  }
  const { values } = parseFlags(
    argv,
    {
      config: { type: 'string' },
      namespaces: { type: 'string' },
      pods: { type: 'string' },
      authorization: { type: 'string' },
      'emulation-version': { type: 'string' },
      'feature-gates': { type: 'string' },
    },
    flagSchema,
  );
  const admission = await buildAdmission({
    configFile: values.config,
    namespacesFile: values.namespaces,
    podsFile: values.pods,
    authorizationFile: values.authorization,
    emulationVersion: values['emulation-version'],
    features: values['feature-gates'],
  });
  const ignored = ignoredDefaultsMessage(admission);
  if (ignored !== undefined) process.stderr.write(`psa-ephemeral review: ${ignored}\n`);
  const input = await text(process.stdin);
  let body: unknown;
  try {
    body = JSON.parse(input);
  } catch (err) {
    throw new CliUsageError(`stdin: invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const out = await handleReview(admission, body);
    // the bytes the webhook would send: Go's json.Encoder output
    process.stdout.write(goJSON(out) ?? '');
    return 0;
  } catch (err) {
    if (err instanceof InvalidReviewError) throw new CliUsageError(`stdin: ${err.message}`);
    throw err;
  }
}
