// PodSecurityConfiguration of pod-security.admission.config.k8s.io/v1 (upstream admission/api/v1
// types.go, defaults.go): strict decoding, upstream defaults, the extension's ephemeral-* keys (no default).
import { z } from 'zod';
import { LevelPrivileged, VersionLatest } from '../../api/index.js';
import { defaultedString, optionalString, stringList, struct, withoutUndefined } from './schema.js';
import { GroupName, Kind, type PodSecurityConfiguration as Internal } from './types.js';

export const APIVersion = `${GroupName}/v1`;

/** Go: PodSecurityDefaults with SetDefaults_PodSecurityDefaults applied. */
export const PodSecurityDefaultsSchema = z.strictObject({
  enforce: defaultedString(LevelPrivileged),
  'enforce-version': defaultedString(VersionLatest),
  audit: defaultedString(LevelPrivileged),
  'audit-version': defaultedString(VersionLatest),
  warn: defaultedString(LevelPrivileged),
  'warn-version': defaultedString(VersionLatest),
  'ephemeral-enforce': optionalString(),
  'ephemeral-enforce-version': optionalString(),
  'ephemeral-audit': optionalString(),
  'ephemeral-audit-version': optionalString(),
  'ephemeral-warn': optionalString(),
  'ephemeral-warn-version': optionalString(),
});

export const PodSecurityExemptionsSchema = z.strictObject({
  usernames: stringList(),
  namespaces: stringList(),
  runtimeClasses: stringList(),
});

export const PodSecurityConfigurationSchema = z.strictObject({
  apiVersion: z.literal(APIVersion),
  kind: z.literal(Kind),
  defaults: struct(PodSecurityDefaultsSchema),
  exemptions: struct(PodSecurityExemptionsSchema),
});

/** The decoded, defaulted v1 object. */
export type PodSecurityConfiguration = z.output<typeof PodSecurityConfigurationSchema>;

/** Go: Convert_v1_PodSecurityConfiguration_To_api_PodSecurityConfiguration. */
export function toInternal(c: PodSecurityConfiguration): Internal {
  const d = c.defaults;
  const e = c.exemptions;
  return {
    defaults: withoutUndefined({
      enforce: d.enforce,
      enforceVersion: d['enforce-version'],
      audit: d.audit,
      auditVersion: d['audit-version'],
      warn: d.warn,
      warnVersion: d['warn-version'],
      ephemeralEnforce: d['ephemeral-enforce'],
      ephemeralEnforceVersion: d['ephemeral-enforce-version'],
      ephemeralAudit: d['ephemeral-audit'],
      ephemeralAuditVersion: d['ephemeral-audit-version'],
      ephemeralWarn: d['ephemeral-warn'],
      ephemeralWarnVersion: d['ephemeral-warn-version'],
    }),
    exemptions: {
      usernames: [...e.usernames],
      namespaces: [...e.namespaces],
      runtimeClasses: [...e.runtimeClasses],
    },
  };
}
