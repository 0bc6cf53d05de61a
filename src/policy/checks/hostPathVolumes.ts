// Check "hostPathVolumes" (baseline): hostPath volumes are forbidden (upstream policy/check_hostPathVolumes.go).
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckID, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, forbidden, joinQuote, pluralize, podFinding } from '../helpers.js';

/** Referenced by restricted checks that override this one (upstream checkHostPathVolumesID). */
export const checkHostPathVolumesID: CheckID = 'hostPathVolumes';

/**
 * HostPath volumes must be forbidden.
 *
 * Restricted fields:
 *   spec.volumes[*].hostPath
 *
 * Allowed values: undefined/null
 *
 * Volumes are pod-level: any container, spec.ephemeralContainers[*] included, can mount them, so they
 * count for the ephemeral view of a pod too.
 */
export const hostPathVolumes = defineCheck({
  id: checkHostPathVolumesID,
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: hostPathVolumes_1_0 }],
});

export function hostPathVolumes_1_0(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const names: string[] = [];
  const findings: Finding[] = [];
  (podSpec.volumes ?? []).forEach((volume, i) => {
    // A null entry decodes to an empty volume in Go; a null hostPath is unset.
    if (volume?.hostPath === undefined || volume.hostPath === null) return;
    names.push(typeof volume.name === 'string' ? volume.name : '');
    findings.push(podFinding(`spec.volumes[${i}].hostPath`));
  });
  if (names.length === 0) return ALLOWED;
  return forbidden(
    'hostPath volumes',
    `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    findings,
  );
}
