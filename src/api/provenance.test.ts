// The sources PolicyToEvaluate and PoliciesToEvaluate record (for `explain`): for any labels and
// defaults, each recorded source reproduces the resolved level or version and is the first step set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelPrefix, modeLabels, modes, type Level, type Mode } from './constants.js';
import { PoliciesToEvaluate, type EphemeralDefaults } from './ephemeral.js';
import { getLabel, isValidLevel, type Labels, type Policy, type ValueSource } from './helpers.js';
import { ParseVersion, versionString, type Version } from './version.js';

const failLevel: Record<Mode, Level> = { enforce: 'restricted', audit: 'privileged', warn: 'privileged' };
type Part = 'level' | 'version';

function labelKey(mode: Mode, part: Part, ephemeral: boolean): string {
  const k = modeLabels[mode];
  if (part === 'level') return ephemeral ? k.ephemeralLevel : k.level;
  return ephemeral ? k.ephemeralVersion : k.version;
}

function valid(part: Part, raw: string): boolean {
  return part === 'level' ? isValidLevel(raw) : ParseVersion(raw).error === undefined;
}

/** The value a label evaluates as: itself when valid, else the mode's fail value. */
function labelValue(mode: Mode, part: Part, raw: string): string {
  if (part === 'level') return isValidLevel(raw) ? raw : failLevel[mode];
  return versionString(ParseVersion(raw).value);
}

function defaultValue(
  d: Policy,
  e: EphemeralDefaults,
  mode: Mode,
  part: Part,
  eph: boolean,
): string | undefined {
  if (!eph) return part === 'level' ? d[mode].level : versionString(d[mode].version);
  const v = part === 'level' ? e[mode] : e[`${mode}Version`];
  return v === undefined ? undefined : typeof v === 'string' ? v : versionString(v as Version);
}

/** Checks one recorded source against the inputs; returns the value the source says it gave. */
function expectedFromSource(
  s: ValueSource,
  kind: 'policy' | 'ephemeral',
  mode: Mode,
  part: Part,
  labels: Labels,
  d: Policy,
  e: EphemeralDefaults,
): string | undefined {
  const eph = kind === 'ephemeral';
  const own = getLabel(labels, labelKey(mode, part, false));
  const ephLabel = eph ? getLabel(labels, labelKey(mode, part, true)) : undefined;
  switch (s.step) {
    case 'ephemeral-label':
      expect(eph && ephLabel !== undefined).toBe(true);
      expect(s.invalid).toBe(!valid(part, ephLabel as string));
      return labelValue(mode, part, ephLabel as string);
    case 'label':
      expect(ephLabel).toBeUndefined();
      expect(own).toBeDefined();
      expect(s.invalid).toBe(!valid(part, own as string));
      return labelValue(mode, part, own as string);
    case 'ephemeral-default':
      expect(eph && ephLabel === undefined && own === undefined).toBe(true);
      return defaultValue(d, e, mode, part, true);
    case 'default':
      expect(ephLabel === undefined && own === undefined).toBe(true);
      if (eph) expect(defaultValue(d, e, mode, part, true)).toBeUndefined();
      return defaultValue(d, e, mode, part, false);
    case 'warn-defaulting':
      expect(mode).toBe('warn');
      return undefined; // checked against enforce by the caller
  }
}

const levelValues = ['privileged', 'baseline', 'restricted', 'bogus'];
const versionValues = ['latest', 'v1.22', 'v1.30', 'v2'];
const keys = modes.flatMap((m) => [m, `${m}-version`, `ephemeral-${m}`, `ephemeral-${m}-version`]);
const labelsArb = fc.record(
  Object.fromEntries(
    keys.map((k) => [
      labelPrefix + k,
      fc.constantFrom(...(k.endsWith('version') ? versionValues : levelValues)),
    ]),
  ),
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, string>>;
const levelArb = fc.constantFrom<Level>('privileged', 'baseline', 'restricted');
const versionArb = fc.constantFrom('latest', 'v1.20', 'v1.25').map((v) => ParseVersion(v).value);
const lvArb = fc.record({ level: levelArb, version: versionArb });
const ephArb = fc.record(
  {
    enforce: levelArb,
    enforceVersion: versionArb,
    audit: levelArb,
    auditVersion: versionArb,
    warn: levelArb,
    warnVersion: versionArb,
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EphemeralDefaults>;

describe('resolution sources', () => {
  it('each source reproduces its value, and warn defaulting copies enforce', () => {
    fc.assert(
      fc.property(labelsArb, lvArb, lvArb, lvArb, ephArb, (labels, enforce, audit, warn, e) => {
        const d: Policy = { enforce, audit, warn };
        const r = PoliciesToEvaluate(labels, d, e);
        for (const kind of ['policy', 'ephemeral'] as const) {
          for (const mode of modes) {
            const lv = r[kind][mode];
            const src = r.sources[kind][mode];
            const level = expectedFromSource(src.level, kind, mode, 'level', labels, d, e);
            expect(level ?? r[kind].enforce.level).toBe(lv.level);
            const version = expectedFromSource(src.version, kind, mode, 'version', labels, d, e);
            expect(version ?? versionString(r[kind].enforce.version)).toBe(versionString(lv.version));
            if (src.version.step === 'warn-defaulting') expect(src.level.step).toBe('warn-defaulting');
          }
        }
      }),
      { seed: 20261204, numRuns: 2000 },
    );
  });

  it.each([
    ['no labels', {}, 'default', 'default'],
    [
      'ephemeral-enforce set',
      { [`${labelPrefix}ephemeral-enforce`]: 'baseline' },
      'default',
      'ephemeral-label',
    ],
    ['invalid enforce', { [`${labelPrefix}enforce`]: 'x' }, 'label', 'label'],
  ])('%s: enforce level sources', (_n, labels, regular, ephemeral) => {
    const p: Policy = {
      enforce: { level: 'privileged', version: ParseVersion('latest').value },
      audit: { level: 'privileged', version: ParseVersion('latest').value },
      warn: { level: 'privileged', version: ParseVersion('latest').value },
    };
    const r = PoliciesToEvaluate(labels, p, {});
    expect(r.sources.policy.enforce.level.step).toBe(regular);
    expect(r.sources.ephemeral.enforce.level.step).toBe(ephemeral);
  });
});
