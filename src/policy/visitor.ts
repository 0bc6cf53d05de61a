// Visits every container of a pod spec (init, regular, ephemeral) with its kind and field path
// (upstream policy/visitor.go).
import type { Container, PodSpec } from '../api/index.js';

export type ContainerKind = 'init' | 'regular' | 'ephemeral';

export interface ContainerRef {
  readonly kind: ContainerKind;
  readonly index: number;
  /** e.g. spec.initContainers[0] */
  readonly path: string;
}

export type ContainerVisitor = (container: Container, ref: ContainerRef) => void;

const lists = [
  ['initContainers', 'init'],
  ['containers', 'regular'],
  ['ephemeralContainers', 'ephemeral'],
] as const;

type Field = (typeof lists)[number][0];

/** Refs are immutable: the first few per list are made once, not on every visit of every check. */
const cachedRefs = 1024;
const refs: Record<Field, ContainerRef[]> = { initContainers: [], containers: [], ephemeralContainers: [] };

function refFor(field: Field, kind: ContainerKind, index: number): ContainerRef {
  const cached = refs[field][index];
  if (cached !== undefined) return cached;
  const ref = { kind, index, path: `spec.${field}[${index}]` };
  // Shared refs are frozen; freezing one made for a single visit would cost more than making it.
  if (index < cachedRefs) refs[field][index] = Object.freeze(ref);
  return ref;
}

export function visitContainers(podSpec: PodSpec, visitor: ContainerVisitor): void {
  for (const [field, kind] of lists) {
    const containers = podSpec[field];
    if (!containers) continue;
    for (let i = 0; i < containers.length; i++) {
      visitor(containers[i] ?? {}, refFor(field, kind, i)); // null decodes as an empty container in Go
    }
  }
}

/** Container name as Go sees it: "" when unset. */
export function containerName(c: Container): string {
  return typeof c.name === 'string' ? c.name : '';
}
