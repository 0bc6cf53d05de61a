// Go's time.ParseDuration for the `?timeout=` query the API server adds to webhook calls
// ("10s", "1m30s", "250ms"), returning milliseconds; error texts match Go's.
import { goQuote } from '../api/quote.js';

const unitMs: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign
  μs: 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Largest duration Go can represent (int64 nanoseconds), in milliseconds. */
const maxMs = 9_223_372_036_854.775;

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

export function parseGoDuration(input: string): DurationResult {
  const invalid = (): DurationResult => ({ ok: false, error: `time: invalid duration ${goQuote(input)}` });
  let s = input;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ms: 0 };
  if (s === '') return invalid();
  let total = 0;
  const term = /^([0-9]*)(\.[0-9]*)?([^0-9.]*)/;
  while (s !== '') {
    const m = term.exec(s);
    const [whole, int = '', frac = '', unit = ''] = m ?? [];
    if (whole === undefined || (int === '' && frac.length <= 1)) return invalid();
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${goQuote(input)}` };
    const factor = unitMs[unit];
    if (factor === undefined) {
      return { ok: false, error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(input)}` };
    }
    total += Number(`${int === '' ? '0' : int}${frac === '.' ? '' : frac}`) * factor;
    if (total > maxMs) return invalid();
    s = s.slice(whole.length);
  }
  return { ok: true, ms: sign * total };
}
