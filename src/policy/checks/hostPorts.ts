// Check "hostPorts" (baseline): containers must not bind host ports (upstream policy/check_hostPorts.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, joinQuote, pluralize } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * HostPort ports must be forbidden.
 *
 * Restricted Fields:
 *   spec.containers[*].ports[*].hostPort
 *   spec.initContainers[*].ports[*].hostPort
 *   spec.ephemeralContainers[*].ports[*].hostPort
 *
 * Allowed Values: undefined/0
 */
export const hostPorts = defineCheck({
  id: 'hostPorts',
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: hostPorts_1_0 }],
});

export function hostPorts_1_0(_podMetadata: ObjectMeta | null | undefined, podSpec: PodSpec): CheckResult {
  const badContainers: string[] = [];
  const forbiddenHostPorts = new Set<string>();
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    let valid = true;
    (c.ports ?? []).forEach((port, i) => {
      const hostPort = port?.hostPort;
      // null and absent decode to Go's 0, which is allowed.
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      valid = false;
      forbiddenHostPorts.add(String(hostPort));
      findings.push(containerFinding(c, ref, `ports[${i}].hostPort`));
    });
    if (!valid) badContainers.push(containerName(c));
  });
  if (badContainers.length === 0) return ALLOWED;
  // Upstream lists the ports from a string set: unique, sorted as strings ("10" < "9").
  const ports = [...forbiddenHostPorts].sort();
  return forbidden(
    'hostPort',
    `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)} ` +
      `${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
    findings,
  );
}
