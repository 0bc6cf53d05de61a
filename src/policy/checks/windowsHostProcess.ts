// Check "windowsHostProcess" (baseline): Windows HostProcess pods and containers are forbidden
// (upstream policy/check_windowsHostProcess.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, joinQuote, pluralize, podFinding } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * Pod and containers must not set securityContext.windowsOptions.hostProcess to true.
 *
 * Restricted Fields:
 *   spec.securityContext.windowsOptions.hostProcess
 *   spec.containers[*].securityContext.windowsOptions.hostProcess
 *   spec.initContainers[*].securityContext.windowsOptions.hostProcess
 *   spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess
 *
 * Allowed Values: undefined / false
 */
export const windowsHostProcess = defineCheck({
  id: 'windowsHostProcess',
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: windowsHostProcess_1_0 }],
});

/** Findings list the pod first, then containers in visiting order, as the message does. */
export function windowsHostProcess_1_0(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const badSetters: string[] = [];
  const findings: Finding[] = [];
  if (podSpec.securityContext?.windowsOptions?.hostProcess === true) {
    badSetters.push('pod');
    findings.push(podFinding('spec.securityContext.windowsOptions.hostProcess'));
  }

  const badContainers: string[] = [];
  visitContainers(podSpec, (c, ref) => {
    if (c.securityContext?.windowsOptions?.hostProcess === true) {
      badContainers.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.windowsOptions.hostProcess'));
    }
  });
  if (badContainers.length > 0) {
    badSetters.push(
      `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`,
    );
  }

  if (badSetters.length === 0) return ALLOWED;
  return forbidden(
    'hostProcess',
    `${badSetters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    findings,
  );
}
