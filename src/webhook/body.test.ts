import { describe, expect, it } from 'vitest';
import { goJSON } from './body.js';

describe('goJSON', () => {
  it.each([
    // HTML characters escaped as Go's json.Encoder does, plus the trailing newline
    [{ m: 'a <b> & c' }, '{"m":"a \\u003cb\\u003e \\u0026 c"}\n'],
    [{ m: 'line\u2028para\u2029' }, '{"m":"line\\u2028para\\u2029"}\n'],
    // everything else as JSON.stringify
    [{ uid: 'x', allowed: true, n: null }, '{"uid":"x","allowed":true,"n":null}\n'],
    ['é"\n', '"é\\"\\n"\n'],
  ])('encodes %j', (value, want) => {
    expect(goJSON(value)).toBe(want);
  });

  it('returns undefined for undefined', () => {
    expect(goJSON(undefined)).toBeUndefined();
  });
});
