// Go's strconv.Quote (the %q verb) for strings, so quoted values in messages match upstream byte for byte.

const named: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp === 0xad || cp === 0xfeff) return false;
  if (cp >= 0x2028 && cp <= 0x2029) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;
  return !/\p{Cn}|\p{Cc}|\p{Cf}|\p{Co}|\p{Zl}|\p{Zp}|\p{Zs}/u.test(String.fromCodePoint(cp)) || cp === 0x20;
}

function escapeCodePoint(cp: number): string {
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  // A lone surrogate (JSON.parse keeps "\ud800"): Go's decoders give U+FFFD there, which is printable.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/** Quote s as Go's strconv.Quote does (printable Unicode kept, everything else escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = named[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    out += isPrintable(cp) ? ch : escapeCodePoint(cp);
  }
  return out + '"';
}
