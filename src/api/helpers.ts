// Levels, LevelVersion, Policy and namespace label resolution (upstream api/helpers.go), byte for byte.
import {
  AuditLevelLabel,
  AuditVersionLabel,
  EnforceLevelLabel,
  EnforceVersionLabel,
  LevelPrivileged,
  LevelRestricted,
  validLevels,
  WarnLevelLabel,
  WarnVersionLabel,
  type Level,
} from './constants.js';
import { fieldInvalid, type FieldError } from './errors.js';
import { ParseVersion, versionEqual, versionString, type ParseResult, type Version } from './version.js';

export const levelParseError = `must be one of ${validLevels.join(', ')}`;

/** Returns the level to evaluate; anything else yields restricted (fail closed) and an error. */
export function ParseLevel(level: string): ParseResult<Level> {
  if (isValidLevel(level)) return { value: level };
  return { value: LevelRestricted, error: levelParseError };
}

export function isValidLevel(level: string): level is Level {
  return (validLevels as readonly string[]).includes(level);
}

export interface LevelVersion {
  readonly level: Level;
  readonly version: Version;
}

/** "baseline:v1.25"; also the key to use wherever Go keys a map by LevelVersion. */
export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${versionString(lv.version)}`;
}

export function levelVersionEqual(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && versionEqual(a.version, b.version);
}

/** Equivalent if both are privileged, or both level and version are equal. */
export function levelVersionEquivalent(a: LevelVersion, b: LevelVersion): boolean {
  return (a.level === LevelPrivileged && b.level === LevelPrivileged) || levelVersionEqual(a, b);
}

export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

export function policyEquivalent(a: Policy, b: Policy): boolean {
  return (
    levelVersionEquivalent(a.enforce, b.enforce) &&
    levelVersionEquivalent(a.audit, b.audit) &&
    levelVersionEquivalent(a.warn, b.warn)
  );
}

export function policyFullyPrivileged(p: Policy): boolean {
  return (
    p.enforce.level === LevelPrivileged &&
    p.audit.level === LevelPrivileged &&
    p.warn.level === LevelPrivileged
  );
}

/** Compares levels by strictness: 0 if equal, -1 if a is less strict than b, +1 if stricter. */
export function CompareLevels(a: Level, b: Level): number {
  if (a === b) return 0;
  if (a === 'privileged') return -1;
  if (a === 'restricted') return 1;
  if (b === 'privileged') return 1;
  if (b === 'restricted') return -1;
  return 0;
}

export type Labels = Readonly<Record<string, string>>;

export function labelPath(label: string): string {
  return `metadata.labels[${label}]`;
}

function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** Reads a label only if present as an own string property (a null value counts as absent). */
export function getLabel(labels: Labels, key: string): string | undefined {
  if (!hasLabel(labels, key)) return undefined;
  const v = labels[key];
  return typeof v === 'string' ? v : undefined;
}

export interface ParsedLabel<T> {
  readonly present: boolean;
  readonly valid: boolean;
  readonly value?: T;
}

/** Parses a level label; failValue is what an invalid value evaluates as (fail closed or open). */
export function parseLevelLabel(
  labels: Labels,
  key: string,
  failValue: Level,
  errs: FieldError[],
): ParsedLabel<Level> {
  const raw = getLabel(labels, key);
  if (raw === undefined) return { present: false, valid: false };
  const r = ParseLevel(raw);
  if (r.error === undefined) return { present: true, valid: true, value: r.value };
  errs.push(fieldInvalid(labelPath(key), raw, r.error));
  return { present: true, valid: false, value: failValue };
}

export function parseVersionLabel(labels: Labels, key: string, errs: FieldError[]): ParsedLabel<Version> {
  const raw = getLabel(labels, key);
  if (raw === undefined) return { present: false, valid: false };
  const r = ParseVersion(raw);
  if (r.error !== undefined) errs.push(fieldInvalid(labelPath(key), raw, r.error));
  return { present: true, valid: r.error === undefined, value: r.value };
}

/**
 * Extension (provenance, for `explain`): which step of the resolution supplied a level or version.
 * `label` is the mode's label, `ephemeral-label` its ephemeral-* label, `default` and
 * `ephemeral-default` the configuration's defaults, `warn-defaulting` the enforce level (and version)
 * copied into warn. `invalid`: the label's value was invalid and evaluates as its fail value (enforce
 * restricted, audit and warn privileged, versions latest).
 */
export type SourceStep = 'ephemeral-label' | 'label' | 'ephemeral-default' | 'default' | 'warn-defaulting';

export interface ValueSource {
  readonly step: SourceStep;
  readonly invalid: boolean;
}

/** Shared, frozen sources: resolution records where a value came from without allocating. */
export const sources = Object.freeze({
  ephemeralLabel: Object.freeze({ step: 'ephemeral-label', invalid: false }),
  invalidEphemeralLabel: Object.freeze({ step: 'ephemeral-label', invalid: true }),
  label: Object.freeze({ step: 'label', invalid: false }),
  invalidLabel: Object.freeze({ step: 'label', invalid: true }),
  ephemeralDefault: Object.freeze({ step: 'ephemeral-default', invalid: false }),
  default: Object.freeze({ step: 'default', invalid: false }),
  warnDefaulting: Object.freeze({ step: 'warn-defaulting', invalid: false }),
} satisfies Record<string, ValueSource>);

export interface LevelVersionSources {
  readonly level: ValueSource;
  readonly version: ValueSource;
}

export interface PolicySources {
  readonly enforce: LevelVersionSources;
  readonly audit: LevelVersionSources;
  readonly warn: LevelVersionSources;
}

const defaultSources: LevelVersionSources = Object.freeze({
  level: sources.default,
  version: sources.default,
});
const allDefaultSources: PolicySources = Object.freeze({
  enforce: defaultSources,
  audit: defaultSources,
  warn: defaultSources,
});

/** Where a parsed label's value came from: the label (valid or not), else the default. */
export function labelSource(parsed: ParsedLabel<unknown>): ValueSource {
  if (!parsed.present) return sources.default;
  return parsed.valid ? sources.label : sources.invalidLabel;
}

function modeSources(level: ParsedLabel<Level>, version: ParsedLabel<Version>): LevelVersionSources {
  return { level: labelSource(level), version: labelSource(version) };
}

/**
 * Resolves the PodSecurity namespace labels to the policy for the namespace, falling back to the
 * defaults when a label is unspecified. A valid policy is always returned, even with errors.
 */
export function PolicyToEvaluate(labels: Labels | undefined | null, defaults: Policy): PolicyResult {
  if (labels === undefined || labels === null || Object.keys(labels).length === 0) {
    return { policy: defaults, errors: [], sources: allDefaultSources };
  }
  const errs: FieldError[] = [];
  const enforceLevel = parseLevelLabel(labels, EnforceLevelLabel, LevelRestricted, errs); // Fail closed.
  const enforceVersion = parseVersionLabel(labels, EnforceVersionLabel, errs);
  const auditLevel = parseLevelLabel(labels, AuditLevelLabel, LevelPrivileged, errs); // Fail open for audit.
  const auditVersion = parseVersionLabel(labels, AuditVersionLabel, errs);
  const warnLevel = parseLevelLabel(labels, WarnLevelLabel, LevelPrivileged, errs); // Fail open for warn.
  const warnVersion = parseVersionLabel(labels, WarnVersionLabel, errs);

  const enforce = {
    level: enforceLevel.value ?? defaults.enforce.level,
    version: enforceVersion.value ?? defaults.enforce.version,
  };
  let warn = {
    level: warnLevel.value ?? defaults.warn.level,
    version: warnVersion.value ?? defaults.warn.version,
  };
  let warnSources = modeSources(warnLevel, warnVersion);
  // Default warn to the enforce level when explicitly set to a more restrictive level.
  if (!warnLevel.present && enforceLevel.valid && CompareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: warnVersion.present ? warn.version : enforce.version };
    warnSources = {
      level: sources.warnDefaulting,
      version: warnVersion.present ? warnSources.version : sources.warnDefaulting,
    };
  }
  const audit = {
    level: auditLevel.value ?? defaults.audit.level,
    version: auditVersion.value ?? defaults.audit.version,
  };
  return {
    policy: { enforce, audit, warn },
    errors: errs,
    sources: {
      enforce: modeSources(enforceLevel, enforceVersion),
      audit: modeSources(auditLevel, auditVersion),
      warn: warnSources,
    },
  };
}

export interface PolicyResult {
  readonly policy: Policy;
  readonly errors: readonly FieldError[];
  /** Extension: where each level and version came from (see SourceStep). */
  readonly sources: PolicySources;
}
