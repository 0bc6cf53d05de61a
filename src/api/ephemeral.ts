// Extension: the ephemeral policy of a namespace, resolved per mode by the chain of
// docs/design.md section 2 (ephemeral label, label, ephemeral default, default).
import { LevelPrivileged, LevelRestricted, modeLabels, modes, type Level, type Mode } from './constants.js';
import type { FieldError } from './errors.js';
import {
  CompareLevels,
  getLabel,
  parseLevelLabel,
  parseVersionLabel,
  PolicyToEvaluate,
  policyFullyPrivileged,
  sources,
  type Labels,
  type LevelVersion,
  type LevelVersionSources,
  type Policy,
  type PolicySources,
  type ValueSource,
} from './helpers.js';
import type { Version } from './version.js';

/** Config defaults for ephemeral containers; unset means "fall through", never privileged. */
export interface EphemeralDefaults {
  readonly enforce?: Level;
  readonly enforceVersion?: Version;
  readonly audit?: Level;
  readonly auditVersion?: Version;
  readonly warn?: Level;
  readonly warnVersion?: Version;
}

/** The regular and the ephemeral policy of a namespace, with every label error found. */
export interface NamespacePolicies {
  readonly policy: Policy;
  readonly ephemeral: Policy;
  readonly errors: readonly FieldError[];
  /** Where each level and version came from, for `explain`; admission ignores them. */
  readonly sources: { readonly policy: PolicySources; readonly ephemeral: PolicySources };
}

/** What an invalid level label evaluates as: enforce fails closed, audit and warn fail open. */
const failLevel: Readonly<Record<Mode, Level>> = {
  enforce: LevelRestricted,
  audit: LevelPrivileged,
  warn: LevelPrivileged,
};

function versionDefaultKey(mode: Mode): 'enforceVersion' | 'auditVersion' | 'warnVersion' {
  return `${mode}Version`;
}

interface ModeResolution {
  lv: LevelVersion;
  sources: LevelVersionSources;
  /** The level came from a valid namespace label (step 1 or 2). */
  levelFromValidLabel: boolean;
  levelLabelSet: boolean;
  versionLabelSet: boolean;
}

function resolveMode(
  mode: Mode,
  labels: Labels,
  regular: Policy,
  regularSources: PolicySources,
  configDefaults: Policy,
  defaults: EphemeralDefaults,
  errs: FieldError[],
): ModeResolution {
  const keys = modeLabels[mode];
  const eLevel = parseLevelLabel(labels, keys.ephemeralLevel, failLevel[mode], errs);
  const eVersion = parseVersionLabel(labels, keys.ephemeralVersion, errs);
  const regularLevelRaw = getLabel(labels, keys.level);
  const regularLevelSet = regularLevelRaw !== undefined;
  const regularVersionSet = getLabel(labels, keys.version) !== undefined;

  let level: Level;
  let levelFromValidLabel: boolean;
  let levelSource: ValueSource;
  if (eLevel.present) {
    level = eLevel.value ?? failLevel[mode];
    levelFromValidLabel = eLevel.valid;
    levelSource = eLevel.valid ? sources.ephemeralLabel : sources.invalidEphemeralLabel;
  } else if (regularLevelSet) {
    level = regular[mode].level;
    levelFromValidLabel = regularLevelRaw === level;
    levelSource = levelFromValidLabel ? sources.label : sources.invalidLabel;
  } else {
    level = defaults[mode] ?? configDefaults[mode].level;
    levelFromValidLabel = false;
    levelSource = defaults[mode] === undefined ? sources.default : sources.ephemeralDefault;
  }
  let version: Version;
  let versionSource: ValueSource;
  if (eVersion.present && eVersion.value !== undefined) {
    version = eVersion.value;
    versionSource = eVersion.valid ? sources.ephemeralLabel : sources.invalidEphemeralLabel;
  } else if (regularVersionSet) {
    version = regular[mode].version;
    versionSource = regularSources[mode].version;
  } else {
    const ephemeralDefault = defaults[versionDefaultKey(mode)];
    version = ephemeralDefault ?? configDefaults[mode].version;
    versionSource = ephemeralDefault === undefined ? sources.default : sources.ephemeralDefault;
  }

  return {
    lv: { level, version },
    sources: { level: levelSource, version: versionSource },
    levelFromValidLabel,
    levelLabelSet: eLevel.present || regularLevelSet,
    versionLabelSet: eVersion.present || regularVersionSet,
  };
}

/**
 * Regular policy exactly as upstream's PolicyToEvaluate, plus the ephemeral policy. `regularDefaults`
 * is the config's defaulted policy; `ephemeralDefaults` the config's ephemeral-* keys (all optional).
 */
export function PoliciesToEvaluate(
  labels: Labels | undefined | null,
  regularDefaults: Policy,
  ephemeralDefaults: EphemeralDefaults = {},
): NamespacePolicies {
  const regular = PolicyToEvaluate(labels, regularDefaults);
  const nsLabels: Labels = labels ?? {};
  const ephemeralErrs: FieldError[] = [];
  const resolved = {} as Record<Mode, ModeResolution>;
  for (const mode of modes) {
    resolved[mode] = resolveMode(
      mode,
      nsLabels,
      regular.policy,
      regular.sources,
      regularDefaults,
      ephemeralDefaults,
      ephemeralErrs,
    );
  }
  const { enforce, audit, warn } = resolved;
  let warnLv = warn.lv;
  let warnSources = warn.sources;
  // Warn defaulting, mirroring upstream: a valid, stricter enforce label is copied into warn.
  if (
    !warn.levelLabelSet &&
    enforce.levelFromValidLabel &&
    CompareLevels(enforce.lv.level, warn.lv.level) > 0
  ) {
    warnLv = {
      level: enforce.lv.level,
      version: warn.versionLabelSet ? warn.lv.version : enforce.lv.version,
    };
    warnSources = {
      level: sources.warnDefaulting,
      version: warn.versionLabelSet ? warn.sources.version : sources.warnDefaulting,
    };
  }
  return {
    policy: regular.policy,
    ephemeral: { enforce: enforce.lv, audit: audit.lv, warn: warnLv },
    errors: [...regular.errors, ...ephemeralErrs],
    sources: {
      policy: regular.sources,
      ephemeral: { enforce: enforce.sources, audit: audit.sources, warn: warnSources },
    },
  };
}

/** The privileged short-cut applies only when both policies are privileged in every mode. */
export function policiesFullyPrivileged(p: Pick<NamespacePolicies, 'policy' | 'ephemeral'>): boolean {
  return policyFullyPrivileged(p.policy) && policyFullyPrivileged(p.ephemeral);
}
