// Check "procMount_restricted" (restricted, 1.35+): keeps the unconditional /proc mask requirement in the
// restricted profile once baseline relaxes it for user-namespace pods (upstream policy/check_procMount_restricted.go).
import { LevelRestricted, MajorMinorVersion } from '../../api/index.js';
import { defineCheck } from '../check.js';
import { procMount_1_0 } from './procMount.js';

/**
 * The default /proc masks are set up to reduce attack surface, and should be required by the restricted profile.
 *
 * Restricted Fields:
 *   spec.containers[*].securityContext.procMount
 *   spec.initContainers[*].securityContext.procMount
 *   spec.ephemeralContainers[*].securityContext.procMount
 *
 * Allowed Values: undefined/null, "Default"
 */
export const procMount_restricted = defineCheck({
  id: 'procMount_restricted',
  level: LevelRestricted,
  versions: [
    {
      // Before 1.35 the baseline "procMount" check blocked unmasked procMount unconditionally; from 1.35
      // baseline relaxes it for user-namespace pods, so restricted runs the unconditional block and
      // overrides the weaker baseline check.
      minimumVersion: MajorMinorVersion(1, 35),
      checkPod: procMount_1_0,
      overrideCheckIDs: ['procMount'],
    },
  ],
});
