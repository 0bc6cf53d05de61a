// The evaluator: validates the check set once, then precomputes the ordered checks per (level, minor
// version) so evaluation is a lookup and a loop (upstream policy/registry.go).
import {
  LevelBaseline,
  LevelPrivileged,
  LevelRestricted,
  MajorMinorVersion,
  nextMinor,
  ParseVersion,
  versionEqual,
  versionOlder,
  versionString,
  type LevelVersion,
  type ObjectMeta,
  type PodSpec,
  type Version,
} from '../api/index.js';
import type { Check, CheckID, CheckPodFn, EvaluatedCheck, VersionedCheck } from './check.js';

export interface Evaluator {
  /** Evaluates the pod against the policy for the given level and version. */
  evaluatePod(
    lv: LevelVersion,
    podMetadata: ObjectMeta | null | undefined,
    podSpec: PodSpec,
  ): EvaluatedCheck[];
  /** The highest version with its own check set; later versions (and latest) evaluate as this one. */
  readonly maxVersion: Version;
}

interface OrderedCheck {
  readonly id: CheckID;
  readonly fn: CheckPodFn;
}

type VersionTable = Map<string, Map<CheckID, VersionedCheck>>;

export class InvalidChecksError extends Error {}

/**
 * Builds an evaluator. Throws InvalidChecksError unless IDs are unique, levels are baseline or
 * restricted, versions are non-empty and strictly increasing (never latest), and overrides are set only
 * by restricted checks on baseline checks. emulationVersion lowers the max version evaluated.
 */
export function newEvaluator(checks: readonly Check[], emulationVersion?: Version): Evaluator {
  validateChecks(checks);
  let maxVersion = maxMinimumVersion(checks);
  const { baseline, restricted } = populate(checks, maxVersion);
  if (emulationVersion !== undefined && versionOlder(emulationVersion, maxVersion)) {
    maxVersion = emulationVersion;
  }
  const empty: readonly OrderedCheck[] = [];
  // The same tables indexed by minor version for v1.x, so that an evaluation makes no version string.
  const baselineV1 = byMinorV1(baseline);
  const restrictedV1 = byMinorV1(restricted);
  return {
    maxVersion,
    evaluatePod(lv, podMetadata, podSpec) {
      if (lv.level === LevelPrivileged) return [];
      const version = versionOlder(maxVersion, lv.version) ? maxVersion : lv.version;
      const byMinor = lv.level === LevelBaseline ? baselineV1 : restrictedV1;
      const ordered =
        (version.major === 1 ? byMinor[version.minor] : undefined) ??
        (lv.level === LevelBaseline ? baseline : restricted).get(versionString(version)) ??
        empty;
      const results: EvaluatedCheck[] = new Array(ordered.length);
      for (let i = 0; i < ordered.length; i++) {
        const c = ordered[i] as OrderedCheck;
        results[i] = { id: c.id, result: c.fn(podMetadata, podSpec) };
      }
      return results;
    },
  };
}

function byMinorV1(table: ReadonlyMap<string, readonly OrderedCheck[]>): (readonly OrderedCheck[])[] {
  const out: (readonly OrderedCheck[])[] = [];
  for (const [key, checks] of table) {
    const { value: v, error } = ParseVersion(key);
    if (error === undefined && !v.latest && v.major === 1 && versionString(v) === key) out[v.minor] = checks;
  }
  return out;
}

function fail(message: string): never {
  throw new InvalidChecksError(message);
}

function validateVersions(check: Check): void {
  if (check.versions.length === 0) fail(`check ${check.id}: empty`);
  let max: Version = MajorMinorVersion(0, 0);
  for (const c of check.versions) {
    const v = c.minimumVersion;
    if (!v.latest && v.major === 0 && v.minor === 0) fail(`check ${check.id}: undefined version found`);
    if (c.minimumVersion.latest) fail(`check ${check.id}: version cannot be 'latest'`);
    if (versionEqual(c.minimumVersion, max))
      fail(`check ${check.id}: duplicate version ${versionString(max)}`);
    if (!versionOlder(max, c.minimumVersion)) fail(`check ${check.id}: versions must be strictly increasing`);
    max = c.minimumVersion;
  }
}

export function validateChecks(checks: readonly Check[]): void {
  const ids = new Map<CheckID, string>();
  for (const check of checks) {
    if (ids.has(check.id)) fail(`multiple checks registered for ID ${check.id}`);
    ids.set(check.id, check.level);
    if (check.level !== LevelBaseline && check.level !== LevelRestricted) {
      fail(`check ${check.id}: invalid level ${check.level}`);
    }
    validateVersions(check);
  }
  for (const check of checks) {
    for (const c of check.versions) {
      if (!c.overrideCheckIDs || c.overrideCheckIDs.length === 0) continue;
      if (check.level !== LevelRestricted)
        fail(`check ${check.id}: only restricted checks may set overrides`);
      for (const override of c.overrideCheckIDs) {
        const level = ids.get(override);
        if (level !== undefined && level !== LevelBaseline)
          fail(`check ${check.id}: overrides ${level} check ${override}`);
      }
    }
  }
}

function maxMinimumVersion(checks: readonly Check[]): Version {
  let max = MajorMinorVersion(0, 0);
  for (const c of checks) {
    const last = c.versions[c.versions.length - 1]?.minimumVersion;
    if (last !== undefined && versionOlder(max, last)) max = last;
  }
  return max;
}

function inflateVersions(check: Check, table: VersionTable, maxVersion: Version): void {
  check.versions.forEach((c, i) => {
    const next = check.versions[i + 1]?.minimumVersion ?? nextMinor(maxVersion);
    for (let v = c.minimumVersion; versionOlder(v, next); v = nextMinor(v)) {
      const key = versionString(v);
      let entry = table.get(key);
      if (!entry) table.set(key, (entry = new Map()));
      entry.set(check.id, c);
    }
  });
}

function populate(checks: readonly Check[], maxVersion: Version) {
  const restrictedTable: VersionTable = new Map();
  const baselineTable: VersionTable = new Map();
  const byLevel = (level: string) =>
    checks
      .filter((c) => c.level === level)
      .map((c) => c.id)
      .sort();
  for (const c of checks)
    inflateVersions(c, c.level === LevelRestricted ? restrictedTable : baselineTable, maxVersion);
  // Baseline checks first, then restricted, each sorted, for consistent messages.
  const orderedIDs = [...byLevel(LevelBaseline), ...byLevel(LevelRestricted)];

  const baseline = new Map<string, readonly OrderedCheck[]>();
  const restricted = new Map<string, readonly OrderedCheck[]>();
  for (let v = MajorMinorVersion(1, 0); versionOlder(v, nextMinor(maxVersion)); v = nextMinor(v)) {
    const key = versionString(v);
    const restrictedChecks = new Map(restrictedTable.get(key) ?? []);
    const overrides = new Set([...restrictedChecks.values()].flatMap((c) => c.overrideCheckIDs ?? []));
    for (const [id, c] of baselineTable.get(key) ?? []) {
      if (!overrides.has(id)) restrictedChecks.set(id, c);
    }
    restricted.set(key, ordered(restrictedChecks, orderedIDs));
    baseline.set(key, ordered(baselineTable.get(key) ?? new Map(), orderedIDs));
  }
  return { baseline, restricted };
}

function ordered(
  checks: ReadonlyMap<CheckID, VersionedCheck>,
  orderedIDs: readonly CheckID[],
): readonly OrderedCheck[] {
  const out: OrderedCheck[] = [];
  for (const id of orderedIDs) {
    const c = checks.get(id);
    if (c) out.push({ id, fn: c.checkPod });
  }
  return Object.freeze(out);
}
