// Renders a fixture pod as upstream's fixture YAML: the JSON that Go's encoder writes for a v1 Pod
// (omitempty fields left out), keys sorted at every level, block sequences not indented.
import { stringify } from 'yaml';
import type { FixturePod } from './helpers.js';

/** Fields core/v1 writes even when empty or null (no omitempty): spec.containers,
 * projected.sources and scaleIO.secretRef (the other volume sources' secretRef are omitempty). */
const alwaysWritten: ReadonlySet<string> = new Set(['containers', 'sources', 'secretRef']);

/** Map-typed fields (Go maps are omitted when empty; pointers to empty structs are written as {}). */
const goMaps: ReadonlySet<string> = new Set(['annotations', 'labels']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True if Go's encoder would leave the field out. */
function omitted(key: string, value: unknown): boolean {
  if (alwaysWritten.has(key)) return value === undefined;
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && goMaps.has(key) && Object.keys(value).length === 0;
}

/** A copy of value with omitted fields dropped and object keys in sorted order. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = normalize(value[key]);
    if (!omitted(key, child)) out[key] = child;
  }
  return out;
}

/** The fixture file for pod, with metadata.name set to name. */
export function podYAML(pod: FixturePod, name: string): string {
  const doc = { apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.metadata, name }, spec: pod.spec };
  return stringify(normalize(doc), { indentSeq: false, lineWidth: 0 });
}
