import { describe, expect, it } from 'vitest';
import { goSorted, goSortedSet, joinQuote, pluralize } from './helpers.js';

describe('goSortedSet', () => {
  it.each([
    // byte order, not locale order: upper case before lower case
    { items: ['b', 'a', 'B', 'a'], want: ['B', 'a', 'b'] },
    // code point order: U+FF01 sorts before U+1F600 as in UTF-8, unlike UTF-16 code units
    { items: ['\u{1F600}', '\uFF01'], want: ['\uFF01', '\u{1F600}'] },
    { items: ['ab', 'a', ''], want: ['', 'a', 'ab'] },
  ])('$want', ({ items, want }) => {
    expect(goSortedSet(items)).toEqual(want);
  });
});

describe('goSorted', () => {
  it('keeps duplicates and sorts by code point', () => {
    expect(goSorted(['b', '\u{1F600}', 'b', '\uFF01'])).toEqual(['b', 'b', '\uFF01', '\u{1F600}']);
  });
});

describe('joinQuote and pluralize', () => {
  it.each([
    { items: [], want: '' },
    { items: ['a'], want: '"a"' },
    { items: ['a', 'b'], want: '"a", "b"' },
  ])('joinQuote($items)', ({ items, want }) => {
    expect(joinQuote(items)).toBe(want);
  });

  it('pluralizes by count', () => {
    expect(pluralize('container', 'containers', 1)).toBe('container');
    expect(pluralize('container', 'containers', 0)).toBe('containers');
    expect(pluralize('container', 'containers', 2)).toBe('containers');
  });
});
