// Pod Security levels, namespace label keys and audit annotation keys (upstream api/constants.go),
// plus the ephemeral-* label keys of the extension.

export type Level = 'privileged' | 'baseline' | 'restricted';

export const LevelPrivileged: Level = 'privileged';
export const LevelBaseline: Level = 'baseline';
export const LevelRestricted: Level = 'restricted';

export const validLevels: readonly Level[] = Object.freeze([LevelPrivileged, LevelBaseline, LevelRestricted]);

export const VersionLatest = 'latest';

export const labelPrefix = 'pod-security.kubernetes.io/';
export const AuditAnnotationPrefix = labelPrefix;

export const EnforceLevelLabel = `${labelPrefix}enforce`;
export const EnforceVersionLabel = `${labelPrefix}enforce-version`;
export const AuditLevelLabel = `${labelPrefix}audit`;
export const AuditVersionLabel = `${labelPrefix}audit-version`;
export const WarnLevelLabel = `${labelPrefix}warn`;
export const WarnVersionLabel = `${labelPrefix}warn-version`;

/** Extension: labels giving ephemeral containers their own policy per mode. */
export const EphemeralEnforceLevelLabel = `${labelPrefix}ephemeral-enforce`;
export const EphemeralEnforceVersionLabel = `${labelPrefix}ephemeral-enforce-version`;
export const EphemeralAuditLevelLabel = `${labelPrefix}ephemeral-audit`;
export const EphemeralAuditVersionLabel = `${labelPrefix}ephemeral-audit-version`;
export const EphemeralWarnLevelLabel = `${labelPrefix}ephemeral-warn`;
export const EphemeralWarnVersionLabel = `${labelPrefix}ephemeral-warn-version`;

export const ExemptionReasonAnnotationKey = 'exempt';
export const AuditViolationsAnnotationKey = 'audit-violations';
export const EnforcedPolicyAnnotationKey = 'enforce-policy';
/** Extension: annotation keys for the ephemeral view of a split evaluation. */
export const EphemeralAuditViolationsAnnotationKey = 'ephemeral-audit-violations';
export const EphemeralEnforcedPolicyAnnotationKey = 'ephemeral-enforce-policy';

export type Mode = 'enforce' | 'audit' | 'warn';
export const modes: readonly Mode[] = Object.freeze(['enforce', 'audit', 'warn']);

/** The level and version label keys of each mode, regular and ephemeral. */
export const modeLabels: Readonly<
  Record<Mode, { level: string; version: string; ephemeralLevel: string; ephemeralVersion: string }>
> = Object.freeze({
  enforce: {
    level: EnforceLevelLabel,
    version: EnforceVersionLabel,
    ephemeralLevel: EphemeralEnforceLevelLabel,
    ephemeralVersion: EphemeralEnforceVersionLabel,
  },
  audit: {
    level: AuditLevelLabel,
    version: AuditVersionLabel,
    ephemeralLevel: EphemeralAuditLevelLabel,
    ephemeralVersion: EphemeralAuditVersionLabel,
  },
  warn: {
    level: WarnLevelLabel,
    version: WarnVersionLabel,
    ephemeralLevel: EphemeralWarnLevelLabel,
    ephemeralVersion: EphemeralWarnVersionLabel,
  },
});
