// Pod tweaking helpers for the fixture generators (upstream test/helpers.go), plus accessors that
// fail loudly where Go would dereference nil.
import type {
  Capabilities,
  Container,
  Pod,
  PodSecurityContext,
  PodSpec,
  SecurityContext,
} from '../../src/api/index.js';

/** A fixture pod: metadata and spec are always present. */
export interface FixturePod extends Pod {
  metadata: NonNullable<Pod['metadata']>;
  spec: PodSpec;
}

/** Makes a deep copy of pod, passes it to f, and returns the copy; pod is not modified. */
export function tweak(pod: FixturePod, f: (copy: FixturePod) => void): FixturePod {
  const out = structuredClone(pod);
  f(out);
  return out;
}

function containerList(pod: FixturePod, field: 'containers' | 'initContainers'): Container[] {
  const list = pod.spec[field];
  if (!list) throw new Error(`fixture pod has no spec.${field}`);
  return list;
}

/** spec.containers[i]; throws when it does not exist. */
export function container(pod: FixturePod, i = 0): Container {
  const c = containerList(pod, 'containers')[i];
  if (!c) throw new Error(`fixture pod has no spec.containers[${i}]`);
  return c;
}

/** spec.initContainers[i]; throws when it does not exist. */
export function initContainer(pod: FixturePod, i = 0): Container {
  const c = containerList(pod, 'initContainers')[i];
  if (!c) throw new Error(`fixture pod has no spec.initContainers[${i}]`);
  return c;
}

/** The container's securityContext, which the generator made sure exists. */
export function sc(c: Container): SecurityContext {
  if (!c.securityContext) throw new Error(`container "${c.name ?? ''}" has no securityContext`);
  return c.securityContext;
}

/** The container's securityContext.capabilities, which the generator made sure exist. */
export function caps(c: Container): Capabilities {
  const capabilities = sc(c).capabilities;
  if (!capabilities) throw new Error(`container "${c.name ?? ''}" has no securityContext.capabilities`);
  return capabilities;
}

/** The pod's securityContext, which the generator made sure exists. */
export function podSC(pod: FixturePod): PodSecurityContext {
  if (!pod.spec.securityContext) throw new Error('fixture pod has no spec.securityContext');
  return pod.spec.securityContext;
}

/** The pod's annotations, which the generator made sure exist (see ensureAnnotation). */
export function annotations(pod: FixturePod): Record<string, string> {
  if (!pod.metadata.annotations) throw new Error('fixture pod has no metadata.annotations');
  return pod.metadata.annotations;
}

function eachContainer(pod: FixturePod, f: (c: Container) => void): void {
  for (const c of pod.spec.containers ?? []) f(c);
  for (const c of pod.spec.initContainers ?? []) f(c);
}

/** A copy of pod where the pod and all initContainers and containers have a securityContext. */
export function ensureSecurityContext(pod: FixturePod): FixturePod {
  return tweak(pod, (p) => {
    p.spec.securityContext ??= {};
    eachContainer(p, (c) => {
      c.securityContext ??= {};
    });
  });
}

/** A copy of pod where the pod and all initContainers and containers have seLinuxOptions. */
export function ensureSELinuxOptions(pod: FixturePod): FixturePod {
  return tweak(ensureSecurityContext(pod), (p) => {
    podSC(p).seLinuxOptions ??= {};
    eachContainer(p, (c) => {
      sc(c).seLinuxOptions ??= {};
    });
  });
}

/** A copy of pod where the pod and all initContainers and containers have capabilities
 * (upstream keeps this helper in fixtures_capabilities_baseline.go). */
export function ensureCapabilities(pod: FixturePod): FixturePod {
  return tweak(ensureSecurityContext(pod), (p) => {
    eachContainer(p, (c) => {
      sc(c).capabilities ??= {};
    });
  });
}

/** Makes sure pod.metadata.annotations is set; unlike the other ensure helpers, edits pod in place. */
export function ensureAnnotation(pod: FixturePod): FixturePod {
  pod.metadata.annotations ??= {};
  return pod;
}
