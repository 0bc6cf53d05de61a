// Fuzzing of the configuration loader (loadConfigFromData): generated PodSecurityConfiguration documents
// as JSON and YAML, reordered, with unknown fields, wrong types, nulls, damaged text, huge strings and
// deep nesting. Every failure must be a one-line ConfigError. Fixed seeds and bounded runs.
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './fielderrors.js';
import { loadConfigFromData } from './load.js';
import { maxJSONDepth } from './parse.js';
import { toPolicy, type PodSecurityConfiguration } from './types.js';

const seed = 7_000_002;
const group = 'pod-security.admission.config.k8s.io';

type Outcome = { ok: PodSecurityConfiguration } | { error: ConfigError };

/** Loads, and fails the test on any throw that is not a ConfigError. */
function load(text: string): Outcome {
  try {
    return { ok: loadConfigFromData(text, 'fuzz.yaml') };
  } catch (err) {
    if (!(err instanceof ConfigError)) {
      throw new Error(`not a ConfigError: ${String(err)} for ${JSON.stringify(text.slice(0, 300))}`);
    }
    expect(err.message.startsWith('fuzz.yaml: ')).toBe(true);
    expect(err.message).not.toMatch(/\n\s+at /);
    return { error: err };
  }
}

/** Deterministic Fisher-Yates shuffle of object keys, all the way down (mulberry32 seed). */
function shuffleKeys(value: unknown, s: number): unknown {
  let state = s >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [keys[i], keys[j]] = [keys[j] as string, keys[i] as string];
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const child = walk((v as Record<string, unknown>)[k]);
      Object.defineProperty(out, k, { value: child, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(value);
}

const levelish = fc.constantFrom('privileged', 'baseline', 'restricted', 'Baseline', '', 'bogus');
const versionish = fc.constantFrom('latest', 'v1.0', 'v1.25', 'v1.35', 'v1', '1.25', 'v1.01', '');
const defaultKeys = ['enforce', 'audit', 'warn', 'ephemeral-enforce', 'ephemeral-audit', 'ephemeral-warn'];
const defaultsArb = fc.record(
  Object.fromEntries(
    defaultKeys.flatMap((k) => [
      [k, fc.oneof(levelish, fc.constant(null))],
      [`${k}-version`, fc.oneof(versionish, fc.constant(null))],
    ]),
  ) as Record<string, fc.Arbitrary<string | null>>,
  { requiredKeys: [] },
);
const names = fc.constantFrom(
  'kube-system',
  'team-a',
  'alice',
  'system:serviceaccount:x:y',
  'Bad_Name',
  '',
  'a.b',
);
const exemptionsArb = fc.record(
  {
    usernames: fc.oneof(fc.array(names, { maxLength: 3 }), fc.constant(null)),
    namespaces: fc.oneof(fc.array(names, { maxLength: 3 }), fc.constant(null)),
    runtimeClasses: fc.oneof(fc.array(names, { maxLength: 3 }), fc.constant(null)),
  },
  { requiredKeys: [] },
);
const documentArb = fc.record(
  {
    apiVersion: fc.constantFrom(`${group}/v1`, `${group}/v1beta1`, `${group}/v1alpha1`),
    kind: fc.constant('PodSecurityConfiguration'),
    defaults: fc.oneof(defaultsArb, fc.constant(null)),
    exemptions: fc.oneof(exemptionsArb, fc.constant(null)),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

/** Values of every JSON type, including awkward ones. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, '', 'x'.repeat(65_536), [], {}, [[[]]], { a: { b: {} } }),
);

function toYAML(doc: unknown): string {
  return YAML.stringify(doc, { version: '1.1' });
}

describe('loadConfigFromData on generated documents', () => {
  it('throws only ConfigError, and a loaded configuration always converts to a policy (2000 runs)', () => {
    fc.assert(
      fc.property(documentArb, fc.boolean(), (doc, asYAML) => {
        const out = load(asYAML ? toYAML(doc) : JSON.stringify(doc));
        if ('ok' in out) expect(() => toPolicy(out.ok.defaults)).not.toThrow();
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('gives the same result for JSON and YAML, whatever the key order (2000 runs)', () => {
    fc.assert(
      fc.property(documentArb, fc.integer(), (doc, order) => {
        const json = load(JSON.stringify(doc));
        const reordered = shuffleKeys(doc, order);
        for (const other of [load(JSON.stringify(reordered)), load(toYAML(reordered))]) {
          if ('ok' in json) expect(other).toEqual(json);
          else expect('error' in other && other.error.message).toBe(json.error.message);
        }
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('refuses every unknown field, at any level, with its path (1000 runs)', () => {
    const unknownKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'Enforce',
      'defaults ',
      'x',
      '',
    );
    fc.assert(
      fc.property(
        documentArb,
        unknownKey,
        fc.constantFrom('', 'defaults', 'exemptions'),
        junk,
        (doc, key, at, v) => {
          const target = { ...doc } as Record<string, unknown>;
          const holder = at === '' ? target : { ...((target[at] ?? {}) as Record<string, unknown>) };
          Object.defineProperty(holder, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          if (at !== '') target[at] = holder;
          const out = load(JSON.stringify(target));
          expect('error' in out).toBe(true);
          const path = at === '' ? key : `${at}.${key}`;
          if ('error' in out && out.error.message.includes('strict decoding error')) {
            expect(out.error.message).toContain(`unknown field ${JSON.stringify(path)}`);
          }
        },
      ),
      { seed, numRuns: 1000 },
    );
  });

  it('throws only ConfigError for wrong types and nulls in every field (2000 runs)', () => {
    const field = fc.constantFrom(
      'apiVersion',
      'kind',
      'defaults',
      'exemptions',
      ...defaultKeys.map((k) => `defaults.${k}`),
      'exemptions.usernames',
      'exemptions.namespaces',
      'exemptions.runtimeClasses',
    );
    fc.assert(
      fc.property(documentArb, field, junk, fc.boolean(), (doc, path, value, asYAML) => {
        const target = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
        const [head, tail] = path.split('.') as [string, string | undefined];
        if (tail === undefined) target[head] = value;
        else target[head] = { ...((target[head] ?? {}) as object), [tail]: value };
        load(asYAML ? toYAML(target) : JSON.stringify(target));
      }),
      { seed, numRuns: 2000 },
    );
  });
});

/** Damage done to a valid document's text: cut, inserted syntax characters, repeated lines. */
const edit = fc.record({
  at: fc.nat(),
  cut: fc.nat({ max: 20 }),
  insert: fc.oneof(
    fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      '"',
      "'",
      '\n',
      ' ',
      '-',
      '&a',
      '*a',
      '!',
      '|',
      '>',
      '#',
      '%',
      '@',
      '`',
      '\t',
      '<<: ',
      '? ',
      '---\n',
      '\\',
      '\u0000',
      '\ufeff',
    ),
    fc.string({ maxLength: 4 }),
  ),
});

describe('loadConfigFromData on damaged and arbitrary text', () => {
  it('throws only ConfigError for valid documents with edits (3000 runs)', () => {
    fc.assert(
      fc.property(
        documentArb,
        fc.boolean(),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (doc, asYAML, edits) => {
          let text = asYAML ? toYAML(doc) : JSON.stringify(doc, null, 1);
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          load(text);
        },
      ),
      { seed, numRuns: 3000 },
    );
  });

  it('throws only ConfigError for arbitrary strings and bytes (3000 runs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder().decode(b)),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.jsonValue({ maxDepth: 4 }).map((v) => toYAML(v)),
        ),
        (text) => void load(text),
      ),
      { seed, numRuns: 3000 },
    );
  });

  const header = `apiVersion: ${group}/v1\nkind: PodSecurityConfiguration\n`;
  const jsonHeader = `"apiVersion":"${group}/v1","kind":"PodSecurityConfiguration"`;
  const nest = (open: string, close: string, depth: number, inner = '1') =>
    open.repeat(depth) + inner + close.repeat(depth);
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]']
    .concat(
      ['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`),
    )
    .join('\n');

  it.each([
    // regression: JSON nested a few thousand levels deep overflowed the stack (RangeError, not ConfigError)
    {
      name: 'JSON arrays 5000 deep',
      text: `{${jsonHeader},"x":${nest('[', ']', 5000)}}`,
      want: `fuzz.yaml: couldn't get version/kind; json parse error: exceeded max depth of ${maxJSONDepth}`,
    },
    {
      name: 'JSON objects 100000 deep',
      text: `{${jsonHeader},"defaults":${nest('{"a":', '}', 100_000)}}`,
      want: `fuzz.yaml: couldn't get version/kind; json parse error: exceeded max depth of ${maxJSONDepth}`,
    },
    // exactly at the limit: decoded as usual (the outer object is level 1)
    {
      name: `JSON nested ${maxJSONDepth} deep`,
      text: `{${jsonHeader},"x":${nest('[', ']', maxJSONDepth - 1, '')}}`,
      want: 'fuzz.yaml: strict decoding error: unknown field "x"',
    },
    // regression: aliases are resolved by toJS, which threw ReferenceError
    {
      name: 'a billion laughs',
      text: `${header}${laughs}\n`,
      want: 'fuzz.yaml: error converting YAML to JSON: yaml: Excessive alias count indicates a resource exhaustion attack',
    },
    {
      name: 'an unknown anchor',
      text: `${header}defaults: *nope\n`,
      want: 'fuzz.yaml: error converting YAML to JSON: yaml: Unresolved alias (the anchor must be set before the alias): nope',
    },
    // the YAML parser reports its own stack exhaustion as a syntax error
    {
      name: 'YAML flow 5000 deep',
      text: `${header}x: ${nest('[', ']', 5000)}\n`,
      want: expect.stringMatching(/^fuzz\.yaml: error converting YAML to JSON: yaml: /),
    },
    // a 1 MiB value is quoted in the validation error
    {
      name: 'a huge level',
      text: `${header}defaults:\n  enforce: ${'x'.repeat(1 << 20)}\n`,
      want: `fuzz.yaml: defaults.enforce: Invalid value: "${'x'.repeat(1 << 20)}": must be one of privileged, baseline, restricted`,
    },
  ])('refuses $name with a ConfigError', ({ text, want }) => {
    const out = load(text);
    expect('error' in out && out.error.message).toEqual(want);
  });
});
