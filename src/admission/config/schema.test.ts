import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultedString, optionalString, stringList, struct, withoutUndefined } from './schema.js';

describe('schema building blocks', () => {
  it.each([
    { input: undefined, out: 'privileged' },
    { input: null, out: 'privileged' },
    { input: '', out: 'privileged' },
    { input: 'baseline', out: 'baseline' },
  ])('defaultedString($input) = $out', ({ input, out }) => {
    expect(defaultedString('privileged').parse(input)).toBe(out);
  });

  it.each([
    { input: undefined, out: undefined },
    { input: null, out: undefined },
    { input: '', out: undefined },
    { input: 'bogus', out: 'bogus' },
  ])('optionalString($input) = $out', ({ input, out }) => {
    expect(optionalString().parse(input)).toBe(out);
  });

  it.each([
    { input: undefined, out: [] },
    { input: null, out: [] },
    { input: ['a', null], out: ['a', ''] },
  ])('stringList($input)', ({ input, out }) => {
    expect(stringList().parse(input)).toEqual(out);
  });

  it('applies nested defaults to an absent or null struct (prefault), where .default({}) would not', () => {
    const inner = z.strictObject({ level: defaultedString('privileged') });
    const withPrefault = z.strictObject({ d: struct(inner) });
    const withDefault = z.strictObject({ d: inner.default({} as never) });
    expect(withPrefault.parse({})).toEqual({ d: { level: 'privileged' } });
    expect(withPrefault.parse({ d: null })).toEqual({ d: { level: 'privileged' } });
    // the zod 4 trap this guards against: .default returns {} without parsing it
    expect(withDefault.parse({})).toEqual({ d: {} });
  });

  it('withoutUndefined drops only undefined values', () => {
    expect(withoutUndefined({ a: 1, b: undefined, c: '' })).toStrictEqual({ a: 1, c: '' });
  });
});
