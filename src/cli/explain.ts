// `psa-ephemeral explain`: how a namespace's labels and the configuration resolve to the regular and
// ephemeral policy of each mode, with the source of every level and version; in words or as JSON.
import { z } from 'zod';
import { explain, formatExplanation } from '../admission/explain.js';
import type { Namespace } from '../admission/ports.js';
import { CliUsageError } from './errors.js';
import { emulationVersionFlag, featureGatesFlag, labelsFlag, parseFlags } from './flags.js';
import { readObjectsOfKind } from './objects.js';
import { buildAdmission, ignoredDefaultsMessage } from './setup.js';

export const explainUsage =
  'usage: psa-ephemeral explain [--namespace-labels k=v,... | -f namespace.yaml] [--config FILE] [--emulation-version v1.N] [--feature-gates PodSecurityEphemeralLevels=false] [--json]';

const flagSchema = z.strictObject({
  filename: z.string().optional(),
  'namespace-labels': labelsFlag,
  config: z.string().optional(),
  'emulation-version': emulationVersionFlag,
  'feature-gates': featureGatesFlag,
  json: z.boolean().optional(),
});

/** The labels of the one Namespace in a file. */
function namespaceLabels(file: string): Record<string, string> {
  const namespaces = readObjectsOfKind(file, 'Namespace') as Namespace[];
  if (namespaces.length !== 1) {
    throw new CliUsageError(`${file}: expected one Namespace, found ${namespaces.length} objects`);
  }
  const labels = namespaces[0]?.metadata?.labels ?? {};
  const r = z.record(z.string(), z.string()).safeParse(labels);
  if (!r.success) throw new CliUsageError(`${file}: metadata.labels must map strings to strings`);
  return r.data;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(explainUsage);
    return 0;
  }
  const { values } = parseFlags(
    argv,
    {
      filename: { type: 'string', short: 'f' },
      'namespace-labels': { type: 'string', short: 'l' },
      config: { type: 'string' },
      'emulation-version': { type: 'string' },
      'feature-gates': { type: 'string' },
      json: { type: 'boolean' },
    },
    flagSchema,
  );
  if (values.filename !== undefined && argv.some((a) => a.startsWith('--namespace-labels') || a === '-l')) {
    throw new CliUsageError('use either -f NAMESPACE_FILE or --namespace-labels, not both');
  }
  const labels =
    values.filename === undefined ? values['namespace-labels'] : namespaceLabels(values.filename);
  const admission = await buildAdmission({
    configFile: values.config,
    emulationVersion: values['emulation-version'],
    features: values['feature-gates'],
  });
  const ignored = ignoredDefaultsMessage(admission);
  if (ignored !== undefined) console.error(`psa-ephemeral explain: ${ignored}`);
  const e = explain(admission, labels);
  console.log(values.json ? JSON.stringify(e, null, 2) : formatExplanation(e));
  return 0;
}
