// Scenario (d), the backward-compatibility diff: the same requests, without any ephemeral-* label,
// sent to the webhook cluster and to a cluster running the built-in PodSecurity plugin; the
// recorded outcomes (allowed, status code, message, warnings) must be identical.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Outcome } from './cluster.js';
import { stepKey, type Outcomes, type Plan } from './plan.js';

/**
 * The API server words a webhook's denial as `admission webhook "<name>" denied the request: <the
 * webhook's message>`; the built-in plugin's message has no such prefix. It is the only difference
 * a webhook cannot avoid, so it is removed before comparing.
 */
export function normalizeOutcome(o: Outcome): Outcome {
  return { ...o, message: o.message.replace(/^admission webhook "[^"]*" denied the request: /, '') };
}

/** The comparable outcomes of a run: every non-setup step, normalized, in sorted key order. */
export function comparableOutcomes(plans: readonly Plan[], outcomes: Outcomes): Record<string, Outcome> {
  const keys: string[] = [];
  for (const plan of plans)
    for (const step of plan.steps) if (step.setup === undefined) keys.push(stepKey(plan, step));
  const out: Record<string, Outcome> = {};
  for (const key of keys.sort()) {
    const o = outcomes.get(key);
    if (o !== undefined) out[key] = normalizeOutcome(o);
  }
  return out;
}

export interface Difference {
  readonly request: string;
  /** Absent when the request did not run on that cluster. */
  readonly webhook?: Outcome;
  readonly builtin?: Outcome;
  /** Which of allowed, code, message, warnings differ. */
  readonly fields: readonly string[];
}

function differingFields(a: Outcome | undefined, b: Outcome | undefined): string[] {
  if (a === undefined || b === undefined) return ['missing'];
  const fields: string[] = [];
  if (a.allowed !== b.allowed) fields.push('allowed');
  if (a.code !== b.code) fields.push('code');
  if (a.message !== b.message) fields.push('message');
  if (JSON.stringify(a.warnings) !== JSON.stringify(b.warnings)) fields.push('warnings');
  return fields;
}

export function diffOutcomes(
  webhook: Record<string, Outcome>,
  builtin: Record<string, Outcome>,
): Difference[] {
  const keys = [...new Set([...Object.keys(webhook), ...Object.keys(builtin)])].sort();
  const out: Difference[] = [];
  for (const request of keys) {
    const fields = differingFields(webhook[request], builtin[request]);
    if (fields.length === 0) continue;
    out.push({ request, webhook: webhook[request], builtin: builtin[request], fields });
  }
  return out;
}

/** Writes JSON formatted as prettier would, so `make lint` accepts the files if they are left behind. */
export async function writeJSONFile(dir: string, file: string, value: unknown): Promise<string> {
  await mkdir(dir, { recursive: true });
  // Run output, never committed.
  await writeFile(join(dir, '.gitignore'), '*\n');
  const path = join(dir, file);
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(JSON.stringify(value), { ...options, filepath: path }));
  return path;
}
