// The internal (version-independent) PodSecurityConfiguration and its conversion to the default
// policies (upstream admission/api types.go and helpers.go ToPolicy), plus the ephemeral-* defaults.
import {
  LatestVersion,
  LevelPrivileged,
  ParseLevel,
  ParseVersion,
  type EphemeralDefaults,
  type Level,
  type LevelVersion,
  type Policy,
  type Version,
} from '../../api/index.js';
import { ConfigError } from './fielderrors.js';

export const GroupName = 'pod-security.admission.config.k8s.io';
export const Kind = 'PodSecurityConfiguration';

export interface PodSecurityDefaults {
  readonly enforce: string;
  readonly enforceVersion: string;
  readonly audit: string;
  readonly auditVersion: string;
  readonly warn: string;
  readonly warnVersion: string;
  /** Extension: no default; undefined (or "", as an unset Go string) means "fall through". */
  readonly ephemeralEnforce?: string;
  readonly ephemeralEnforceVersion?: string;
  readonly ephemeralAudit?: string;
  readonly ephemeralAuditVersion?: string;
  readonly ephemeralWarn?: string;
  readonly ephemeralWarnVersion?: string;
}

export interface PodSecurityExemptions {
  readonly usernames: readonly string[];
  readonly namespaces: readonly string[];
  readonly runtimeClasses: readonly string[];
}

export interface PodSecurityConfiguration {
  readonly defaults: PodSecurityDefaults;
  readonly exemptions: PodSecurityExemptions;
}

/** The default policy and the ephemeral defaults a configuration gives. */
export interface ConfigPolicies {
  readonly policy: Policy;
  readonly ephemeral: EphemeralDefaults;
}

type Mode = 'enforce' | 'audit' | 'warn';
const modeOrder: readonly Mode[] = ['enforce', 'audit', 'warn'];
const ephemeralKeys = {
  enforce: { level: 'ephemeralEnforce', version: 'ephemeralEnforceVersion' },
  audit: { level: 'ephemeralAudit', version: 'ephemeralAuditVersion' },
  warn: { level: 'ephemeralWarn', version: 'ephemeralWarnVersion' },
} as const;

/** Go: appendErr: `<field>: <reason>`. */
function parseInto<T>(
  value: string,
  field: string,
  parse: (v: string) => { value: T; error?: string },
  errs: string[],
): T {
  const r = parse(value);
  if (r.error !== undefined) errs.push(`${field}: ${r.error}`);
  return r.value;
}

function regularMode(defaults: PodSecurityDefaults, mode: Mode, errs: string[]): LevelVersion {
  const levelValue = defaults[mode];
  const versionValue = defaults[`${mode}Version`];
  let level: Level = LevelPrivileged;
  let version: Version = LatestVersion();
  if (levelValue.length === 0) errs.push(`${mode}: required`);
  else level = parseInto(levelValue, mode, ParseLevel, errs);
  if (versionValue.length === 0) errs.push(`${mode}-version: required`);
  else version = parseInto(versionValue, `${mode}-version`, ParseVersion, errs);
  return { level, version };
}

function ephemeralMode(defaults: PodSecurityDefaults, mode: Mode, errs: string[]): EphemeralDefaults {
  const levelValue = defaults[ephemeralKeys[mode].level];
  const versionValue = defaults[ephemeralKeys[mode].version];
  const out: { -readonly [K in keyof EphemeralDefaults]: EphemeralDefaults[K] } = {};
  if (levelValue !== undefined && levelValue !== '') {
    out[mode] = parseInto(levelValue, `ephemeral-${mode}`, ParseLevel, errs);
  }
  if (versionValue !== undefined && versionValue !== '') {
    out[`${mode}Version`] = parseInto(versionValue, `ephemeral-${mode}-version`, ParseVersion, errs);
  }
  return out;
}

/**
 * Go: ToPolicy. Every regular key is required (`enforce: required`); invalid values give upstream's
 * parse errors (`audit-version: must be "latest" or "v1.x"`). The ephemeral keys are optional and
 * checked the same way when set. Throws a ConfigError aggregating every error, as Go returns them.
 */
export function toPolicy(defaults: PodSecurityDefaults): ConfigPolicies {
  const errs: string[] = [];
  const [enforce, audit, warn] = modeOrder.map((m) => regularMode(defaults, m, errs)) as [
    LevelVersion,
    LevelVersion,
    LevelVersion,
  ];
  const ephemeral = Object.assign(
    {},
    ...modeOrder.map((m) => ephemeralMode(defaults, m, errs)),
  ) as EphemeralDefaults;
  if (errs.length > 0) throw new ConfigError(undefined, errs);
  return { policy: { enforce, audit, warn }, ephemeral };
}
