// Port of upstream policy/registry_test.go and checks_test.go: check-set validation with exact messages,
// evaluation order, overrides per version, max-version clamping and emulation, the real default
// checks, and the aggregation of check results into upstream's message grammar.
import { describe, expect, it } from 'vitest';
import {
  LatestVersion,
  LevelBaseline,
  LevelPrivileged,
  LevelRestricted,
  MajorMinorVersion,
  ParseVersion,
  versionOlder,
  versionString,
  type Level,
  type PodSpec,
  type Version,
} from '../api/index.js';
import {
  aggregateCheckResults,
  forbiddenDetail,
  forbiddenReason,
  UnknownForbiddenReason,
  type Check,
  type CheckResult,
  type EvaluatedCheck,
} from './check.js';
import { defaultChecks } from './checks/index.js';
import { InvalidChecksError, newEvaluator, validateChecks, type Evaluator } from './registry.js';

function versionOrThrow(v: string): Version {
  const r = ParseVersion(v);
  if (r.error !== undefined) throw new Error(`${v}: ${r.error}`);
  return r.value;
}

/** Upstream generateCheck: each version forbids with the reason "<id>:<version>". */
function generateCheck(id: string, level: Level, versions: string[]): Check {
  return {
    id,
    level,
    versions: versions.map((ver) => {
      const v = versionOrThrow(ver);
      return {
        minimumVersion: v,
        checkPod: () => ({ allowed: false, forbiddenReason: `${id}:${versionString(v)}` }),
      };
    }),
  };
}

function withOverrides(c: Check, overrides: string[]): Check {
  return { ...c, versions: c.versions.map((v) => ({ ...v, overrideCheckIDs: overrides })) };
}

function reasons(reg: Evaluator, level: Level, version: string): (string | undefined)[] {
  return reg
    .evaluatePod({ level, version: versionOrThrow(version) }, null, {})
    .map((r) => r.result.forbiddenReason);
}

type RegistryCase = [Level, string, string[]];

describe('TestCheckRegistry', () => {
  const multiOverride = generateCheck('i', LevelRestricted, ['v1.10', 'v1.21']);
  const checks: Check[] = [
    generateCheck('a', LevelBaseline, ['v1.0']),
    generateCheck('b', LevelBaseline, ['v1.10']),
    generateCheck('c', LevelBaseline, ['v1.0', 'v1.5', 'v1.10']),
    generateCheck('d', LevelBaseline, ['v1.11', 'v1.15', 'v1.20']),
    generateCheck('e', LevelRestricted, ['v1.0']),
    generateCheck('f', LevelRestricted, ['v1.12', 'v1.16', 'v1.21']),
    withOverrides(generateCheck('g', LevelRestricted, ['v1.10']), ['a']),
    withOverrides(generateCheck('h', LevelRestricted, ['v1.0']), ['b']),
    {
      ...multiOverride,
      versions: [
        { ...(multiOverride.versions[0] as Check['versions'][number]), overrideCheckIDs: ['c'] },
        { ...(multiOverride.versions[1] as Check['versions'][number]), overrideCheckIDs: ['d'] },
      ],
    },
  ];
  const reg = newEvaluator(checks);

  it.each([
    [LevelPrivileged, 'v1.0', []],
    [LevelPrivileged, 'latest', []],
    [LevelBaseline, 'v1.0', ['a:v1.0', 'c:v1.0']],
    [LevelBaseline, 'v1.4', ['a:v1.0', 'c:v1.0']],
    [LevelBaseline, 'v1.5', ['a:v1.0', 'c:v1.5']],
    [LevelBaseline, 'v1.10', ['a:v1.0', 'b:v1.10', 'c:v1.10']],
    [LevelBaseline, 'v1.11', ['a:v1.0', 'b:v1.10', 'c:v1.10', 'd:v1.11']],
    [LevelBaseline, 'latest', ['a:v1.0', 'b:v1.10', 'c:v1.10', 'd:v1.20']],
    [LevelRestricted, 'v1.0', ['a:v1.0', 'c:v1.0', 'e:v1.0', 'h:v1.0']],
    [LevelRestricted, 'v1.4', ['a:v1.0', 'c:v1.0', 'e:v1.0', 'h:v1.0']],
    [LevelRestricted, 'v1.5', ['a:v1.0', 'c:v1.5', 'e:v1.0', 'h:v1.0']],
    [LevelRestricted, 'v1.10', ['e:v1.0', 'g:v1.10', 'h:v1.0', 'i:v1.10']],
    [LevelRestricted, 'v1.11', ['d:v1.11', 'e:v1.0', 'g:v1.10', 'h:v1.0', 'i:v1.10']],
    [LevelRestricted, 'latest', ['c:v1.10', 'e:v1.0', 'f:v1.21', 'g:v1.10', 'h:v1.0', 'i:v1.21']],
    [LevelRestricted, 'v1.10000', ['c:v1.10', 'e:v1.0', 'f:v1.21', 'g:v1.10', 'h:v1.0', 'i:v1.21']],
  ] as RegistryCase[])('%s:%s', (level, version, expected) => {
    expect(reasons(reg, level, version)).toEqual(expected);
  });

  it('tags each result with its check ID', () => {
    const ids = reg
      .evaluatePod({ level: LevelRestricted, version: LatestVersion() }, null, {})
      .map((r) => r.id);
    expect(ids).toEqual(['c', 'e', 'f', 'g', 'h', 'i']);
  });

  it('has the highest minimum version as max version', () => {
    expect(reg.maxVersion).toEqual(MajorMinorVersion(1, 21));
  });
});

describe('TestCheckRegistry_NoBaseline', () => {
  const reg = newEvaluator([
    generateCheck('e', LevelRestricted, ['v1.0']),
    generateCheck('f', LevelRestricted, ['v1.12', 'v1.16', 'v1.21']),
    withOverrides(generateCheck('g', LevelRestricted, ['v1.10']), ['a']),
    withOverrides(generateCheck('h', LevelRestricted, ['v1.0']), ['b']),
  ]);

  it.each([
    [LevelPrivileged, 'v1.0', []],
    [LevelPrivileged, 'latest', []],
    [LevelBaseline, 'v1.0', []],
    [LevelBaseline, 'v1.10', []],
    [LevelBaseline, 'latest', []],
    [LevelRestricted, 'v1.0', ['e:v1.0', 'h:v1.0']],
    [LevelRestricted, 'v1.10', ['e:v1.0', 'g:v1.10', 'h:v1.0']],
    [LevelRestricted, 'latest', ['e:v1.0', 'f:v1.21', 'g:v1.10', 'h:v1.0']],
    [LevelRestricted, 'v1.10000', ['e:v1.0', 'f:v1.21', 'g:v1.10', 'h:v1.0']],
  ] as RegistryCase[])('%s:%s', (level, version, expected) => {
    expect(reasons(reg, level, version)).toEqual(expected);
  });
});

describe('TestCheckRegistry_NoRestricted', () => {
  const reg = newEvaluator([
    generateCheck('a', LevelBaseline, ['v1.0']),
    generateCheck('b', LevelBaseline, ['v1.10']),
    generateCheck('c', LevelBaseline, ['v1.0', 'v1.5', 'v1.10']),
    generateCheck('d', LevelBaseline, ['v1.11', 'v1.15', 'v1.20']),
  ]);

  // Restricted results should be identical to baseline.
  it.each([
    ['v1.0', ['a:v1.0', 'c:v1.0']],
    ['v1.4', ['a:v1.0', 'c:v1.0']],
    ['v1.5', ['a:v1.0', 'c:v1.5']],
    ['v1.10', ['a:v1.0', 'b:v1.10', 'c:v1.10']],
    ['v1.11', ['a:v1.0', 'b:v1.10', 'c:v1.10', 'd:v1.11']],
    ['latest', ['a:v1.0', 'b:v1.10', 'c:v1.10', 'd:v1.20']],
  ] as [string, string[]][])('baseline and restricted at %s', (version, expected) => {
    expect(reasons(reg, LevelBaseline, version)).toEqual(expected);
    expect(reasons(reg, LevelRestricted, version)).toEqual(expected);
  });
});

describe('TestCheckRegistry_Empty', () => {
  const reg = newEvaluator([]);
  it.each([LevelPrivileged, LevelBaseline, LevelRestricted])('%s:latest evaluates nothing', (level) => {
    expect(reasons(reg, level, 'latest')).toEqual([]);
    expect(reasons(reg, level, 'v1.0')).toEqual([]);
  });
});

describe('validateChecks', () => {
  const b = (id: string, versions = ['v1.0']) => generateCheck(id, LevelBaseline, versions);
  const r = (id: string, versions = ['v1.0']) => generateCheck(id, LevelRestricted, versions);
  const withVersion = (c: Check, v: Version): Check => ({
    ...c,
    versions: [{ minimumVersion: v, checkPod: () => ({ allowed: true }) }],
  });

  it.each([
    ['duplicate IDs', [b('a'), r('a')], 'multiple checks registered for ID a'],
    [
      'privileged level',
      [generateCheck('a', LevelPrivileged, ['v1.0'])],
      'check a: invalid level privileged',
    ],
    ['unknown level', [generateCheck('a', 'foo' as Level, ['v1.0'])], 'check a: invalid level foo'],
    ['empty versions', [b('a', [])], 'check a: empty'],
    ['undefined version', [withVersion(b('a'), MajorMinorVersion(0, 0))], 'check a: undefined version found'],
    ['latest', [b('a', ['latest'])], "check a: version cannot be 'latest'"],
    ['latest after a version', [b('a', ['v1.0', 'latest'])], "check a: version cannot be 'latest'"],
    ['duplicate version', [b('a', ['v1.1', 'v1.1'])], 'check a: duplicate version v1.1'],
    ['decreasing versions', [b('a', ['v1.2', 'v1.1'])], 'check a: versions must be strictly increasing'],
    [
      'overrides on a baseline check',
      [withOverrides(b('a'), ['x'])],
      'check a: only restricted checks may set overrides',
    ],
    [
      'override of a restricted check',
      [r('e'), withOverrides(r('g'), ['e'])],
      'check g: overrides restricted check e',
    ],
    // first pass (IDs, levels, versions) over every check before the override pass
    ['version error after an override error', [withOverrides(b('a'), ['x']), b('z', [])], 'check z: empty'],
    // within a check: level before versions
    ['level before versions', [generateCheck('a', LevelPrivileged, [])], 'check a: invalid level privileged'],
    [
      'duplicate ID before level',
      [b('a'), generateCheck('a', 'foo' as Level, [])],
      'multiple checks registered for ID a',
    ],
  ] as [string, Check[], string][])('%s', (_name, checks, message) => {
    expect(() => validateChecks(checks)).toThrow(new InvalidChecksError(message));
    expect(() => newEvaluator(checks)).toThrow(InvalidChecksError);
    expect(() => newEvaluator(checks)).toThrow(message);
  });

  it.each([
    ['no checks', []],
    ['override of an unknown check', [withOverrides(r('g'), ['nope'])]],
    ['override of a baseline check', [b('a'), withOverrides(r('g'), ['a'])]],
    ['empty override list on a baseline check', [withOverrides(b('a'), [])]],
    // upstream only rejects the zero version: v0.5 is newer than v0.0
    ['a v0.x version', [withVersion(b('a'), MajorMinorVersion(0, 5))]],
  ] as [string, Check[]][])('accepts %s', (_name, checks) => {
    expect(() => validateChecks(checks)).not.toThrow();
  });
});

describe('evaluation order and overrides', () => {
  const reg = newEvaluator([
    generateCheck('z', LevelRestricted, ['v1.0']),
    generateCheck('y', LevelBaseline, ['v1.0']),
    generateCheck('a', LevelRestricted, ['v1.0']),
    generateCheck('b', LevelBaseline, ['v1.0', 'v1.3']),
    withOverrides(generateCheck('m', LevelRestricted, ['v1.2']), ['y']),
  ]);

  it.each([
    [LevelBaseline, 'v1.0', ['b:v1.0', 'y:v1.0']],
    // baseline IDs sorted, then restricted IDs sorted, whatever the registration order
    [LevelRestricted, 'v1.1', ['b:v1.0', 'y:v1.0', 'a:v1.0', 'z:v1.0']],
    // the override applies from the overriding check's version on
    [LevelRestricted, 'v1.2', ['b:v1.0', 'a:v1.0', 'm:v1.2', 'z:v1.0']],
    [LevelRestricted, 'v1.3', ['b:v1.3', 'a:v1.0', 'm:v1.2', 'z:v1.0']],
    [LevelBaseline, 'v1.3', ['b:v1.3', 'y:v1.0']],
  ] as RegistryCase[])('%s:%s', (level, version, expected) => {
    expect(reasons(reg, level, version)).toEqual(expected);
  });

  it('passes the pod metadata and spec to each check', () => {
    const seen: unknown[] = [];
    const spy: Check = {
      id: 'spy',
      level: LevelBaseline,
      versions: [
        {
          minimumVersion: MajorMinorVersion(1, 0),
          checkPod: (meta, spec) => {
            seen.push(meta, spec);
            return { allowed: true };
          },
        },
      ],
    };
    const meta = { name: 'p' };
    const spec: PodSpec = { hostNetwork: true };
    const results = newEvaluator([spy]).evaluatePod(
      { level: LevelRestricted, version: LatestVersion() },
      meta,
      spec,
    );
    expect(results).toEqual([{ id: 'spy', result: { allowed: true } }]);
    expect(seen[0]).toBe(meta);
    expect(seen[1]).toBe(spec);
  });
});

describe('max version and emulation', () => {
  const checks = [
    generateCheck('a', LevelBaseline, ['v1.0', 'v1.20']),
    generateCheck('b', LevelRestricted, ['v1.5', 'v1.15', 'v1.21']),
  ];

  it.each([
    ['v1.21', ['a:v1.20', 'b:v1.21']],
    ['v1.22', ['a:v1.20', 'b:v1.21']],
    ['v1.10000', ['a:v1.20', 'b:v1.21']],
    ['latest', ['a:v1.20', 'b:v1.21']],
    ['v1.20', ['a:v1.20', 'b:v1.15']],
  ])('clamps %s to the max version', (version, expected) => {
    expect(reasons(newEvaluator(checks), LevelRestricted, version)).toEqual(expected);
  });

  it.each([
    // emulating an older minor lowers the max version: later versions and latest evaluate as it
    ['v1.15', 'v1.15', 'latest', ['a:v1.0', 'b:v1.15']],
    ['v1.15', 'v1.15', 'v1.21', ['a:v1.0', 'b:v1.15']],
    ['v1.15', 'v1.15', 'v1.10', ['a:v1.0', 'b:v1.5']],
    ['v1.20', 'v1.20', 'latest', ['a:v1.20', 'b:v1.15']],
    // a newer emulation version (or latest) changes nothing
    ['v1.30', 'v1.21', 'latest', ['a:v1.20', 'b:v1.21']],
    ['latest', 'v1.21', 'latest', ['a:v1.20', 'b:v1.21']],
  ])('emulating %s gives max version %s; %s evaluates as expected', (emulation, max, version, expected) => {
    const reg = newEvaluator(checks, versionOrThrow(emulation));
    expect(versionString(reg.maxVersion)).toBe(max);
    expect(reasons(reg, LevelRestricted, version)).toEqual(expected);
  });
});

describe('TestValidChecks: the default checks', () => {
  const reg = newEvaluator(defaultChecks);
  const derivedMax = defaultChecks
    .flatMap((c) => c.versions.map((v) => v.minimumVersion))
    .reduce((max, v) => (versionOlder(max, v) ? v : max), MajorMinorVersion(0, 0));

  it('validate and build', () => {
    expect(() => validateChecks(defaultChecks)).not.toThrow();
  });

  it('override only existing checks', () => {
    const ids = new Set(defaultChecks.map((c) => c.id));
    for (const c of defaultChecks) {
      for (const v of c.versions) {
        for (const o of v.overrideCheckIDs ?? []) expect(ids.has(o), `${c.id} overrides ${o}`).toBe(true);
      }
    }
  });

  it('evaluate latest as v1.37, the highest minimum version', () => {
    expect(reg.maxVersion).toEqual(derivedMax);
    expect(versionString(reg.maxVersion)).toBe('v1.37');
  });

  it.each([LevelBaseline, LevelRestricted])(
    '%s: latest and future versions evaluate as the max version',
    (level) => {
      const spec: PodSpec = {
        hostNetwork: true,
        securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] },
        containers: [{ name: 'app', securityContext: { privileged: true, runAsUser: 0 } }],
      };
      const at = (v: Version) =>
        reg.evaluatePod({ level, version: v }, null, spec).map((r) => [r.id, r.result]);
      expect(at(LatestVersion())).toEqual(at(reg.maxVersion));
      expect(at(MajorMinorVersion(1, 10000))).toEqual(at(reg.maxVersion));
    },
  );

  it('run baseline checks sorted, then restricted checks sorted, minus overrides, at latest', () => {
    const sortedIDs = (level: Level) =>
      defaultChecks
        .filter((c) => c.level === level)
        .map((c) => c.id)
        .sort();
    const overridden = new Set(
      defaultChecks.flatMap((c) => (c.versions[c.versions.length - 1]?.overrideCheckIDs ?? []) as string[]),
    );
    const ids = (level: Level) =>
      reg.evaluatePod({ level, version: LatestVersion() }, null, {}).map((r) => r.id);
    expect(ids(LevelPrivileged)).toEqual([]);
    expect(ids(LevelBaseline)).toEqual(sortedIDs(LevelBaseline));
    expect(ids(LevelRestricted)).toEqual([
      ...sortedIDs(LevelBaseline).filter((id) => !overridden.has(id)),
      ...sortedIDs(LevelRestricted),
    ]);
  });
});

describe('aggregateCheckResults', () => {
  const forbid = (reason: string, detail?: string, findings?: CheckResult['findings']): CheckResult => ({
    allowed: false,
    forbiddenReason: reason,
    ...(detail === undefined ? {} : { forbiddenDetail: detail }),
    ...(findings === undefined ? {} : { findings }),
  });

  it('allows when nothing forbids', () => {
    const agg = aggregateCheckResults([
      { id: 'a', result: { allowed: true } },
      { id: 'b', result: { allowed: true, forbiddenReason: 'ignored' } },
    ]);
    expect(agg).toEqual({
      allowed: true,
      forbiddenReasons: [],
      forbiddenDetails: [],
      failedChecks: [],
      findings: [],
    });
    expect(forbiddenReason(agg)).toBe('');
    expect(forbiddenDetail(agg)).toBe('');
    expect(aggregateCheckResults([]).allowed).toBe(true);
  });

  const results: EvaluatedCheck[] = [
    {
      id: 'hostPorts',
      result: forbid('host ports', '8080, 9090', [
        { container: { name: 'a', kind: 'regular' }, path: 'spec.containers[0].ports[0].hostPort' },
        {
          container: { name: 'dbg', kind: 'ephemeral' },
          path: 'spec.ephemeralContainers[0].ports[0].hostPort',
        },
      ]),
    },
    { id: 'ok', result: { allowed: true } },
    { id: 'privileged', result: forbid('privileged') },
    { id: 'noReason', result: forbid('', 'some detail', [{ path: 'spec.hostNetwork' }]) },
    { id: 'emptyDetail', result: forbid('sysctls', '') },
  ];

  it('collects reasons, details, failed checks and findings in evaluation order', () => {
    const agg = aggregateCheckResults(results);
    expect(agg.allowed).toBe(false);
    expect(agg.forbiddenReasons).toEqual(['host ports', 'privileged', UnknownForbiddenReason, 'sysctls']);
    expect(agg.forbiddenDetails).toEqual(['8080, 9090', '', 'some detail', '']);
    expect(agg.failedChecks).toEqual(['hostPorts', 'privileged', 'noReason', 'emptyDetail']);
    expect(agg.findings).toEqual([
      {
        checkId: 'hostPorts',
        container: { name: 'a', kind: 'regular' },
        path: 'spec.containers[0].ports[0].hostPort',
      },
      {
        checkId: 'hostPorts',
        container: { name: 'dbg', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].ports[0].hostPort',
      },
      { checkId: 'noReason', path: 'spec.hostNetwork' },
    ]);
  });

  it('formats reasons and details as upstream', () => {
    const agg = aggregateCheckResults(results);
    expect(UnknownForbiddenReason).toBe('unknown forbidden reason');
    expect(forbiddenReason(agg)).toBe('host ports, privileged, unknown forbidden reason, sysctls');
    expect(forbiddenDetail(agg)).toBe(
      'host ports (8080, 9090), privileged, unknown forbidden reason (some detail), sysctls',
    );
  });

  it('formats a single reason', () => {
    const agg = aggregateCheckResults([
      {
        id: 'privileged',
        result: forbid('privileged', 'container "a" must not set securityContext.privileged=true'),
      },
    ]);
    expect(forbiddenReason(agg)).toBe('privileged');
    expect(forbiddenDetail(agg)).toBe(
      'privileged (container "a" must not set securityContext.privileged=true)',
    );
  });
});
