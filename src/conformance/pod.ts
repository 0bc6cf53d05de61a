// Parses a fixture file into a Pod (zod, loose: unknown fields pass through) and applies the API
// server defaulting that Pod Security depends on.
import { parse } from 'yaml';
import { z } from 'zod';
import type { Pod, PodSpec, Volume } from '../api/index.js';

/** A fixture file that is not valid YAML or not a v1 Pod; the message names the file. */
export class FixtureError extends Error {}

const containerSchema = z.looseObject({ name: z.string() });

const podSchema = z.looseObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: z
    .looseObject({
      name: z.string().optional(),
      annotations: z.record(z.string(), z.string()).optional(),
      labels: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  spec: z.looseObject({
    containers: z.array(containerSchema),
    initContainers: z.array(containerSchema).optional(),
    ephemeralContainers: z.array(containerSchema).optional(),
    volumes: z.array(z.looseObject({ name: z.string() })).optional(),
  }),
});

/** A parsed fixture: spec is always present. */
export type FixturePod = Pod & { spec: PodSpec };

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Parses one fixture file. Throws FixtureError naming file for bad YAML or a document that is not a Pod. */
export function parseFixture(file: string, text: string): FixturePod {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new FixtureError(`${file}: invalid YAML: ${reason}`);
  }
  const result = podSchema.safeParse(doc);
  if (!result.success) throw new FixtureError(`${file}: not a v1 Pod: ${issuesText(result.error)}`);
  return result.data;
}

function hasSource(volume: Volume): boolean {
  return Object.entries(volume).some(
    ([key, value]) => key !== 'name' && value !== null && value !== undefined,
  );
}

/** A copy of pod with the API server's defaulting applied: a volume with no source becomes emptyDir. */
export function applyDefaults(pod: FixturePod): FixturePod {
  const volumes = pod.spec.volumes;
  if (!volumes) return pod;
  return {
    ...pod,
    spec: { ...pod.spec, volumes: volumes.map((v) => (hasSource(v) ? v : { ...v, emptyDir: {} })) },
  };
}
