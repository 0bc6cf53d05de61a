// Historical rewordings of upstream Pod Security messages. psa-ephemeral words every message as
// upstream does today; a compared API server older than a rewording still answers the old text.
// Each entry turns exactly the new text of one check back into the old one, and applies only when
// the compared server's version predates the upstream release that first shipped the change.
// Verified in k8s.io/pod-security-admission's history (the commit, and the first v0.N.0 tag,
// i.e. Kubernetes v1.N, that contains it).

export interface Rewording {
  /** The check whose message changed. */
  readonly check: string;
  /** The upstream k8s.io/pod-security-admission commit (abbreviated). */
  readonly commit: string;
  /** The first Kubernetes minor version that answers the new text. */
  readonly firstMinor: number;
  /** What changed, for reports. */
  readonly change: string;
  /** Rewrites every occurrence of the new text into the old one; other text is left as it is. */
  readonly toOld: (text: string) => string;
}

/**
 * seLinuxOptions with only user or role set (no forbidden type): before 01922af the detail named
 * nothing, e.g. `seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: )`.
 */
function seLinuxUserRoleToOld(text: string): string {
  return text.replace(
    /(set forbidden securityContext\.seLinuxOptions: )(?:user may not be set(?:; role may not be set)?|role may not be set)(?=\))/g,
    '$1',
  );
}

/**
 * AppArmor annotations: before 32ef468 the detail was the sorted `key="value"` list joined by
 * ", ", e.g. `forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/a="unconfined")`;
 * now `annotation must not set AppArmor profile type to "<the same items, quoted>"`. Only the
 * annotation-only form is rewritten: the profile-type fields did not exist before.
 */
function appArmorAnnotationsToOld(text: string): string {
  return text.replace(
    /\((?:annotation|annotations) must not set AppArmor profile type to "(.*?)"\)(?=, |$)/g,
    (_match, items: string) => `(${items.split('", "').join(', ')})`,
  );
}

export const rewordings: readonly Rewording[] = [
  {
    check: 'seLinuxOptions',
    commit: '01922af',
    firstMinor: 26,
    change: 'the detail names "user may not be set" / "role may not be set" when no type is forbidden',
    toOld: seLinuxUserRoleToOld,
  },
  {
    check: 'appArmorProfile',
    commit: '32ef468',
    firstMinor: 30,
    change: 'the annotation detail reads "annotation(s) must not set AppArmor profile type to ..."',
    toOld: appArmorAnnotationsToOld,
  },
];

/** The rewordings a server of this minor version predates. */
export function rewordingsBefore(minor: number, table: readonly Rewording[] = rewordings): Rewording[] {
  return table.filter((r) => minor < r.firstMinor);
}
