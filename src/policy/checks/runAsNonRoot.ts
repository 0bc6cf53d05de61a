// Check "runAsNonRoot" (restricted): containers must run as non-root, unless (1.35+) the pod runs in a
// user namespace (upstream policy/check_runAsNonRoot.go).
import { LevelRestricted, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import {
  ALLOWED,
  containerFinding,
  forbidden,
  joinQuote,
  pluralize,
  podFinding,
  relaxPolicyForUserNamespacePod,
} from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * Containers must be required to run as non-root users,
 * unless the pod is in a user namespace ("hostUsers: false").
 *
 * Restricted Fields:
 *   spec.securityContext.runAsNonRoot
 *   spec.containers[*].securityContext.runAsNonRoot
 *   spec.initContainers[*].securityContext.runAsNonRoot
 *   spec.ephemeralContainers[*].securityContext.runAsNonRoot
 *
 * Allowed Values:
 *   true
 *   undefined/null at container-level if pod-level is set to true
 *   any value if "hostUsers" is false (1.35+)
 */
export const runAsNonRoot = defineCheck({
  id: 'runAsNonRoot',
  level: LevelRestricted,
  versions: [
    { minimumVersion: MajorMinorVersion(1, 0), checkPod: runAsNonRoot1_0 },
    { minimumVersion: MajorMinorVersion(1, 35), checkPod: runAsNonRoot1_35 },
  ],
});

const reason = 'runAsNonRoot != true';

/** Like runAsNonRoot1_0, but allows any value when the pod is in a user namespace. */
export function runAsNonRoot1_35(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  if (relaxPolicyForUserNamespacePod(podSpec)) return ALLOWED;
  return runAsNonRoot1_0(podMetadata, podSpec);
}

export function runAsNonRoot1_0(_podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  // Things that explicitly set runAsNonRoot=false.
  const badSetters: string[] = [];
  const explicitFindings: Finding[] = [];
  const podValue = podSpec.securityContext?.runAsNonRoot;
  if (podValue === false) {
    badSetters.push('pod');
    explicitFindings.push(podFinding('spec.securityContext.runAsNonRoot'));
  }
  const podRunAsNonRoot = podValue === true;

  // Containers that explicitly set false, and containers that left it unset without a pod-level true.
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitFindings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    const value = c.securityContext?.runAsNonRoot;
    if (value === false) {
      explicitlyBad.push(containerName(c));
      explicitFindings.push(containerFinding(c, ref, 'securityContext.runAsNonRoot'));
    } else if (value !== true && !podRunAsNonRoot) {
      implicitlyBad.push(containerName(c));
      implicitFindings.push(containerFinding(c, ref, 'securityContext.runAsNonRoot'));
    }
  });

  if (explicitlyBad.length > 0) {
    badSetters.push(
      `${pluralize('container', 'containers', explicitlyBad.length)} ${joinQuote(explicitlyBad)}`,
    );
  }
  // The pod or containers explicitly set runAsNonRoot=false: only those are reported.
  if (badSetters.length > 0) {
    return forbidden(
      reason,
      `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      explicitFindings,
    );
  }
  // The pod did not set runAsNonRoot=true and not every container opted in.
  if (implicitlyBad.length > 0) {
    return forbidden(
      reason,
      `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      implicitFindings,
    );
  }
  return ALLOWED;
}
