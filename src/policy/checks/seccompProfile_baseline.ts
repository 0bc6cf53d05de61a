// Check "seccompProfile_baseline" (baseline): seccomp profiles, when set, must be RuntimeDefault or
// Localhost (upstream policy/check_seccompProfile_baseline.go); also the field scan shared with
// seccompProfile_restricted.
import { goQuote, LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import {
  ALLOWED,
  containerFinding,
  forbidden,
  goSortedSet,
  joinQuote,
  pluralize,
  podFinding,
} from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

export const seccompProfileBaselineID = 'seccompProfile_baseline';

export const annotationKeyPod = 'seccomp.security.alpha.kubernetes.io/pod';
export const annotationKeyContainerPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

/**
 * If seccomp profiles are specified, only runtime default and localhost profiles are allowed.
 *
 * v1.0 - v1.18:
 * Restricted Fields:
 *   metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']
 *   metadata.annotations['container.seccomp.security.alpha.kubernetes.io/*']
 *   (* is the name of any container, init container or ephemeral container)
 *
 * Allowed Values: 'runtime/default', 'docker/default', 'localhost/*', undefined
 *
 * v1.19+:
 * Restricted Fields:
 *   spec.securityContext.seccompProfile.type
 *   spec.containers[*].securityContext.seccompProfile.type
 *   spec.initContainers[*].securityContext.seccompProfile.type
 *   spec.ephemeralContainers[*].securityContext.seccompProfile.type
 *
 * Allowed Values: 'RuntimeDefault', 'Localhost', undefined
 */
export const seccompProfile_baseline = defineCheck({
  id: seccompProfileBaselineID,
  level: LevelBaseline,
  versions: [
    { minimumVersion: MajorMinorVersion(1, 0), checkPod: seccompProfile_baseline_1_0 },
    { minimumVersion: MajorMinorVersion(1, 19), checkPod: seccompProfile_baseline_1_19 },
  ],
});

/** True for the seccompProfile.type values both levels allow. */
export function validSeccomp(type: string): boolean {
  return type === 'Localhost' || type === 'RuntimeDefault';
}

function validSeccompAnnotationValue(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

/** Checks the seccomp alpha annotations of the pod and of every container. */
export function seccompProfile_baseline_1_0(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const annotations = podMetadata?.annotations ?? {};
  const bad = new Set<string>();
  const findings: Finding[] = [];
  const check = (key: string, finding: Finding): void => {
    if (!Object.hasOwn(annotations, key)) return;
    const value = annotations[key] ?? '';
    if (validSeccompAnnotationValue(value)) return;
    bad.add(`${key}=${goQuote(value)}`);
    findings.push(finding);
  };

  check(annotationKeyPod, podFinding(annotationPath(annotationKeyPod)));
  visitContainers(podSpec, (c, ref) => {
    const key = annotationKeyContainerPrefix + containerName(c);
    check(key, { container: { name: containerName(c), kind: ref.kind }, path: annotationPath(key) });
  });

  if (bad.size === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', bad.size)} ${goSortedSet(bad).join(', ')}`,
    findings,
  );
}

/** Checks securityContext.seccompProfile.type of the pod and of every container. */
export function seccompProfile_baseline_1_19(
  _podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  return explicitSeccompViolation(scanSeccompProfiles(podSpec)) ?? ALLOWED;
}

function annotationPath(key: string): string {
  return `metadata.annotations[${key}]`;
}

/** What scanSeccompProfiles found: explicit bad values, and containers that set no profile. */
export interface SeccompScan {
  /** The pod sets a valid seccompProfile. */
  readonly podSet: boolean;
  /** "pod" if the pod sets a bad type; then the containers that do, e.g. `containers "c", "d"`. */
  readonly badSetters: readonly string[];
  /** The bad types, sorted and without duplicates ("" for an unset type). */
  readonly badValues: readonly string[];
  readonly badFindings: readonly Finding[];
  /** Containers without a seccompProfile of their own, in visiting order. */
  readonly unsetContainers: readonly string[];
  readonly unsetFindings: readonly Finding[];
}

export function scanSeccompProfiles(podSpec: PodSpec): SeccompScan {
  const badSetters: string[] = [];
  const badValues = new Set<string>();
  const badFindings: Finding[] = [];
  let podSet = false;
  const podProfile = podSpec.securityContext?.seccompProfile;
  if (podProfile) {
    const type = podProfile.type ?? '';
    podSet = validSeccomp(type);
    if (!podSet) {
      badSetters.push('pod');
      badValues.add(type);
      badFindings.push(podFinding('spec.securityContext.seccompProfile.type'));
    }
  }

  const badContainers: string[] = [];
  const unsetContainers: string[] = [];
  const unsetFindings: Finding[] = [];
  visitContainers(podSpec, (c, ref) => {
    const profile = c.securityContext?.seccompProfile;
    if (!profile) {
      unsetContainers.push(containerName(c));
      unsetFindings.push(containerFinding(c, ref, 'securityContext.seccompProfile.type'));
      return;
    }
    const type = profile.type ?? '';
    if (validSeccomp(type)) return;
    badContainers.push(containerName(c));
    badValues.add(type);
    badFindings.push(containerFinding(c, ref, 'securityContext.seccompProfile.type'));
  });
  if (badContainers.length > 0) {
    badSetters.push(
      `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`,
    );
  }
  return {
    podSet,
    badSetters,
    badValues: goSortedSet(badValues),
    badFindings,
    unsetContainers,
    unsetFindings,
  };
}

/** The result for explicitly set bad types, or undefined when there are none. */
export function explicitSeccompViolation(scan: SeccompScan): CheckResult | undefined {
  if (scan.badSetters.length === 0) return undefined;
  return forbidden(
    'seccompProfile',
    `${scan.badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(scan.badValues)}`,
    scan.badFindings,
  );
}
