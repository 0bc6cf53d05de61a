// Check "privileged" (baseline): privileged containers are forbidden (upstream policy/check_privileged.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, joinQuote, pluralize } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * Privileged Pods disable most security mechanisms and must be disallowed.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.privileged
 *   spec.initContainers[*].securityContext.privileged
 *   spec.ephemeralContainers[*].securityContext.privileged
 *
 * Allowed values: false, undefined/null
 */
export const privileged = defineCheck({
  id: 'privileged',
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: privileged_1_0 }],
});

export function privileged_1_0(_podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  const bad: string[] = [];
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    if (c.securityContext?.privileged === true) {
      bad.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.privileged'));
    }
  });
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'privileged',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`,
    findings,
  );
}
