import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';

describe('parseGoDuration', () => {
  it.each([
    // what the API server sends
    ['10s', 10_000],
    ['30s', 30_000],
    // compound, fractional, signed, every unit
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['1.s', 1_000],
    ['.5s', 500],
    ['-2ms', -2],
    ['+3m', 180_000],
    ['2h45m10.5s', 9_910_500],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['1500μs', 1.5],
    ['2000000ns', 2],
    // zero needs no unit
    ['0', 0],
    ['-0', 0],
  ])('%s is %f ms', (input, ms) => {
    expect(parseGoDuration(input)).toEqual({ ok: true, ms });
  });

  it.each([
    // Go's error texts
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1.5.s', 'time: missing unit in duration "1.5.s"'],
    ['10x', 'time: unknown unit "x" in duration "10x"'],
    ['3d', 'time: unknown unit "d" in duration "3d"'],
    ['9999999999h', 'time: invalid duration "9999999999h"'],
  ])('%j is refused', (input, error) => {
    expect(parseGoDuration(input)).toEqual({ ok: false, error });
  });
});
