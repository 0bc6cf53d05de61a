// ParseVersion edge cases (upstream's regexp and error text), version ordering and equality.
import { describe, expect, it } from 'vitest';
import {
  LatestVersion,
  MajorMinorVersion,
  nextMinor,
  ParseVersion,
  versionEqual,
  versionOlder,
  versionParseError,
  versionString,
  type Version,
} from './version.js';

const v = MajorMinorVersion;
const latest = LatestVersion();

describe('ParseVersion', () => {
  it.each([
    // the two accepted shapes
    ['latest', latest],
    ['v1.0', v(1, 0)],
    ['v1.9', v(1, 9)],
    ['v1.999', v(1, 999)],
    // large minors are accepted as long as they are exact integers
    ['v1.4294967296', v(1, 4294967296)],
    ['v1.9007199254740991', v(1, Number.MAX_SAFE_INTEGER)],
  ])('accepts %j', (input, expected) => {
    const r = ParseVersion(input);
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual(expected);
  });

  it.each([
    '',
    'v1.01', // leading zero
    'v1.00',
    'v2.0', // only major 1
    'v0.1',
    'v1',
    'v1.',
    '1.1',
    'V1.1',
    'v1.1.0',
    'v1.-1',
    'v1.+1',
    'v1.1 ',
    ' v1.1',
    'v1.1\n',
    'Latest',
    'latest ',
    'v1.1e3',
    'v1.0x10',
    'v1.١', // non-ASCII digit
    'v1.9223372036854775808', // beyond Go's int64: strconv.Atoi fails too
  ])('rejects %j as latest with upstream error', (input) => {
    expect(ParseVersion(input)).toEqual({ value: latest, error: 'must be "latest" or "v1.x"' });
  });

  it('exports the error text', () => expect(versionParseError).toBe('must be "latest" or "v1.x"'));
});

describe('versionOlder', () => {
  it.each([
    [v(1, 0), v(1, 1), true],
    [v(1, 1), v(1, 0), false],
    [v(1, 5), v(1, 5), false],
    [v(1, 9), v(1, 10), true], // numeric, not lexical
    [v(1, 100), v(2, 0), true], // major compared first
    [v(2, 0), v(1, 100), false],
    [v(0, 0), v(1, 0), true],
    [v(1, 99999), latest, true], // latest is newer than every version
    [latest, v(1, 99999), false],
    [latest, latest, false],
  ] as [Version, Version, boolean][])('%j older than %j: %s', (a, b, want) => {
    expect(versionOlder(a, b)).toBe(want);
  });
});

describe('versionEqual, versionString, nextMinor', () => {
  it('compares by value', () => {
    expect(versionEqual(v(1, 25), v(1, 25))).toBe(true);
    expect(versionEqual(v(1, 25), v(1, 26))).toBe(false);
    expect(versionEqual(latest, LatestVersion())).toBe(true);
    expect(versionEqual(latest, v(0, 0))).toBe(false);
  });

  it.each([
    [latest, 'latest'],
    [v(1, 0), 'v1.0'],
    [v(1, 37), 'v1.37'],
  ] as [Version, string][])('%j prints as %s', (ver, s) => expect(versionString(ver)).toBe(s));

  it('round-trips through ParseVersion', () => {
    for (const s of ['latest', 'v1.0', 'v1.37', 'v1.10000'])
      expect(versionString(ParseVersion(s).value)).toBe(s);
  });

  it('increments the minor, leaving latest alone', () => {
    expect(nextMinor(v(1, 9))).toEqual(v(1, 10));
    expect(nextMinor(latest)).toBe(latest);
  });

  it('returns frozen values', () => {
    expect(Object.isFrozen(v(1, 2))).toBe(true);
    expect(Object.isFrozen(latest)).toBe(true);
  });
});
