// Check "runAsUser" (restricted): the pod and its containers must not run as UID 0
// (upstream policy/check_runAsUser.go).
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
 * Containers must not set runAsUser: 0
 * unless the pod is in a user namespace ("hostUsers: false").
 *
 * Restricted Fields:
 *   spec.securityContext.runAsUser
 *   spec.containers[*].securityContext.runAsUser
 *   spec.initContainers[*].securityContext.runAsUser
 *   spec.ephemeralContainers[*].securityContext.runAsUser
 *
 * Allowed Values:
 *   non-zero values
 *   undefined/null
 *   any value if "hostUsers" is false (policy v1.35+)
 */
export const runAsUser = defineCheck({
  id: 'runAsUser',
  level: LevelRestricted,
  versions: [
    { minimumVersion: MajorMinorVersion(1, 23), checkPod: runAsUser_1_23 },
    { minimumVersion: MajorMinorVersion(1, 35), checkPod: runAsUser_1_35 },
  ],
});

/**
 * From v1.35 a pod in a user namespace (hostUsers: false) may set any runAsUser. Upstream's v1.23
 * policy gated this relaxation on a perma-alpha feature gate; it now applies from v1.35 only (KEP-127).
 */
export function runAsUser_1_35(podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  if (relaxPolicyForUserNamespacePod(podSpec)) return ALLOWED;
  return runAsUser_1_23(podMetadata, podSpec);
}

/** Forbids an explicit runAsUser: 0 on the pod or any container; unset is allowed. */
export function runAsUser_1_23(_podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  const badSetters: string[] = [];
  const findings: Finding[] = [];
  if (podSpec.securityContext?.runAsUser === 0) {
    badSetters.push('pod');
    findings.push(podFinding('spec.securityContext.runAsUser'));
  }

  const badContainers: string[] = [];
  visitContainers(podSpec, (c, ref) => {
    if (c.securityContext?.runAsUser === 0) {
      badContainers.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.runAsUser'));
    }
  });
  if (badContainers.length > 0) {
    badSetters.push(
      `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`,
    );
  }

  if (badSetters.length === 0) return ALLOWED;
  return forbidden('runAsUser=0', `${badSetters.join(' and ')} must not set runAsUser=0`, findings);
}
