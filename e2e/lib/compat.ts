// Scenario (d), the backward-compatibility diff: the same requests, without any ephemeral-* label,
// sent to the webhook cluster and to a cluster running the built-in PodSecurity plugin; the
// recorded outcomes (allowed, status code, message, warnings) must be identical.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Outcome } from './cluster.js';
import { stepKey, type Outcomes, type Plan } from './plan.js';
import type { Rewording } from './rewordings.js';

/**
 * The API server words a webhook's denial as `admission webhook "<name>" denied the request: <the
 * webhook's message>`; the built-in plugin's message has no such prefix. It is the only difference
 * a webhook cannot avoid, so it is removed before comparing.
 */
export function normalizeOutcome(o: Outcome): Outcome {
  return {
    allowed: o.allowed,
    code: o.code,
    message: o.message.replace(/^admission webhook "[^"]*" denied the request: /, ''),
    warnings: o.warnings,
  };
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

export interface ExcusedDifference extends Difference {
  /** The historical rewordings that explain it, e.g. "seLinuxOptions 01922af (v1.26)". */
  readonly rewordings: readonly string[];
}

export interface ClassifiedDifferences {
  /** Differences no known rewording explains: each one fails the suite. */
  readonly differences: readonly Difference[];
  readonly excused: readonly ExcusedDifference[];
}

function rewordingName(r: Rewording): string {
  return `${r.check} ${r.commit} (v1.${r.firstMinor})`;
}

/**
 * The rewordings that, applied to the webhook's message and warnings, make its outcome the built-in
 * plugin's exactly; undefined when none do (or when allowed or code differ, which no wording explains).
 */
function explainingRewordings(d: Difference, applicable: readonly Rewording[]): Rewording[] | undefined {
  if (!d.webhook || !d.builtin || d.fields.some((f) => f !== 'message' && f !== 'warnings')) return undefined;
  const used: Rewording[] = [];
  let { message } = d.webhook;
  let warnings = [...d.webhook.warnings];
  for (const r of applicable) {
    const nextMessage = r.toOld(message);
    const nextWarnings = warnings.map(r.toOld);
    if (nextMessage !== message || nextWarnings.some((w, i) => w !== warnings[i])) used.push(r);
    message = nextMessage;
    warnings = nextWarnings;
  }
  const rewritten: Outcome = { ...d.webhook, message, warnings };
  return used.length > 0 && differingFields(rewritten, d.builtin).length === 0 ? used : undefined;
}

/**
 * Splits differences into those excused by a historical rewording the compared server predates
 * (`applicable`, see rewordings.ts) and all others. A difference is excused only when undoing the
 * rewordings leaves no difference at all.
 */
export function classifyDifferences(
  differences: readonly Difference[],
  applicable: readonly Rewording[],
): ClassifiedDifferences {
  const unexcused: Difference[] = [];
  const excused: ExcusedDifference[] = [];
  for (const d of differences) {
    const used = explainingRewordings(d, applicable);
    if (used === undefined) unexcused.push(d);
    else excused.push({ ...d, rewordings: used.map(rewordingName) });
  }
  return { differences: unexcused, excused };
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
