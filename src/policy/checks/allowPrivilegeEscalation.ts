// Check "allowPrivilegeEscalation" (restricted): containers must set allowPrivilegeEscalation=false
// (upstream policy/check_allowPrivilegeEscalation.go).
import { LevelRestricted, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, joinQuote, pluralize } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.allowPrivilegeEscalation
 *   spec.initContainers[*].securityContext.allowPrivilegeEscalation
 *   spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation
 *
 * Allowed values: false
 */
export const allowPrivilegeEscalation = defineCheck({
  id: 'allowPrivilegeEscalation',
  level: LevelRestricted,
  versions: [
    // The field was added in 1.8.
    { minimumVersion: MajorMinorVersion(1, 8), checkPod: allowPrivilegeEscalation_1_8 },
    // From 1.25, Windows pods (spec.os.name=windows) are exempt.
    { minimumVersion: MajorMinorVersion(1, 25), checkPod: allowPrivilegeEscalation_1_25 },
  ],
});

export function allowPrivilegeEscalation_1_8(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const bad: string[] = [];
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    // Unset (or null) counts as true: only an explicit false is allowed.
    if (c.securityContext?.allowPrivilegeEscalation !== false) {
      bad.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.allowPrivilegeEscalation'));
    }
  });
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    findings,
  );
}

export function allowPrivilegeEscalation_1_25(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  // API validation rejects Windows pods that set allowPrivilegeEscalation, so they are admitted unset.
  if (podSpec.os?.name === 'windows') return ALLOWED;
  return allowPrivilegeEscalation_1_8(podMetadata, podSpec);
}
