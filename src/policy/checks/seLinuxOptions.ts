// Check "seLinuxOptions" (baseline): SELinux type limited to container types, user and role unset
// (upstream policy/check_seLinuxOptions.go).
import {
  LevelBaseline,
  MajorMinorVersion,
  type ObjectMeta,
  type PodSpec,
  type SELinuxOptions,
} from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import { ALLOWED, containerFinding, forbidden, joinQuote, pluralize, podFinding } from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';
import { goSortedSet } from '../helpers.js';

/**
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role option is forbidden.
 *
 * Restricted Fields:
 *   spec.securityContext.seLinuxOptions.type
 *   spec.containers[*].securityContext.seLinuxOptions.type
 *   spec.initContainers[*].securityContext.seLinuxOptions.type
 *   spec.ephemeralContainers[*].securityContext.seLinuxOptions.type
 *
 * Allowed Values:
 *   undefined/empty
 *   container_t
 *   container_init_t
 *   container_kvm_t
 *   container_engine_t (policy v1.31+)
 *
 * Restricted Fields:
 *   spec.securityContext.seLinuxOptions.user
 *   spec.containers[*].securityContext.seLinuxOptions.user
 *   spec.initContainers[*].securityContext.seLinuxOptions.user
 *   spec.ephemeralContainers[*].securityContext.seLinuxOptions.user
 *   spec.securityContext.seLinuxOptions.role
 *   spec.containers[*].securityContext.seLinuxOptions.role
 *   spec.initContainers[*].securityContext.seLinuxOptions.role
 *   spec.ephemeralContainers[*].securityContext.seLinuxOptions.role
 *
 * Allowed Values: undefined/empty
 */
export const seLinuxOptions = defineCheck({
  id: 'seLinuxOptions',
  level: LevelBaseline,
  versions: [
    { minimumVersion: MajorMinorVersion(1, 0), checkPod: seLinuxOptions_1_0 },
    { minimumVersion: MajorMinorVersion(1, 31), checkPod: seLinuxOptions_1_31 },
  ],
});

const allowedTypes_1_0: ReadonlySet<string> = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);
const allowedTypes_1_31: ReadonlySet<string> = new Set([...allowedTypes_1_0, 'container_engine_t']);

export function seLinuxOptions_1_0(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  return checkSELinuxOptions(podMetadata, podSpec, allowedTypes_1_0);
}

/** v1.31 also allows the type container_engine_t. */
export function seLinuxOptions_1_31(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  return checkSELinuxOptions(podMetadata, podSpec, allowedTypes_1_31);
}

function checkSELinuxOptions(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
  allowedTypes: ReadonlySet<string>,
): CheckResult {
  const badTypes: string[] = [];
  const findings: Finding[] = [];
  let setUser = false;
  let setRole = false;
  /** Records what opts set wrongly; true if opts are valid. */
  const valid = (opts: SELinuxOptions, finding: (field: string) => Finding): boolean => {
    const type = opts.type ?? '';
    const badType = !allowedTypes.has(type);
    const badUser = (opts.user ?? '').length > 0;
    const badRole = (opts.role ?? '').length > 0;
    if (badType) badTypes.push(type);
    setUser ||= badUser;
    setRole ||= badRole;
    if (badType) findings.push(finding('type'));
    if (badUser) findings.push(finding('user'));
    if (badRole) findings.push(finding('role'));
    return !badType && !badUser && !badRole;
  };

  const badSetters: string[] = [];
  const podOpts = podSpec.securityContext?.seLinuxOptions;
  if (podOpts && !valid(podOpts, (f) => podFinding(`spec.securityContext.seLinuxOptions.${f}`))) {
    badSetters.push('pod');
  }
  const badContainers: string[] = [];
  visitContainers(podSpec, (c, ref) => {
    const opts = c.securityContext?.seLinuxOptions;
    if (opts && !valid(opts, (f) => containerFinding(c, ref, `securityContext.seLinuxOptions.${f}`))) {
      badContainers.push(containerName(c));
    }
  });
  if (badContainers.length > 0) {
    badSetters.push(
      `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`,
    );
  }
  if (badSetters.length === 0) return ALLOWED;

  const badData: string[] = [];
  const types = goSortedSet(badTypes);
  if (types.length > 0) badData.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  if (setUser) badData.push('user may not be set');
  if (setRole) badData.push('role may not be set');
  return forbidden(
    'seLinuxOptions',
    `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`,
    findings,
  );
}
