// Builds the fail-ephemeral twin of a fail fixture: the same pod with the offending containers moved
// into spec.ephemeralContainers, so the fixture proves the check also judges ephemeral containers.
import type {
  Container,
  EphemeralContainer,
  PodSecurityContext,
  SecurityContext,
} from '../../src/api/index.js';
import type { Finding } from '../../src/policy/check.js';
import { containerName } from '../../src/policy/visitor.js';
import type { FixturePod } from './helpers.js';

/** Name of the compliant ephemeral container added when the violation is pod-level only. */
export const debuggerName = 'debugger';
/** Name of the standalone container (see standaloneContainer) kept when every regular container moved. */
export const keptContainerName = 'app';

/** Pod securityContext fields that containers inherit unless their own securityContext sets them. */
const inheritedFields = [
  'seLinuxOptions',
  'windowsOptions',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'seccompProfile',
  'appArmorProfile',
] as const satisfies readonly (keyof PodSecurityContext & keyof SecurityContext)[];

/** Whether a field is set: null counts as unset, as in the Go API. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * The first container of minimalPod (the minimal valid pod of a level and version), with the
 * pod-level settings it inherits (e.g. runAsNonRoot, seccompProfile) copied into its own
 * securityContext: a container that passes the level in any pod, whatever the pod leaves unset.
 */
export function standaloneContainer(minimalPod: FixturePod): Container {
  const first = minimalPod.spec.containers?.[0];
  if (!first) throw new Error('the minimal valid pod has no container');
  const out = structuredClone(first);
  const podSC = minimalPod.spec.securityContext ?? {};
  for (const field of inheritedFields) {
    const value = podSC[field];
    if (!isSet(value) || isSet(out.securityContext?.[field])) continue;
    out.securityContext = { ...out.securityContext, [field]: structuredClone(value) };
  }
  return out;
}

interface Offender {
  readonly field: 'initContainers' | 'containers';
  readonly name: string;
}

/** Offending init and regular containers, once each, in the order of the findings. */
function offenders(findings: readonly Finding[]): Offender[] {
  const seen = new Set<string>();
  const out: Offender[] = [];
  for (const f of findings) {
    if (!f.container || f.container.kind === 'ephemeral') continue;
    const field = f.container.kind === 'init' ? 'initContainers' : 'containers';
    const key = `${field}/${f.container.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, name: f.container.name });
  }
  return out;
}

/** base, or base-2, base-3, ... : a container name the pod does not use yet. */
function uniqueName(base: string, pod: FixturePod): string {
  const spec = pod.spec;
  const taken = new Set(
    [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map(
      containerName,
    ),
  );
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function moveOffenders(twin: FixturePod, moved: readonly Offender[], ephemeral: EphemeralContainer[]): void {
  for (const { field, name } of moved) {
    const list = twin.spec[field] ?? [];
    const i = list.findIndex((c) => containerName(c) === name);
    if (i < 0)
      throw new Error(`a finding names container "${name}" in spec.${field}, which the pod does not have`);
    ephemeral.push(...list.splice(i, 1));
  }
}

/**
 * The ephemeral twin of pod, given the findings of the check it fails. Offending init and regular
 * containers move (keeping their names) to spec.ephemeralContainers; if none offends (a pod-level
 * violation), a compliant copy of the first container joins as "debugger". The pod keeps at least
 * one regular container: a copy of keptContainer named "app" if every one moved; keptContainer should
 * pass the check by itself (see standaloneContainer), so that only the ephemeral containers fail.
 */
export function ephemeralTwin(
  pod: FixturePod,
  findings: readonly Finding[],
  keptContainer: Container,
): FixturePod {
  const twin = structuredClone(pod);
  const spec = twin.spec;
  const ephemeral: EphemeralContainer[] = [...(spec.ephemeralContainers ?? [])];
  const moved = offenders(findings);
  if (moved.length === 0) {
    const first = spec.containers?.[0] ?? keptContainer;
    ephemeral.push({ ...structuredClone(first), name: uniqueName(debuggerName, twin) });
  } else {
    moveOffenders(twin, moved, ephemeral);
    if (spec.initContainers?.length === 0) delete spec.initContainers;
    if (!spec.containers || spec.containers.length === 0) {
      spec.ephemeralContainers = ephemeral;
      spec.containers = [{ ...structuredClone(keptContainer), name: uniqueName(keptContainerName, twin) }];
    }
  }
  spec.ephemeralContainers = ephemeral;
  return twin;
}
