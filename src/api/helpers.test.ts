// Port of upstream api/helpers_test.go: version parsing, LevelVersion and Policy equivalence, and
// PolicyToEvaluate (every upstream case), plus the exact label errors upstream reports.
import { describe, expect, it } from 'vitest';
import { LevelBaseline, LevelPrivileged, LevelRestricted, labelPrefix, type Level } from './constants.js';
import { fieldErrorsAggregate, fieldErrorString } from './errors.js';
import {
  CompareLevels,
  levelVersionEquivalent,
  levelVersionString,
  ParseLevel,
  policyEquivalent,
  policyFullyPrivileged,
  PolicyToEvaluate,
  type LevelVersion,
  type Policy,
} from './helpers.js';
import { LatestVersion, MajorMinorVersion, ParseVersion, type Version } from './version.js';

/** Upstream makeLabels: prefixed key/value pairs plus an unrelated label. */
function makeLabels(...kvs: string[]): Record<string, string> {
  if (kvs.length % 2 !== 0) throw new Error('makeLabels called with mismatched key-values');
  const labels: Record<string, string> = { 'other-label': 'foo-bar' };
  for (let i = 0; i < kvs.length; i += 2) labels[labelPrefix + kvs[i]] = kvs[i + 1] as string;
  return labels;
}

const lv = (level: Level, version: Version = LatestVersion()): LevelVersion => ({ level, version });
const levels: Level[] = [LevelPrivileged, LevelBaseline, LevelRestricted];

describe('TestParseVersion', () => {
  it.each([
    ['latest', LatestVersion()],
    ['v1.0', MajorMinorVersion(1, 0)],
    ['v1.1', MajorMinorVersion(1, 1)],
    ['v1.20', MajorMinorVersion(1, 20)],
    ['v1.10000', MajorMinorVersion(1, 10000)],
  ])('parses %j', (v, expected) => {
    const r = ParseVersion(v);
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual(expected);
  });

  it.each(['foo', '', 'v2.0', 'v1', '1.1'])('rejects %j', (v) => {
    expect(ParseVersion(v).error).toBe('must be "latest" or "v1.x"');
  });
});

describe('TestLevelVersionEquals', () => {
  const versions = [LatestVersion(), MajorMinorVersion(1, 18), MajorMinorVersion(1, 30)];
  const otherVersions = [MajorMinorVersion(1, 16), MajorMinorVersion(1, 13)];

  it('a LevelVersion should be equal to itself', () => {
    for (const l of levels) {
      for (const v of versions) {
        const a = lv(l, v);
        expect(levelVersionEquivalent(a, { ...a }), levelVersionString(a)).toBe(true);
      }
    }
  });

  it('different levels should not be equal', () => {
    for (const l1 of levels) {
      for (const l2 of levels) {
        if (l1 !== l2) expect(levelVersionEquivalent(lv(l1), lv(l2)), `${l1} != ${l2}`).toBe(false);
      }
    }
  });

  it('different non-privileged versions should not be equal', () => {
    for (const l of [LevelBaseline, LevelRestricted]) {
      for (const v1 of versions) {
        for (const v2 of otherVersions) expect(levelVersionEquivalent(lv(l, v1), lv(l, v2))).toBe(false);
      }
    }
  });

  it('different privileged versions should be equal', () => {
    for (const v1 of versions) {
      for (const v2 of otherVersions) {
        expect(levelVersionEquivalent(lv(LevelPrivileged, v1), lv(LevelPrivileged, v2))).toBe(true);
      }
    }
  });
});

describe('TestPolicyEquals', () => {
  const privileged: Policy = {
    enforce: lv(LevelPrivileged),
    audit: lv(LevelPrivileged),
    warn: lv(LevelPrivileged),
  };
  const privileged2: Policy = { ...privileged, enforce: lv(LevelPrivileged, MajorMinorVersion(1, 20)) };
  const baseline: Policy = { ...privileged, audit: lv(LevelBaseline) };

  it('reports full privilege', () => {
    expect(policyFullyPrivileged(privileged)).toBe(true);
    expect(policyFullyPrivileged(privileged2)).toBe(true);
    expect(policyFullyPrivileged(baseline)).toBe(false);
  });

  it('ignores privileged versions', () => expect(policyEquivalent(privileged, privileged2)).toBe(true));
  it('baseline policy equals itself', () => expect(policyEquivalent(baseline, baseline)).toBe(true));
  it('privileged != baseline', () => expect(policyEquivalent(privileged, baseline)).toBe(false));
});

describe('TestPolicyToEvaluate', () => {
  const privilegedLV = lv(LevelPrivileged);
  const privilegedPolicy: Policy = { enforce: privilegedLV, warn: privilegedLV, audit: privilegedLV };
  const v = MajorMinorVersion;

  it.each([
    {
      desc: 'simple enforce',
      labels: makeLabels('enforce', 'baseline'),
      expect: { enforce: lv(LevelBaseline), warn: lv(LevelBaseline), audit: privilegedLV },
    },
    {
      desc: 'simple warn',
      labels: makeLabels('warn', 'restricted'),
      expect: { enforce: privilegedLV, warn: lv(LevelRestricted), audit: privilegedLV },
    },
    {
      desc: 'simple audit',
      labels: makeLabels('audit', 'baseline'),
      expect: { enforce: privilegedLV, warn: privilegedLV, audit: lv(LevelBaseline) },
    },
    {
      desc: 'enforce & warn',
      labels: makeLabels('enforce', 'baseline', 'warn', 'restricted'),
      expect: { enforce: lv(LevelBaseline), warn: lv(LevelRestricted), audit: privilegedLV },
    },
    {
      desc: 'enforce version',
      labels: makeLabels('enforce', 'baseline', 'enforce-version', 'v1.22'),
      expect: {
        enforce: lv(LevelBaseline, v(1, 22)),
        warn: lv(LevelBaseline, v(1, 22)),
        audit: privilegedLV,
      },
    },
    {
      desc: 'enforce version & warn-version',
      labels: makeLabels('enforce', 'baseline', 'enforce-version', 'v1.22', 'warn-version', 'latest'),
      expect: { enforce: lv(LevelBaseline, v(1, 22)), warn: lv(LevelBaseline), audit: privilegedLV },
    },
    {
      desc: 'enforce & warn-version',
      labels: makeLabels('enforce', 'baseline', 'warn-version', 'v1.23'),
      expect: { enforce: lv(LevelBaseline), warn: lv(LevelBaseline, v(1, 23)), audit: privilegedLV },
    },
    {
      desc: 'fully specd',
      labels: makeLabels(
        ...['enforce', 'baseline', 'enforce-version', 'v1.20'],
        ...['warn', 'restricted', 'warn-version', 'v1.21'],
        ...['audit', 'restricted', 'audit-version', 'v1.22'],
      ),
      expect: {
        enforce: lv(LevelBaseline, v(1, 20)),
        warn: lv(LevelRestricted, v(1, 21)),
        audit: lv(LevelRestricted, v(1, 22)),
      },
    },
    {
      desc: 'enforce no warn',
      labels: makeLabels('enforce', 'baseline', 'warn', 'privileged'),
      expect: { enforce: lv(LevelBaseline), warn: privilegedLV, audit: privilegedLV },
    },
    {
      desc: 'enforce warn error',
      labels: makeLabels('enforce', 'baseline', 'warn', 'foo'),
      expect: { enforce: lv(LevelBaseline), warn: privilegedLV, audit: privilegedLV },
      expectErr: true,
    },
    {
      desc: 'enforce error',
      labels: makeLabels('enforce', 'foo'),
      expect: { enforce: lv(LevelRestricted), warn: privilegedLV, audit: privilegedLV },
      expectErr: true,
    },
  ] as { desc: string; labels: Record<string, string>; expect: Policy; expectErr?: boolean }[])(
    '$desc',
    ({ labels, expect: expected, expectErr }) => {
      const { policy, errors } = PolicyToEvaluate(labels, privilegedPolicy);
      expect(errors.length > 0).toBe(expectErr === true);
      expect(policy).toEqual(expected);
    },
  );

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['empty', {}],
  ])('returns the defaults unchanged for %s labels', (_name, labels) => {
    const defaults: Policy = { enforce: lv(LevelBaseline), audit: lv(LevelRestricted), warn: privilegedLV };
    const { policy, errors } = PolicyToEvaluate(labels, defaults);
    expect(policy).toBe(defaults);
    expect(errors).toEqual([]);
  });

  it('falls back to non-privileged defaults per field', () => {
    const defaults: Policy = {
      enforce: lv(LevelBaseline, v(1, 25)),
      audit: lv(LevelRestricted, v(1, 24)),
      warn: lv(LevelRestricted, v(1, 23)),
    };
    const { policy } = PolicyToEvaluate(
      makeLabels('enforce-version', 'v1.30', 'audit', 'baseline'),
      defaults,
    );
    expect(policy).toEqual({
      enforce: lv(LevelBaseline, v(1, 30)),
      audit: lv(LevelBaseline, v(1, 24)),
      warn: lv(LevelRestricted, v(1, 23)),
    });
  });

  it('fails audit and warn open, enforce closed, versions to latest, with errors in upstream order', () => {
    const labels = makeLabels(
      ...['warn-version', 'v1.x', 'warn', 'W', 'audit-version', 'v2.0'],
      ...['audit', 'A', 'enforce-version', 'v1.01', 'enforce', 'E'],
    );
    const { policy, errors } = PolicyToEvaluate(labels, privilegedPolicy);
    expect(policy).toEqual({ enforce: lv(LevelRestricted), audit: privilegedLV, warn: privilegedLV });
    const level = 'must be one of privileged, baseline, restricted';
    const version = 'must be "latest" or "v1.x"';
    expect(errors.map(fieldErrorString)).toEqual([
      `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "E": ${level}`,
      `metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.01": ${version}`,
      `metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "A": ${level}`,
      `metadata.labels[pod-security.kubernetes.io/audit-version]: Invalid value: "v2.0": ${version}`,
      `metadata.labels[pod-security.kubernetes.io/warn]: Invalid value: "W": ${level}`,
      `metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "v1.x": ${version}`,
    ]);
    expect(fieldErrorsAggregate(errors)).toMatch(/^\[metadata\.labels\[.*\]$/);
  });

  it('still defaults warn when only the enforce version is invalid', () => {
    const { policy, errors } = PolicyToEvaluate(
      makeLabels('enforce', 'restricted', 'enforce-version', 'bad'),
      privilegedPolicy,
    );
    // The level is valid, so warn still takes enforce (and its fallback version, latest).
    expect(policy.warn).toEqual(lv(LevelRestricted));
    expect(errors).toHaveLength(1);
  });
});

describe('ParseLevel and CompareLevels', () => {
  it.each(levels)('accepts %s', (l) => expect(ParseLevel(l)).toEqual({ value: l }));

  it.each(['', 'Restricted', 'foo', ' baseline'])('rejects %j as restricted', (l) => {
    expect(ParseLevel(l)).toEqual({
      value: LevelRestricted,
      error: 'must be one of privileged, baseline, restricted',
    });
  });

  it.each([
    [LevelPrivileged, LevelPrivileged, 0],
    [LevelPrivileged, LevelBaseline, -1],
    [LevelPrivileged, LevelRestricted, -1],
    [LevelBaseline, LevelPrivileged, 1],
    [LevelBaseline, LevelBaseline, 0],
    [LevelBaseline, LevelRestricted, -1],
    [LevelRestricted, LevelPrivileged, 1],
    [LevelRestricted, LevelBaseline, 1],
    [LevelRestricted, LevelRestricted, 0],
  ] as [Level, Level, number][])('CompareLevels(%s, %s) = %d', (a, b, want) => {
    expect(CompareLevels(a, b)).toBe(want);
  });

  it('formats a LevelVersion as level:version', () => {
    expect(levelVersionString(lv(LevelBaseline, MajorMinorVersion(1, 25)))).toBe('baseline:v1.25');
    expect(levelVersionString(lv(LevelRestricted))).toBe('restricted:latest');
  });
});
