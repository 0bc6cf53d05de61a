// Command-line flag parsing: node:util parseArgs for the syntax, zod for the values, one-line errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { parseLabelPairs, ParseVersion, type Version } from '../api/index.js';
import { defaultFeatureGates, parseFeatureGates, type FeatureGates } from '../admission/features.js';
import { CliUsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv against the option table and validates the values with the schema. */
export function parseFlags<T extends z.ZodType>(
  argv: string[],
  options: Options,
  schema: T,
  allowPositionals = false,
): { values: z.infer<T>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  const r = schema.safeParse(parsed.values);
  if (!r.success) {
    const issue = r.error.issues[0];
    const flag = issue?.path[0] !== undefined ? `--${String(issue.path[0])}: ` : '';
    throw new CliUsageError(`${flag}${issue?.message ?? 'invalid flags'}`);
  }
  return { values: r.data, positionals: parsed.positionals };
}

/** `--emulation-version v1.N`: latest and newer versions evaluate as at most v1.N. */
export const emulationVersionFlag = z
  .string()
  .optional()
  .transform((v, ctx): Version | undefined => {
    if (v === undefined) return undefined;
    const r = ParseVersion(v);
    if (r.error !== undefined || r.value.latest) {
      ctx.addIssue({ code: 'custom', message: `must be "v1.x", got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return r.value;
  });

/** `--feature-gates PodSecurityEphemeralLevels=false`: Kubernetes' `Name=bool,...` syntax and messages. */
export const featureGatesFlag = z
  .string()
  .optional()
  .transform((v, ctx): FeatureGates => {
    if (v === undefined) return defaultFeatureGates;
    try {
      return parseFeatureGates(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

/** `--namespace-labels enforce=restricted,ephemeral-enforce=baseline`: keys without a `/` get the
 * pod-security.kubernetes.io/ prefix. */
export const labelsFlag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const r = parseLabelPairs(v ?? '');
    if ('labels' in r) return r.labels;
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  });
