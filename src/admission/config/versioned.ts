// The PodSecurityConfiguration schema shared by every served version (upstream admission/api/v1,
// v1beta1, v1alpha1 types.go and defaults.go, identical but for the apiVersion): strict decoding,
// upstream defaults, and the extension's ephemeral-* keys (no default).
import { z } from 'zod';
import { LevelPrivileged, VersionLatest } from '../../api/index.js';
import { defaultedString, optionalString, stringList, struct, withoutUndefined } from './schema.js';
import { GroupName, Kind, type PodSecurityConfiguration as Internal } from './types.js';

export type ServedVersion = 'v1' | 'v1beta1' | 'v1alpha1';

const PodSecurityDefaultsSchema = z.strictObject({
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

const PodSecurityExemptionsSchema = z.strictObject({
  usernames: stringList(),
  namespaces: stringList(),
  runtimeClasses: stringList(),
});

function configurationSchema(apiVersion: string) {
  return z.strictObject({
    apiVersion: z.literal(apiVersion),
    kind: z.literal(Kind),
    defaults: struct(PodSecurityDefaultsSchema),
    exemptions: struct(PodSecurityExemptionsSchema),
  });
}

/** A decoded, defaulted external object of any served version. */
export type ExternalConfiguration = z.output<ReturnType<typeof configurationSchema>>;

/** Go: Convert_<version>_PodSecurityConfiguration_To_api_PodSecurityConfiguration. */
function toInternal(c: ExternalConfiguration): Internal {
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

/** The schemas and conversion of one served version. */
export function servedVersion(version: ServedVersion) {
  const APIVersion = `${GroupName}/${version}`;
  return {
    APIVersion,
    PodSecurityDefaultsSchema,
    PodSecurityExemptionsSchema,
    PodSecurityConfigurationSchema: configurationSchema(APIVersion),
    toInternal,
  } as const;
}
