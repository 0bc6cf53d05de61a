// Check "procMount" (baseline): containers must keep the default /proc masks, unless (1.35+) the pod runs
// in a user namespace (upstream policy/check_procMount_baseline.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import {
  ALLOWED,
  containerFinding,
  forbidden,
  goSorted,
  joinQuote,
  pluralize,
  relaxPolicyForUserNamespacePod,
} from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * The default /proc masks are set up to reduce attack surface, and should be required
 * by the baseline policy unless the pod is in a user namespace ("hostUsers: false").
 *
 * Restricted Fields:
 *   spec.containers[*].securityContext.procMount
 *   spec.initContainers[*].securityContext.procMount
 *   spec.ephemeralContainers[*].securityContext.procMount
 *
 * Allowed Values: undefined/null, "Default" (or any value if "hostUsers" is false)
 */
export const procMount = defineCheck({
  id: 'procMount',
  level: LevelBaseline,
  versions: [
    { minimumVersion: MajorMinorVersion(1, 0), checkPod: procMount_1_0 },
    { minimumVersion: MajorMinorVersion(1, 35), checkPod: procMount1_35baseline },
  ],
});

const DefaultProcMount = 'Default';

/** Blocks any procMount other than "Default", unconditionally. */
export function procMount_1_0(_podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  const badContainers: string[] = [];
  const forbiddenProcMountTypes = new Set<string>();
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    const value = c.securityContext?.procMount;
    // Unset (absent or null) is allowed; any set value, even "", must be "Default".
    if (typeof value !== 'string' || value === DefaultProcMount) return;
    badContainers.push(containerName(c));
    forbiddenProcMountTypes.add(value);
    findings.push(containerFinding(c, ref, 'securityContext.procMount'));
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    'procMount',
    `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)} ` +
      `must not set securityContext.procMount to ${joinQuote(goSorted(forbiddenProcMountTypes))}`,
    findings,
  );
}

/** Like procMount_1_0, but allows any value when the pod is in a user namespace. */
export function procMount1_35baseline(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  if (relaxPolicyForUserNamespacePod(podSpec)) return ALLOWED;
  return procMount_1_0(podMetadata, podSpec);
}
