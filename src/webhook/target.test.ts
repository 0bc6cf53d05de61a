import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget } from './target.js';

const chars = fc.constantFrom(...'/?aZ09-_.=&%#+ é\\:@'.split(''), '/validate', '?timeout=10s', '..', '//');

describe('parseTarget', () => {
  it('gives the path and query WHATWG URL gives for any request target', () => {
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (parts) => {
        const target = `/${parts.join('')}`;
        let want: URL;
        try {
          want = new URL(target, 'http://webhook');
        } catch {
          // "//" alone is a scheme-relative URL without a host: URL throws; the target is taken as is.
          const q = target.indexOf('?');
          expect(parseTarget(target).pathname).toBe(q < 0 ? target : target.slice(0, q));
          return;
        }
        const got = parseTarget(target);
        expect(got.pathname).toBe(want.pathname);
        expect([...got.searchParams]).toEqual([...want.searchParams]);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the shapes the API server sends without a URL', () => {
    expect(parseTarget('/validate?timeout=10s')).not.toBeInstanceOf(URL);
    expect(parseTarget('/validate?timeout=10s').searchParams.get('timeout')).toBe('10s');
    expect(parseTarget('/validate').pathname).toBe('/validate');
    expect(parseTarget(undefined).pathname).toBe('/');
    expect(parseTarget('//evil/x').pathname).toBe(new URL('//evil/x', 'http://webhook').pathname);
    // URL throws for these; a request for them once stopped the server.
    expect(parseTarget('//').pathname).toBe('//');
    expect(parseTarget('//?a=1').searchParams.get('a')).toBe('1');
  });
});
