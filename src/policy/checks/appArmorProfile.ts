// Check "appArmorProfile" (baseline): AppArmor profiles may not be overridden or disabled
// (upstream policy/check_appArmorProfile.go).
import {
  goQuote,
  LevelBaseline,
  MajorMinorVersion,
  type AppArmorProfile,
  type ObjectMeta,
  type PodSpec,
} from '../../api/index.js';
import { defineCheck, type CheckResult, type Finding } from '../check.js';
import {
  ALLOWED,
  containerFinding,
  forbidden,
  goSorted,
  joinQuote,
  pluralize,
  podFinding,
} from '../helpers.js';
import { containerName, visitContainers } from '../visitor.js';

/**
 * On supported hosts, the 'runtime/default' AppArmor profile is applied by default. The baseline policy
 * should prevent overriding or disabling the default AppArmor profile, or restrict overrides to an
 * allowed set of profiles.
 *
 * Restricted fields:
 *   metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']
 *
 * Allowed values: 'runtime/default', 'localhost/*', empty, undefined
 *
 * Restricted fields:
 *   spec.securityContext.appArmorProfile.type
 *   spec.containers[*].securityContext.appArmorProfile.type
 *   spec.initContainers[*].securityContext.appArmorProfile.type
 *   spec.ephemeralContainers[*].securityContext.appArmorProfile.type
 *
 * Allowed values: 'RuntimeDefault', 'Localhost', undefined
 */
export const appArmorProfile = defineCheck({
  id: 'appArmorProfile',
  level: LevelBaseline,
  versions: [{ minimumVersion: MajorMinorVersion(1, 0), checkPod: appArmorProfile_1_0 }],
});

const annotationKeyPrefix = 'container.apparmor.security.beta.kubernetes.io/';
const annotationProfileRuntimeDefault = 'runtime/default';
const annotationProfileNamePrefix = 'localhost/';

function allowedAnnotationValue(profile: string): boolean {
  return (
    profile.length === 0 ||
    profile === annotationProfileRuntimeDefault ||
    profile.startsWith(annotationProfileNamePrefix)
  );
}

function allowedProfileType(profile: string): boolean {
  return profile === 'RuntimeDefault' || profile === 'Localhost';
}

/** The profile type as Go reads it ("" when unset), or undefined when the profile is fine or absent. */
function badProfileType(profile: AppArmorProfile | null | undefined): string | undefined {
  if (profile === null || profile === undefined) return undefined;
  const type = profile.type ?? '';
  return allowedProfileType(type) ? undefined : type;
}

export function appArmorProfile_1_0(
  podMetadata: ObjectMeta | null | undefined,
  podSpec: PodSpec,
): CheckResult {
  const badSetters: string[] = []; // things that explicitly set appArmorProfile.type to a bad value
  const badValues = new Set<string>();
  const findings: Finding[] = [];

  const podType = badProfileType(podSpec.securityContext?.appArmorProfile);
  if (podType !== undefined) {
    badSetters.push('pod');
    badValues.add(podType);
    findings.push(podFinding('spec.securityContext.appArmorProfile.type'));
  }

  const badContainers: string[] = [];
  visitContainers(podSpec, (c, ref) => {
    const type = badProfileType(c.securityContext?.appArmorProfile);
    if (type === undefined) return;
    badContainers.push(containerName(c));
    badValues.add(type);
    findings.push(containerFinding(c, ref, 'securityContext.appArmorProfile.type'));
  });
  if (badContainers.length > 0) {
    badSetters.push(
      `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`,
    );
  }

  const badValueList = goSorted(badValues);
  const annotations = forbiddenAnnotations(podMetadata);
  if (annotations.length > 0) {
    for (const a of annotations) {
      badValueList.push(a.text);
      findings.push(podFinding(`metadata.annotations[${a.key}]`));
    }
    badSetters.push(pluralize('annotation', 'annotations', annotations.length));
  }

  if (badSetters.length === 0) return ALLOWED;
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValueList.length),
    `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
    findings,
  );
}

/** AppArmor annotations with forbidden values as `key="value"` (Go %q), sorted as Go's sort.Strings. */
function forbiddenAnnotations(podMetadata: ObjectMeta | null | undefined): { key: string; text: string }[] {
  const annotations = podMetadata?.annotations;
  if (annotations === null || annotations === undefined) return [];
  const keyByText = new Map<string, string>();
  for (const [key, raw] of Object.entries(annotations)) {
    // A null value decodes to "" in Go.
    const value = typeof raw === 'string' ? raw : '';
    if (key.startsWith(annotationKeyPrefix) && !allowedAnnotationValue(value)) {
      keyByText.set(`${key}=${goQuote(value)}`, key);
    }
  }
  return goSorted(keyByText.keys()).map((text) => ({ key: keyByText.get(text) ?? '', text }));
}
