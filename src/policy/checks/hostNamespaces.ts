// Check "hostNamespaces" (baseline): sharing the host network, PID and IPC namespaces is forbidden
// (upstream policy/check_hostNamespaces.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, forbidden, podFinding } from '../helpers.js';

/**
 * Sharing the host network, PID, and IPC namespaces must be disallowed.
 *
 * Restricted fields:
 *   spec.hostNetwork
 *   spec.hostPID
 *   spec.hostIPC
 *
 * Allowed values: undefined/null, false
 *
 * These are pod-level fields: every container of the pod, spec.ephemeralContainers[*] included,
 * shares these namespaces, so they count for the ephemeral view of a pod too.
 */
export const hostNamespaces = defineCheck({
  id: 'hostNamespaces',
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: hostNamespaces_1_0 }],
});

const namespaceFields = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export function hostNamespaces_1_0(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const shared: string[] = [];
  const findings: Finding[] = [];
  for (const field of namespaceFields) {
    if (podSpec[field] === true) {
      shared.push(`${field}=true`);
      findings.push(podFinding(`spec.${field}`));
    }
  }
  if (shared.length === 0) return ALLOWED;
  return forbidden('host namespaces', shared.join(', '), findings);
}
