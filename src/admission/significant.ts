// Whether a pod update can change what Pod Security judges (upstream isSignificantPodUpdate): container
// counts, images, and added or changed ephemeral containers.
import type { Container, Pod } from '../api/index.js';

function isSignificantContainerUpdate(container: Container, old: Container): boolean {
  return (container.image ?? '') !== (old.image ?? '');
}

function listsDiffer(list: readonly Container[], old: readonly Container[]): boolean {
  if (list.length !== old.length) return true;
  return list.some((c, i) => isSignificantContainerUpdate(c, old[i] as Container));
}

export function isSignificantPodUpdate(pod: Pod, oldPod: Pod): boolean {
  const spec = pod.spec ?? {};
  const oldSpec = oldPod.spec ?? {};
  if ((spec.containers ?? []).length !== (oldSpec.containers ?? []).length) return true;
  if ((spec.initContainers ?? []).length !== (oldSpec.initContainers ?? []).length) return true;
  if (listsDiffer(spec.containers ?? [], oldSpec.containers ?? [])) return true;
  if (listsDiffer(spec.initContainers ?? [], oldSpec.initContainers ?? [])) return true;
  const oldEphemeral = oldSpec.ephemeralContainers ?? [];
  for (const c of spec.ephemeralContainers ?? []) {
    const old = oldEphemeral.find((oc) => (oc.name ?? '') === (c.name ?? ''));
    if (old === undefined) return true; // Ephemeral container added.
    if (isSignificantContainerUpdate(c, old)) return true;
  }
  return false;
}
