// Fuzzing of the namespace label parsers (ParseLevel, ParseVersion, PolicyToEvaluate, PoliciesToEvaluate)
// with generated and mutated label maps: arbitrary keys and values, huge strings, prototype-like keys,
// reordered keys and unrelated labels. Fixed seeds and bounded runs, so failures replay.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelPrefix, modeLabels, modes, validLevels, type Level, type Mode } from './constants.js';
import { PoliciesToEvaluate, type EphemeralDefaults, type NamespacePolicies } from './ephemeral.js';
import { levelParseError, ParseLevel, PolicyToEvaluate, type Policy } from './helpers.js';
import { MajorMinorVersion, ParseVersion, versionParseError, versionString } from './version.js';

const seed = 7_000_001;

/** Every pod-security label key, regular and ephemeral. */
const policyKeys: readonly string[] = modes.flatMap((m) => Object.values(modeLabels[m]));
const levelKeys = new Set(modes.flatMap((m) => [modeLabels[m].level, modeLabels[m].ephemeralLevel]));

/** Own data property, as JSON.parse creates it (`__proto__` stays a plain key). */
function setOwn(o: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function labelsFrom(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of entries) setOwn(o, k, v);
  return o;
}

/** Deterministic Fisher-Yates shuffle driven by a seed (mulberry32). */
function shuffled<T>(items: readonly T[], s: number): T[] {
  let state = s >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const huge = 'x'.repeat(1 << 20);
const oddStrings = fc.constantFrom(
  '',
  ' ',
  'Restricted',
  ' baseline',
  'baseline ',
  'privileged\n',
  'v1',
  'v1.01',
  'v1.-1',
  'V1.2',
  'v2.0',
  'v1.99999999999999999999',
  'latest ',
  '\u0000',
  '\u{1F600}',
  'restricted\u200b',
  huge,
);
const levelValues = fc.oneof(fc.constantFrom(...validLevels), oddStrings, fc.string({ maxLength: 12 }));
const versionValues = fc.oneof(
  fc.constantFrom('latest', 'v1.0', 'v1.23', 'v1.30', 'v1.35', 'v1.999'),
  oddStrings,
  fc.string({ maxLength: 12 }),
);
/** Keys that are not pod-security keys but look like them, or like Object.prototype members. */
const otherKeys = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    `${labelPrefix}Enforce`,
    `${labelPrefix}enforce `,
    `${labelPrefix}ephemeral`,
    `${labelPrefix}ephemeral-enforce-level`,
    'pod-security.kubernetes.io.enforce',
    'enforce',
    'kubernetes.io/metadata.name',
    huge,
  ),
  fc.string({ maxLength: 30 }),
);

const policyEntry = fc
  .constantFrom(...policyKeys)
  .chain((key) => fc.tuple(fc.constant(key), levelKeys.has(key) ? levelValues : versionValues));
const otherEntry = fc.tuple(otherKeys, fc.oneof(fc.string({ maxLength: 20 }), oddStrings));

const policyEntries = fc.uniqueArray(policyEntry, { selector: ([k]) => k, maxLength: 12 });
const otherEntries = fc
  .uniqueArray(otherEntry, { selector: ([k]) => k, maxLength: 6 })
  .map((es) => es.filter(([k]) => !policyKeys.includes(k)));

const lvArb = fc.record({
  level: fc.constantFrom(...validLevels),
  version: fc.constantFrom(ParseVersion('latest').value, MajorMinorVersion(1, 25), MajorMinorVersion(1, 0)),
});
const defaultsArb: fc.Arbitrary<Policy> = fc.record({ enforce: lvArb, audit: lvArb, warn: lvArb });
const ephemeralDefaultsArb: fc.Arbitrary<EphemeralDefaults> = fc.record(
  {
    enforce: fc.constantFrom(...validLevels),
    enforceVersion: lvArb.map((l) => l.version),
    audit: fc.constantFrom(...validLevels),
    auditVersion: lvArb.map((l) => l.version),
    warn: fc.constantFrom(...validLevels),
    warnVersion: lvArb.map((l) => l.version),
  },
  { requiredKeys: [] },
);

const scenario = fc.record({
  policy: policyEntries,
  other: otherEntries,
  defaults: defaultsArb,
  ephemeralDefaults: ephemeralDefaultsArb,
  order: fc.integer(),
});

function resolve(
  entries: readonly (readonly [string, string])[],
  s: { defaults: Policy; ephemeralDefaults: EphemeralDefaults },
): NamespacePolicies {
  return PoliciesToEvaluate(labelsFrom(entries), s.defaults, s.ephemeralDefaults);
}

/** What an invalid level evaluates as: enforce fails closed, audit and warn fail open. */
const failLevel: Readonly<Record<Mode, Level>> = {
  enforce: 'restricted',
  audit: 'privileged',
  warn: 'privileged',
};

describe('ParseLevel and ParseVersion on arbitrary strings', () => {
  it('ParseLevel accepts exactly the three levels and fails closed to restricted (5000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(levelValues, fc.string({ unit: 'binary', maxLength: 40 })), (s) => {
        const r = ParseLevel(s);
        if ((validLevels as readonly string[]).includes(s)) expect(r).toEqual({ value: s });
        else expect(r).toEqual({ value: 'restricted', error: levelParseError });
      }),
      { seed, numRuns: 5000 },
    );
  });

  it('ParseVersion accepts latest and v1.N without leading zeros, round-trips, and falls back to latest (5000 runs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          versionValues,
          fc.nat().map((n) => `v1.${n}`),
          fc.string({ unit: 'binary', maxLength: 40 }),
        ),
        (s) => {
          const r = ParseVersion(s);
          const valid = s === 'latest' || /^v1\.(0|[1-9][0-9]*)$/.test(s);
          const minor = Number(s.slice(3));
          if (valid && (s === 'latest' || Number.isSafeInteger(minor))) {
            expect(r.error).toBeUndefined();
            expect(versionString(r.value)).toBe(s);
          } else {
            expect(r.error).toBe(versionParseError);
            expect(r.value.latest).toBe(true);
          }
        },
      ),
      { seed, numRuns: 5000 },
    );
  });
});

describe('PoliciesToEvaluate on generated label maps', () => {
  it('is total and ignores key order and unrelated labels (3000 runs)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const base = resolve(s.policy, s);
        const reordered = resolve(shuffled([...s.policy, ...s.other], s.order), s);
        expect(reordered).toEqual(base);
        expect(PolicyToEvaluate(labelsFrom(shuffled(s.policy, s.order + 1)), s.defaults)).toEqual(
          PolicyToEvaluate(labelsFrom(s.policy), s.defaults),
        );
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('reports one error per invalid pod-security label, in key order, and fails enforce closed (3000 runs)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const labels = labelsFrom([...s.policy, ...s.other]);
        const got = PoliciesToEvaluate(labels, s.defaults, s.ephemeralDefaults);
        const invalid = policyKeys.filter((k) => {
          const v = s.policy.find(([key]) => key === k)?.[1];
          if (v === undefined) return false;
          return levelKeys.has(k) ? ParseLevel(v).error !== undefined : ParseVersion(v).error !== undefined;
        });
        // Regular keys first (upstream order), then the ephemeral ones, each mode by mode.
        const regularOrder = modes.flatMap((m) => [modeLabels[m].level, modeLabels[m].version]);
        const ephemeralOrder = modes.flatMap((m) => [
          modeLabels[m].ephemeralLevel,
          modeLabels[m].ephemeralVersion,
        ]);
        const want = [...regularOrder, ...ephemeralOrder].filter((k) => invalid.includes(k));
        expect(got.errors.map((e) => e.field)).toEqual(want.map((k) => `metadata.labels[${k}]`));
        for (const mode of modes) {
          const keys = modeLabels[mode];
          if (invalid.includes(keys.level)) expect(got.policy[mode].level).toBe(failLevel[mode]);
          if (invalid.includes(keys.ephemeralLevel)) expect(got.ephemeral[mode].level).toBe(failLevel[mode]);
        }
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('gives the regular policy to ephemeral containers when no ephemeral key is set (3000 runs)', () => {
    const noEphemeral = fc.record({
      policy: policyEntries.map((es) => es.filter(([k]) => !k.startsWith(`${labelPrefix}ephemeral-`))),
      other: otherEntries,
      defaults: defaultsArb,
    });
    fc.assert(
      fc.property(noEphemeral, (s) => {
        const got = PoliciesToEvaluate(labelsFrom([...s.policy, ...s.other]), s.defaults, {});
        expect(got.ephemeral).toEqual(got.policy);
        expect(got.policy).toEqual(PolicyToEvaluate(labelsFrom(s.policy), s.defaults).policy);
      }),
      { seed, numRuns: 3000 },
    );
  });

  it.each([
    // own keys named like Object.prototype members are plain labels
    { name: '__proto__ key', entries: [['__proto__', 'restricted']] },
    { name: 'constructor key', entries: [['constructor', 'privileged']] },
    // a 1 MiB value is an invalid level, quoted in the error
    { name: 'huge enforce value', entries: [[`${labelPrefix}enforce`, huge]] },
  ] as { name: string; entries: [string, string][] }[])('handles $name', ({ entries }) => {
    const got = PoliciesToEvaluate(labelsFrom(entries), {
      enforce: { level: 'baseline', version: ParseVersion('latest').value },
      audit: { level: 'privileged', version: ParseVersion('latest').value },
      warn: { level: 'privileged', version: ParseVersion('latest').value },
    });
    const enforceSet = entries.some(([k]) => k === `${labelPrefix}enforce`);
    expect(got.policy.enforce.level).toBe(enforceSet ? 'restricted' : 'baseline');
    expect(got.errors).toHaveLength(enforceSet ? 1 : 0);
    expect(Object.getPrototypeOf(labelsFrom(entries))).toBe(Object.prototype);
  });
});
