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

type Field = 'initContainers' | 'containers' | 'ephemeralContainers';

/** Refs are immutable: the first few per list are made once, not on every visit of every check. */
const cachedRefs = 1024;
const initRefs: ContainerRef[] = [];
const regularRefs: ContainerRef[] = [];
const ephemeralRefs: ContainerRef[] = [];

function refFor(cache: ContainerRef[], field: Field, kind: ContainerKind, index: number): ContainerRef {
  const cached = cache[index];
  if (cached !== undefined) return cached;
  const ref = { kind, index, path: `spec.${field}[${index}]` };
  // Shared refs are frozen; freezing one made for a single visit would cost more than making it.
  if (index < cachedRefs) cache[index] = Object.freeze(ref);
  return ref;
}

function visitList(
  containers: readonly (Container | null | undefined)[] | null | undefined,
  cache: ContainerRef[],
  field: Field,
  kind: ContainerKind,
  visitor: ContainerVisitor,
): void {
  if (!containers) return;
  for (let i = 0; i < containers.length; i++) {
    visitor(containers[i] ?? {}, refFor(cache, field, kind, i)); // null decodes as an empty container in Go
  }
}

/** Init, then regular, then ephemeral containers, as upstream visits them. */
export function visitContainers(podSpec: PodSpec, visitor: ContainerVisitor): void {
  visitList(podSpec.initContainers, initRefs, 'initContainers', 'init', visitor);
  visitList(podSpec.containers, regularRefs, 'containers', 'regular', visitor);
  visitList(podSpec.ephemeralContainers, ephemeralRefs, 'ephemeralContainers', 'ephemeral', visitor);
}

/** Container name as Go sees it: "" when unset. */
export function containerName(c: Container): string {
  return typeof c.name === 'string' ? c.name : '';
}
