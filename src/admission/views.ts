// Extension: the two views of a pod judged separately when the ephemeral policy differs from the
// regular one (docs/design.md section 3).
import type { EphemeralContainer, PodSpec } from '../api/index.js';

export type View = 'whole' | 'regular' | 'ephemeral';

export function hasEphemeralContainers(spec: PodSpec): boolean {
  return (spec.ephemeralContainers?.length ?? 0) > 0;
}

/** The pod as it would be without its ephemeral containers. */
export function regularView(spec: PodSpec): PodSpec {
  if (!hasEphemeralContainers(spec)) return spec;
  return { ...spec, ephemeralContainers: undefined };
}

/** The pod as it would be if its ephemeral containers were its only containers; pod-level fields kept. */
export function ephemeralView(spec: PodSpec): PodSpec {
  return { ...spec, initContainers: undefined, containers: undefined };
}

/** One ephemeral container as if it were the pod's only container; pod-level fields kept (exec/attach). */
export function debuggerView(spec: PodSpec, container: EphemeralContainer): PodSpec {
  return { ...spec, initContainers: undefined, containers: undefined, ephemeralContainers: [container] };
}
