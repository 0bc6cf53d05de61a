// What a fixture expects and whether the evaluator meets it: pass fixtures must be allowed; fail and
// fail-ephemeral fixtures forbidden by the check their file is named after (upstream test/README).
import { LevelRestricted, versionOlder, type Level, type Version } from '../api/index.js';
import {
  aggregateCheckResults,
  forbiddenDetail,
  UnknownForbiddenReason,
  type Check,
  type CheckID,
  type VersionedCheck,
} from '../policy/check.js';
import type { Evaluator } from '../policy/registry.js';
import type { FixturePod } from './pod.js';

export type FixtureKind = 'pass' | 'fail' | 'fail-ephemeral';
export const fixtureKinds: readonly FixtureKind[] = Object.freeze(['pass', 'fail', 'fail-ephemeral']);

export interface Fixture {
  readonly level: Level;
  readonly version: Version;
  readonly kind: FixtureKind;
  /** File name without .yaml: lower-cased check ID plus index, e.g. "hostports2", or "base". */
  readonly name: string;
  readonly pod: FixturePod;
}

/** The check a fail fixture is named after: its file name less the index, matched case-insensitively. */
export function checkForFixture(checks: readonly Check[], name: string): Check | undefined {
  const id = name.replace(/[0-9]+$/, '');
  return checks.find((c) => c.id.toLowerCase() === id);
}

function versionedCheckAt(check: Check, version: Version): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const v of check.versions) if (!versionOlder(version, v.minimumVersion)) found = v;
  return found;
}

/**
 * The checks any of which may fail for a fail fixture named after id: id itself, plus, at the
 * restricted level, the restricted checks that override id at this version (id does not run then).
 */
export function expectedFailingChecks(
  checks: readonly Check[],
  level: Level,
  version: Version,
  id: CheckID,
): CheckID[] {
  const ids = [id];
  if (level !== LevelRestricted) return ids;
  for (const c of checks) {
    if (c.level !== LevelRestricted) continue;
    if (versionedCheckAt(c, version)?.overrideCheckIDs?.includes(id)) ids.push(c.id);
  }
  return ids;
}

function describeExpected(ids: readonly CheckID[]): string {
  const [id, ...overrides] = ids;
  if (overrides.length === 0) return `check "${id}"`;
  return `check "${id}" (or ${overrides.map((o) => `"${o}"`).join(', ')}, which overrides it)`;
}

/** Judges one fixture; returns why it failed, or undefined when it behaves as expected. */
export function judgeFixture(evaluator: Evaluator, checks: readonly Check[], f: Fixture): string | undefined {
  const aggregate = aggregateCheckResults(
    evaluator.evaluatePod({ level: f.level, version: f.version }, f.pod.metadata, f.pod.spec),
  );
  if (f.kind === 'pass') {
    return aggregate.allowed ? undefined : `expected allowed, got forbidden: ${forbiddenDetail(aggregate)}`;
  }
  if (f.kind === 'fail-ephemeral' && (f.pod.spec.ephemeralContainers ?? []).length === 0) {
    return 'fail-ephemeral fixture has no spec.ephemeralContainers';
  }
  const check = checkForFixture(checks, f.name);
  if (!check) return `no check is named after fixture "${f.name}"`;
  const expected = expectedFailingChecks(checks, f.level, f.version, check.id);
  if (aggregate.allowed) return `expected forbidden by ${describeExpected(expected)}, got allowed`;
  if (!expected.some((id) => aggregate.failedChecks.includes(id))) {
    return `expected forbidden by ${describeExpected(expected)}, got: ${forbiddenDetail(aggregate)}`;
  }
  if (aggregate.forbiddenReasons.includes(UnknownForbiddenReason)) {
    return `forbidden with "${UnknownForbiddenReason}": ${forbiddenDetail(aggregate)}`;
  }
  return undefined;
}
