// PoliciesToEvaluate against docs/design.md section 2: the four-step chain per mode for level and
// version, invalid values, error order, warn defaulting, and the backward-compatibility invariant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelPrefix, modes, type Level, type Mode } from './constants.js';
import { PoliciesToEvaluate, policiesFullyPrivileged, type EphemeralDefaults } from './ephemeral.js';
import { fieldErrorString } from './errors.js';
import { PolicyToEvaluate, type LevelVersion, type Policy } from './helpers.js';
import { ParseVersion } from './version.js';

/** "restricted:v1.25" -> LevelVersion */
function lv(s: string): LevelVersion {
  const [level, version] = s.split(':') as [Level, string];
  return { level, version: ParseVersion(version).value };
}

/** Prefixed label map from key/value pairs, e.g. L('ephemeral-enforce', 'baseline'). */
function L(...kvs: string[]): Record<string, string> {
  const labels: Record<string, string> = { 'app.kubernetes.io/name': 'team-a' };
  for (let i = 0; i < kvs.length; i += 2) labels[labelPrefix + kvs[i]] = kvs[i + 1] as string;
  return labels;
}

function policy(enforce: string, audit: string, warn: string): Policy {
  return { enforce: lv(enforce), audit: lv(audit), warn: lv(warn) };
}

const privilegedLatest = policy('privileged:latest', 'privileged:latest', 'privileged:latest');

/** Regular defaults with one mode set to the given level and version. */
function regularDefaults(mode: Mode, value: string): Policy {
  return { ...privilegedLatest, [mode]: lv(value) };
}

/** Ephemeral defaults with one mode's level and/or version set. */
function ephemeralDefaults(mode: Mode, level?: Level, version?: string): EphemeralDefaults {
  const d: Record<string, unknown> = {};
  if (level !== undefined) d[mode] = level;
  if (version !== undefined) d[`${mode}Version`] = ParseVersion(version).value;
  return d as EphemeralDefaults;
}

const levelError = 'must be one of privileged, baseline, restricted';
const versionError = 'must be "latest" or "v1.x"';
const invalid = (key: string, value: string, detail: string) =>
  `metadata.labels[pod-security.kubernetes.io/${key}]: Invalid value: "${value}": ${detail}`;

describe('PoliciesToEvaluate: the level chain', () => {
  // Each row: the winning step holds restricted, every lower step baseline (or privileged).
  const cases = modes.flatMap((m) => [
    {
      name: `${m}: 1. ephemeral-${m} label`,
      mode: m,
      labels: L(`ephemeral-${m}`, 'restricted', m, 'baseline'),
      eph: ephemeralDefaults(m, 'baseline'),
      defaults: regularDefaults(m, 'baseline:latest'),
      want: 'restricted',
    },
    {
      name: `${m}: 2. ${m} label`,
      mode: m,
      labels: L(m, 'restricted'),
      eph: ephemeralDefaults(m, 'baseline'),
      defaults: regularDefaults(m, 'baseline:latest'),
      want: 'restricted',
    },
    {
      name: `${m}: 3. config ephemeral-${m}`,
      mode: m,
      labels: L(),
      eph: ephemeralDefaults(m, 'restricted'),
      defaults: regularDefaults(m, 'baseline:latest'),
      want: 'restricted',
    },
    {
      name: `${m}: 4. config ${m}`,
      mode: m,
      labels: L(),
      eph: {},
      defaults: regularDefaults(m, 'restricted:latest'),
      want: 'restricted',
    },
    {
      name: `${m}: a general label (even privileged) stops the search before config ephemeral-${m}`,
      mode: m,
      labels: L(m, 'privileged'),
      eph: ephemeralDefaults(m, 'restricted'),
      defaults: regularDefaults(m, 'restricted:latest'),
      want: 'privileged',
    },
    {
      name: `${m}: a ${m}-version label does not stop the level search`,
      mode: m,
      labels: L(`${m}-version`, 'v1.20'),
      eph: ephemeralDefaults(m, 'restricted'),
      defaults: privilegedLatest,
      want: 'restricted',
    },
  ]);

  it.each(cases)('$name', ({ mode, labels, eph, defaults, want }) => {
    const r = PoliciesToEvaluate(labels, defaults, eph);
    expect(r.ephemeral[mode].level).toBe(want);
    expect(r.policy).toEqual(PolicyToEvaluate(labels, defaults).policy);
    expect(r.errors).toEqual([]);
  });
});

describe('PoliciesToEvaluate: the version chain', () => {
  const cases = modes.flatMap((m) => [
    {
      name: `${m}: 1. ephemeral-${m}-version label`,
      mode: m,
      labels: L(`ephemeral-${m}-version`, 'v1.21', `${m}-version`, 'v1.22'),
      eph: ephemeralDefaults(m, undefined, 'v1.23'),
      defaults: regularDefaults(m, 'privileged:v1.24'),
      want: 'v1.21',
    },
    {
      name: `${m}: 2. ${m}-version label`,
      mode: m,
      labels: L(`${m}-version`, 'v1.22'),
      eph: ephemeralDefaults(m, undefined, 'v1.23'),
      defaults: regularDefaults(m, 'privileged:v1.24'),
      want: 'v1.22',
    },
    {
      name: `${m}: 3. config ephemeral-${m}-version`,
      mode: m,
      labels: L(),
      eph: ephemeralDefaults(m, undefined, 'v1.23'),
      defaults: regularDefaults(m, 'privileged:v1.24'),
      want: 'v1.23',
    },
    {
      name: `${m}: 4. config ${m}-version`,
      mode: m,
      labels: L(),
      eph: {},
      defaults: regularDefaults(m, 'privileged:v1.24'),
      want: 'v1.24',
    },
    {
      name: `${m}: a ${m}-version label (even latest) stops the search before config ephemeral-${m}-version`,
      mode: m,
      labels: L(`${m}-version`, 'latest'),
      eph: ephemeralDefaults(m, undefined, 'v1.23'),
      defaults: regularDefaults(m, 'privileged:v1.24'),
      want: 'latest',
    },
    {
      name: `${m}: a ${m} level label does not stop the version search`,
      mode: m,
      labels: L(m, 'baseline'),
      eph: ephemeralDefaults(m, undefined, 'v1.23'),
      defaults: regularDefaults(m, 'privileged:v1.24'),
      want: 'v1.23',
    },
  ]);

  it.each(cases)('$name', ({ mode, labels, eph, defaults, want }) => {
    const r = PoliciesToEvaluate(labels, defaults, eph);
    expect(r.ephemeral[mode].version).toEqual(ParseVersion(want).value);
    expect(r.errors).toEqual([]);
  });
});

describe('PoliciesToEvaluate: level and version resolve independently', () => {
  it.each([
    {
      name: 'ephemeral level label + regular version label',
      labels: L('ephemeral-audit', 'baseline', 'audit-version', 'v1.22'),
      eph: ephemeralDefaults('audit', 'restricted', 'v1.25'),
      want: 'baseline:v1.22',
    },
    {
      name: 'regular level label + config ephemeral version',
      labels: L('audit', 'restricted'),
      eph: ephemeralDefaults('audit', 'baseline', 'v1.25'),
      want: 'restricted:v1.25',
    },
    {
      name: 'config ephemeral level + ephemeral version label',
      labels: L('ephemeral-audit-version', 'v1.21'),
      eph: ephemeralDefaults('audit', 'baseline', 'v1.25'),
      want: 'baseline:v1.21',
    },
    {
      name: 'config ephemeral level + config regular version',
      labels: L(),
      eph: ephemeralDefaults('audit', 'baseline'),
      want: 'baseline:v1.24',
    },
  ])('$name', ({ labels, eph, want }) => {
    const defaults = regularDefaults('audit', 'privileged:v1.24');
    expect(PoliciesToEvaluate(labels, defaults, eph).ephemeral.audit).toEqual(lv(want));
  });

  it('resolves from the defaults alone when there are no labels', () => {
    const defaults = policy('baseline:v1.30', 'restricted:latest', 'baseline:v1.29');
    const eph: EphemeralDefaults = { enforce: 'privileged', warnVersion: ParseVersion('v1.20').value };
    for (const labels of [undefined, null, {}]) {
      const r = PoliciesToEvaluate(labels, defaults, eph);
      expect(r.policy).toEqual(defaults);
      expect(r.ephemeral).toEqual(policy('privileged:v1.30', 'restricted:latest', 'baseline:v1.20'));
      expect(r.errors).toEqual([]);
    }
  });
});

describe('PoliciesToEvaluate: invalid values', () => {
  const strict = policy('restricted:v1.30', 'restricted:v1.30', 'restricted:v1.30');
  const strictEph: EphemeralDefaults = { enforce: 'baseline', audit: 'restricted', warn: 'restricted' };

  it.each([
    {
      name: 'ephemeral-enforce fails closed, over a privileged label and default',
      labels: L('ephemeral-enforce', 'bogus', 'enforce', 'privileged'),
      defaults: privilegedLatest,
      eph: { enforce: 'privileged' } as EphemeralDefaults,
      mode: 'enforce' as Mode,
      want: 'restricted:latest',
      errors: [invalid('ephemeral-enforce', 'bogus', levelError)],
    },
    {
      name: 'ephemeral-audit fails open, over a restricted label and defaults',
      labels: L('ephemeral-audit', 'Restricted', 'audit', 'restricted'),
      defaults: strict,
      eph: strictEph,
      mode: 'audit' as Mode,
      want: 'privileged:v1.30',
      errors: [invalid('ephemeral-audit', 'Restricted', levelError)],
    },
    {
      name: 'ephemeral-warn fails open, over a restricted label and defaults',
      labels: L('ephemeral-warn', '', 'warn', 'restricted'),
      defaults: strict,
      eph: strictEph,
      mode: 'warn' as Mode,
      want: 'privileged:v1.30',
      errors: [invalid('ephemeral-warn', '', levelError)],
    },
    ...modes.map((m) => ({
      name: `ephemeral-${m}-version falls back to latest, over a version label and defaults`,
      labels: L(`ephemeral-${m}-version`, 'v1.01', m, 'baseline', `${m}-version`, 'v1.22'),
      defaults: strict,
      eph: ephemeralDefaults(m, undefined, 'v1.23'),
      mode: m,
      want: 'baseline:latest',
      errors: [invalid(`ephemeral-${m}-version`, 'v1.01', versionError)],
    })),
    {
      name: 'an invalid enforce label (step 2) evaluates as restricted, reported once',
      labels: L('enforce', 'bogus'),
      defaults: privilegedLatest,
      eph: {},
      mode: 'enforce' as Mode,
      want: 'restricted:latest',
      errors: [invalid('enforce', 'bogus', levelError)],
    },
    {
      name: 'an invalid audit label (step 2) evaluates as privileged, over config ephemeral-audit',
      labels: L('audit', 'bogus'),
      defaults: privilegedLatest,
      eph: { audit: 'restricted' } as EphemeralDefaults,
      mode: 'audit' as Mode,
      want: 'privileged:latest',
      errors: [invalid('audit', 'bogus', levelError)],
    },
    {
      name: 'an invalid warn-version label (step 2) evaluates as latest, over config ephemeral-warn-version',
      labels: L('warn-version', 'v2.0'),
      defaults: privilegedLatest,
      eph: ephemeralDefaults('warn', undefined, 'v1.23'),
      mode: 'warn' as Mode,
      want: 'privileged:latest',
      errors: [invalid('warn-version', 'v2.0', versionError)],
    },
  ])('$name', ({ labels, defaults, eph, mode, want, errors }) => {
    const r = PoliciesToEvaluate(labels, defaults, eph);
    expect(r.ephemeral[mode]).toEqual(lv(want));
    expect(r.errors.map(fieldErrorString)).toEqual(errors);
  });

  it('reports regular errors first in upstream order, then ephemeral ones per mode, level before version', () => {
    const keys = ['enforce', 'audit', 'warn'].flatMap((m) => [m, `${m}-version`]);
    const ephemeralKeys = keys.map((k) => `ephemeral-${k}`);
    // Insertion order reversed, so the order comes from the code, not the label map.
    const kvs = [...keys, ...ephemeralKeys].flatMap((k) => [k, `bad-${k}`]);
    const pairs: string[][] = [];
    for (let i = 0; i < kvs.length; i += 2) pairs.push([kvs[i] as string, kvs[i + 1] as string]);
    const labels = L(...pairs.reverse().flat());

    const r = PoliciesToEvaluate(labels, privilegedLatest, {});
    const detail = (k: string) => (k.endsWith('-version') ? versionError : levelError);
    expect(r.errors.map(fieldErrorString)).toEqual(
      [...keys, ...ephemeralKeys].map((k) => invalid(k, `bad-${k}`, detail(k))),
    );
    expect(r.policy).toEqual(policy('restricted:latest', 'privileged:latest', 'privileged:latest'));
    expect(r.ephemeral).toEqual(policy('restricted:latest', 'privileged:latest', 'privileged:latest'));
  });
});

describe('PoliciesToEvaluate: warn defaulting', () => {
  it.each([
    {
      name: 'from a valid ephemeral-enforce label, with its version',
      labels: L('ephemeral-enforce', 'restricted', 'ephemeral-enforce-version', 'v1.25'),
      want: 'restricted:v1.25',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'from a valid enforce label, with its version (as upstream)',
      labels: L('enforce', 'baseline', 'enforce-version', 'v1.22'),
      want: 'baseline:v1.22',
      regularWarn: 'baseline:v1.22',
    },
    {
      name: 'from the ephemeral enforce level, not the regular one',
      labels: L('enforce', 'baseline', 'ephemeral-enforce', 'restricted'),
      want: 'restricted:latest',
      regularWarn: 'baseline:latest',
    },
    {
      name: 'taking the ephemeral enforce version found at step 2',
      labels: L('ephemeral-enforce', 'restricted', 'enforce-version', 'v1.24'),
      want: 'restricted:v1.24',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'not when ephemeral-warn is set',
      labels: L('ephemeral-enforce', 'restricted', 'ephemeral-warn', 'privileged'),
      want: 'privileged:latest',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'not when warn is set',
      labels: L('ephemeral-enforce', 'restricted', 'warn', 'baseline'),
      want: 'baseline:latest',
      regularWarn: 'baseline:latest',
    },
    {
      name: 'not when an invalid ephemeral-warn is set',
      labels: L('ephemeral-enforce', 'restricted', 'ephemeral-warn', 'bogus'),
      want: 'privileged:latest',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'keeping ephemeral-warn-version',
      labels: L(
        'ephemeral-enforce',
        'restricted',
        'ephemeral-enforce-version',
        'v1.25',
        'ephemeral-warn-version',
        'v1.20',
      ),
      want: 'restricted:v1.20',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'keeping warn-version',
      labels: L(
        'ephemeral-enforce',
        'restricted',
        'ephemeral-enforce-version',
        'v1.25',
        'warn-version',
        'v1.21',
      ),
      want: 'restricted:v1.21',
      regularWarn: 'privileged:v1.21',
    },
    {
      name: 'keeping an invalid ephemeral-warn-version as latest',
      labels: L(
        'ephemeral-enforce',
        'restricted',
        'ephemeral-enforce-version',
        'v1.25',
        'ephemeral-warn-version',
        'x',
      ),
      want: 'restricted:latest',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'not from an invalid ephemeral-enforce label',
      labels: L('ephemeral-enforce', 'bogus'),
      want: 'privileged:latest',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'not from an invalid ephemeral-enforce label, even over a valid enforce label',
      labels: L('ephemeral-enforce', 'bogus', 'enforce', 'baseline'),
      want: 'privileged:latest',
      regularWarn: 'baseline:latest',
    },
    {
      name: 'not from an invalid enforce label',
      labels: L('enforce', 'bogus'),
      want: 'privileged:latest',
      regularWarn: 'privileged:latest',
    },
    {
      name: 'not when the ephemeral enforce level is not stricter',
      labels: L('ephemeral-enforce', 'privileged', 'enforce', 'restricted'),
      want: 'privileged:latest',
      regularWarn: 'restricted:latest',
    },
  ])('$name', ({ labels, want, regularWarn }) => {
    const r = PoliciesToEvaluate(labels, privilegedLatest, {});
    expect(r.ephemeral.warn).toEqual(lv(want));
    expect(r.policy.warn).toEqual(lv(regularWarn));
  });

  it.each([
    {
      name: 'not from config ephemeral-enforce',
      labels: L(),
      defaults: privilegedLatest,
      eph: { enforce: 'restricted' } as EphemeralDefaults,
      want: 'privileged:latest',
    },
    {
      name: 'not from config enforce',
      labels: L(),
      defaults: policy('restricted:latest', 'privileged:latest', 'privileged:latest'),
      eph: {},
      want: 'privileged:latest',
    },
    {
      name: 'over a less strict config ephemeral-warn, replacing its version',
      labels: L('ephemeral-enforce', 'restricted', 'ephemeral-enforce-version', 'v1.25'),
      defaults: privilegedLatest,
      eph: ephemeralDefaults('warn', 'baseline', 'v1.23'),
      want: 'restricted:v1.25',
    },
    {
      name: 'not over a config ephemeral-warn at least as strict',
      labels: L('ephemeral-enforce', 'baseline'),
      defaults: privilegedLatest,
      eph: ephemeralDefaults('warn', 'restricted', 'v1.23'),
      want: 'restricted:v1.23',
    },
    {
      name: 'not over a config warn at least as strict',
      labels: L('ephemeral-enforce', 'baseline'),
      defaults: policy('privileged:latest', 'privileged:latest', 'baseline:v1.22'),
      eph: {},
      want: 'baseline:v1.22',
    },
  ])('$name', ({ labels, defaults, eph, want }) => {
    expect(PoliciesToEvaluate(labels, defaults, eph).ephemeral.warn).toEqual(lv(want));
  });
});

describe('PoliciesToEvaluate: backward compatibility invariant', () => {
  const regularKeys = ['enforce', 'audit', 'warn'];
  const levelValues = ['privileged', 'baseline', 'restricted', 'bogus', '', 'Baseline'];
  const versionValues = ['latest', 'v1.0', 'v1.22', 'v1.37', 'v1.999', 'v2.0', 'v1.01', ''];
  const levelArb = fc.constantFrom<Level>('privileged', 'baseline', 'restricted');
  const versionArb = fc.constantFrom('latest', 'v1.0', 'v1.22', 'v1.30').map((v) => ParseVersion(v).value);
  const lvArb = fc.record({ level: levelArb, version: versionArb });
  const labelsArb = fc.record(
    {
      ...Object.fromEntries(regularKeys.map((k) => [labelPrefix + k, fc.constantFrom(...levelValues)])),
      ...Object.fromEntries(
        regularKeys.map((k) => [`${labelPrefix}${k}-version`, fc.constantFrom(...versionValues)]),
      ),
      unrelated: fc.string(),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;

  it('without ephemeral labels or defaults, the ephemeral policy equals the regular one', () => {
    fc.assert(
      fc.property(labelsArb, lvArb, lvArb, lvArb, (labels, enforce, audit, warn) => {
        const defaults: Policy = { enforce, audit, warn };
        const upstream = PolicyToEvaluate(labels, defaults);
        const r = PoliciesToEvaluate(labels, defaults);
        expect(r.policy).toEqual(upstream.policy);
        expect(r.ephemeral).toEqual(upstream.policy);
        expect(r.errors).toEqual(upstream.errors);
      }),
      { seed: 20260701, numRuns: 500 },
    );
  });

  it('holds with an empty ephemeral defaults object whose keys are undefined', () => {
    const labels = L('enforce', 'restricted', 'warn-version', 'v1.22');
    const eph: EphemeralDefaults = { enforce: undefined, warn: undefined, warnVersion: undefined };
    const r = PoliciesToEvaluate(labels, privilegedLatest, eph);
    expect(r.ephemeral).toEqual(r.policy);
  });
});

describe('policiesFullyPrivileged', () => {
  const p = (s: string) => policy(s, s, s);
  it.each([
    ['both privileged', p('privileged:latest'), p('privileged:latest'), true],
    ['privileged at other versions', p('privileged:v1.20'), p('privileged:v1.0'), true],
    ['ephemeral baseline', p('privileged:latest'), p('baseline:latest'), false],
    ['regular baseline', p('baseline:latest'), p('privileged:latest'), false],
    [
      'one ephemeral mode not privileged',
      p('privileged:latest'),
      policy('privileged:latest', 'privileged:latest', 'restricted:latest'),
      false,
    ],
    [
      'one regular mode not privileged',
      policy('privileged:latest', 'baseline:latest', 'privileged:latest'),
      p('privileged:latest'),
      false,
    ],
  ] as [string, Policy, Policy, boolean][])('%s', (_name, regular, ephemeral, want) => {
    expect(policiesFullyPrivileged({ policy: regular, ephemeral })).toBe(want);
  });

  it.each([
    ['no labels', L(), {}, true],
    ['ephemeral-enforce=baseline', L('ephemeral-enforce', 'baseline'), {}, false],
    ['ephemeral-warn=restricted', L('ephemeral-warn', 'restricted'), {}, false],
    ['invalid ephemeral-enforce', L('ephemeral-enforce', 'bogus'), {}, false],
    ['invalid ephemeral-audit fails open', L('ephemeral-audit', 'bogus'), {}, true],
    ['config ephemeral-audit=baseline', L(), { audit: 'baseline' }, false],
    ['config ephemeral-enforce=privileged', L(), { enforce: 'privileged' }, true],
  ] as [string, Record<string, string>, EphemeralDefaults, boolean][])(
    'from resolution: %s',
    (_name, labels, eph, want) => {
      expect(policiesFullyPrivileged(PoliciesToEvaluate(labels, privilegedLatest, eph))).toBe(want);
    },
  );
});
