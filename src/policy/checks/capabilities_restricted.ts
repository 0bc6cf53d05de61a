// Check "capabilities_restricted" (restricted): containers must drop ALL capabilities and may only add
// NET_BIND_SERVICE (upstream policy/check_capabilities_restricted.go).
import { LevelRestricted, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, goSorted, joinQuote, pluralize } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';
import { checkCapabilitiesBaselineID } from './capabilities_baseline.js';

const capabilityAll = 'ALL';
const capabilityNetBindService = 'NET_BIND_SERVICE';

/**
 * Containers must drop ALL, and may only add NET_BIND_SERVICE.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.capabilities.drop
 *   spec.initContainers[*].securityContext.capabilities.drop
 *   spec.ephemeralContainers[*].securityContext.capabilities.drop
 *
 * Allowed values: must include "ALL"
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.capabilities.add
 *   spec.initContainers[*].securityContext.capabilities.add
 *   spec.ephemeralContainers[*].securityContext.capabilities.add
 *
 * Allowed values:
 *   undefined / empty
 *   "NET_BIND_SERVICE"
 */
export const capabilities_restricted = defineCheck({
  id: 'capabilities_restricted',
  level: LevelRestricted,
  versions: [
    {
      minimumVersion: MajorMinorVersion(1, 22),
      checkPod: capabilitiesRestricted_1_22,
      overrideCheckIDs: [checkCapabilitiesBaselineID],
    },
    // From 1.25, Windows pods (spec.os.name=windows) are exempt.
    {
      minimumVersion: MajorMinorVersion(1, 25),
      checkPod: capabilitiesRestricted_1_25,
      overrideCheckIDs: [checkCapabilitiesBaselineID],
    },
  ],
});

export function capabilitiesRestricted_1_22(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities = new Set<string>();
  const findings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    const caps = c.securityContext?.capabilities;
    if (!caps?.drop?.includes(capabilityAll)) {
      missingDropAll.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.capabilities.drop'));
    }
    // A null entry decodes to "" in Go, which is not NET_BIND_SERVICE.
    const added = (caps?.add ?? []).map((cap) => cap ?? '').filter((cap) => cap !== capabilityNetBindService);
    if (added.length > 0) {
      for (const cap of added) forbiddenCapabilities.add(cap);
      addingForbidden.push(containerName(c));
      findings.push(containerFinding(c, ref, 'securityContext.capabilities.add'));
    }
  });
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(
      `${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`,
    );
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include ${joinQuote(goSorted(forbiddenCapabilities))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return ALLOWED;
  return forbidden('unrestricted capabilities', details.join('; '), findings);
}

export function capabilitiesRestricted_1_25(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  // API validation rejects Windows pods that set capabilities, so they are admitted without them.
  if (podSpec.os?.name === 'windows') return ALLOWED;
  return capabilitiesRestricted_1_22(podMetadata, podSpec);
}
