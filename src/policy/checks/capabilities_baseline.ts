// Check "capabilities_baseline" (baseline): only capabilities from the default set may be added
// (upstream policy/check_capabilities_baseline.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckID, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, goSorted, joinQuote, pluralize } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/** Referenced by capabilities_restricted, which overrides this check. */
export const checkCapabilitiesBaselineID: CheckID = 'capabilities_baseline';

/**
 * Adding NET_RAW or capabilities beyond the default set must be disallowed.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.capabilities.add
 *   spec.initContainers[*].securityContext.capabilities.add
 *   spec.ephemeralContainers[*].securityContext.capabilities.add
 *
 * Allowed values:
 *   undefined / empty
 *   values from the default set "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE","FOWNER", "FSETID", "KILL", "MKNOD",
 *   "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"
 */
export const capabilities_baseline = defineCheck({
  id: checkCapabilitiesBaselineID,
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: capabilitiesBaseline_1_0 }],
});

const capabilities_allowed_1_0: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export function capabilitiesBaseline_1_0(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const bad: string[] = [];
  const nonDefault = new Set<string>();
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    let valid = true;
    // A null entry decodes to "" in Go, which is not in the default set.
    for (const cap of c.securityContext?.capabilities?.add ?? []) {
      if (!capabilities_allowed_1_0.has(cap ?? '')) {
        valid = false;
        nonDefault.add(cap ?? '');
      }
    }
    if (!valid) {
      bad.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.capabilities.add'));
    }
  });
  if (bad.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote(goSorted(nonDefault))} in securityContext.capabilities.add`,
    findings,
  );
}
