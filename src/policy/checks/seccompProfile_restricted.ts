// Check "seccompProfile_restricted" (restricted): every container must run with a RuntimeDefault or
// Localhost seccomp profile, its own or the pod's (upstream policy/check_seccompProfile_restricted.go).
import { LevelRestricted, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult } from '../check.js';
import { ALLOWED, forbidden, joinQuote, pluralize } from '../helpers.js';
import {
  explicitSeccompViolation,
  scanSeccompProfiles,
  seccompProfileBaselineID,
} from './seccompProfile_baseline.js';

/**
 * Seccomp profiles must be specified, and only runtime default and localhost profiles are allowed.
 *
 * v1.19+:
 * Restricted Fields:
 *   spec.securityContext.seccompProfile.type
 *   spec.containers[*].securityContext.seccompProfile.type
 *   spec.initContainers[*].securityContext.seccompProfile.type
 *   spec.ephemeralContainers[*].securityContext.seccompProfile.type
 *
 * Allowed Values: 'RuntimeDefault', 'Localhost'
 * Note: container-level fields may be undefined if pod-level field is specified.
 *
 * v1.25+: pods with spec.os.name "windows" are exempt (the API rejects seccompProfile on them).
 */
export const seccompProfile_restricted = defineCheck({
  id: 'seccompProfile_restricted',
  level: LevelRestricted,
  versions: [
    {
      minimumVersion: MajorMinorVersion(1, 19),
      checkPod: seccompProfile_restricted_1_19,
      overrideCheckIDs: [seccompProfileBaselineID],
    },
    {
      minimumVersion: MajorMinorVersion(1, 25),
      checkPod: seccompProfile_restricted_1_25,
      overrideCheckIDs: [seccompProfileBaselineID],
    },
  ],
});

/** Explicit bad types first; otherwise every container not covered by a valid pod profile. */
export function seccompProfile_restricted_1_19(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const scan = scanSeccompProfiles(podSpec);
  const explicit = explicitSeccompViolation(scan);
  if (explicit) return explicit;
  if (scan.podSet || scan.unsetContainers.length === 0) return ALLOWED;
  const n = scan.unsetContainers.length;
  return forbidden(
    'seccompProfile',
    `pod or ${pluralize('container', 'containers', n)} ${joinQuote(scan.unsetContainers)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    scan.unsetFindings,
  );
}

/** Windows pods (spec.os.name "windows") need no seccomp profile from v1.25. */
export function seccompProfile_restricted_1_25(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  if (podSpec.os?.name === 'windows') return ALLOWED;
  return seccompProfile_restricted_1_19(podMetadata, podSpec);
}
