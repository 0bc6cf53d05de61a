// goQuote against Go's strconv.Quote: named escapes, \x for ASCII controls, printable Unicode kept,
// non-printable runes as \u / \U, and lone surrogates as Go's decoders see them (U+FFFD).
import { describe, expect, it } from 'vitest';
import { goQuote } from './quote.js';

describe('goQuote', () => {
  it.each([
    // ASCII
    ['empty', '', '""'],
    ['plain', 'foo-bar_1.2', '"foo-bar_1.2"'],
    ['space kept', 'a b', '"a b"'],
    ['single quote kept', "it's", '"it\'s"'],
    ['double quote', 'say "hi"', '"say \\"hi\\""'],
    ['backslash', 'a\\b', '"a\\\\b"'],
    // named escapes
    ['tab and newline', 'a\tb\nc', '"a\\tb\\nc"'],
    ['every named escape', '\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    // other ASCII controls as \x
    ['NUL', '\x00', '"\\x00"'],
    ['DEL', '\x7f', '"\\x7f"'],
    ['ESC and unit separator', '\x1b\x1f', '"\\x1b\\x1f"'],
    // printable Unicode is kept
    ['latin accent', 'é', '"é"'],
    ['CJK', '日本', '"日本"'],
    ['combining mark', 'e\u0301', '"e\u0301"'],
    ['emoji (surrogate pair)', '\u{1F600}', '"\u{1F600}"'],
    ['replacement character', '\ufffd', '"\ufffd"'],
    // non-printable Unicode as \u / \U
    ['soft hyphen', 'a\u00adb', '"a\\u00adb"'],
    ['C1 control', '\u0080\u009f', '"\\u0080\\u009f"'],
    ['no-break space', '\u00a0', '"\\u00a0"'],
    ['ideographic space', '\u3000', '"\\u3000"'],
    ['zero-width space', '\u200b', '"\\u200b"'],
    ['line and paragraph separators', '\u2028\u2029', '"\\u2028\\u2029"'],
    ['byte order mark', '\ufeff', '"\\ufeff"'],
    ['unassigned', '\u0378', '"\\u0378"'],
    ['BMP private use', '\ue000', '"\\ue000"'],
    ['supplementary private use', '\u{F0000}\u{10FFFD}', '"\\U000f0000\\U0010fffd"'],
    ['supplementary format char', '\u{E0001}', '"\\U000e0001"'],
    // lone surrogates: Go's JSON decoder turns them into U+FFFD, which is printable
    ['lone high surrogate', 'a\ud800b', '"a\ufffdb"'],
    ['lone low surrogate', '\udc00', '"\ufffd"'],
    ['reversed pair', '\ude00\ud83d', '"\ufffd\ufffd"'],
  ])('%s', (_name, input, want) => {
    expect(goQuote(input)).toBe(want);
  });
});
