import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseObjects } from './objects.js';
import { CliUsageError } from './errors.js';

const ns = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const a = ns('a', { 'pod-security.kubernetes.io/enforce': 'restricted' });
const b = ns('b', { team: 'ünïcödé \u2028 <&>' });

describe('parseObjects', () => {
  it.each([
    // JSON texts, read by JSON.parse
    ['a JSON object', JSON.stringify(a), [a]],
    ['a JSON array', JSON.stringify([a, b]), [a, b]],
    ['a JSON List', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [a, b] }), [a, b]],
    ['JSON with leading whitespace', `\n  ${JSON.stringify(a)}\n`, [a]],
    ['indented JSON', JSON.stringify({ kind: 'NamespaceList', items: [a] }, null, 2), [a]],
    // YAML texts, and JSON-like texts that are not JSON, read by the YAML parser
    ['one YAML document', stringify(a), [a]],
    ['several YAML documents', `${stringify(a)}---\n${stringify(b)}`, [a, b]],
    ['JSON documents separated by ---', `${JSON.stringify(a)}\n---\n${JSON.stringify(b)}`, [a, b]],
    [
      'a YAML flow mapping',
      '{kind: Namespace, metadata: {name: a}}',
      [{ kind: 'Namespace', metadata: { name: 'a' } }],
    ],
    ['a byte order mark before JSON', `\uFEFF${JSON.stringify(a)}`, [a]],
    ['an empty text', '', []],
  ])('reads %s', (_name, text, want) => {
    expect(parseObjects(text, 'f.json')).toEqual(want);
  });

  it('gives JSON texts the value the YAML parser gives', () => {
    const list = { kind: 'List', items: [a, b, ns('c', { n: '1.50', big: '12345678901234567890' })] };
    const text = JSON.stringify(list);
    const viaYAML = parseObjects(`---\n${text}`, 'f.yaml');
    expect(parseObjects(text, 'f.json')).toEqual(viaYAML);
  });

  it.each([
    ['truncated JSON', '{"kind": "Namespace",', 'f.json: invalid YAML/JSON: '],
    [
      'a JSON scalar in an array',
      '[{"kind":"Namespace"}, 1]',
      'f.json: expected Kubernetes objects, found 1',
    ],
    ['a YAML scalar', 'just text', 'f.json: expected Kubernetes objects, found "just text"'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseObjects(text, 'f.json')).toThrow(message);
  });

  it('keeps the last of duplicate keys in JSON, as Go encoding/json does; YAML refuses them', () => {
    const text = '{"kind":"Namespace","metadata":{"name":"first","name":"last"}}';
    expect(parseObjects(text, 'f.json')).toEqual([{ kind: 'Namespace', metadata: { name: 'last' } }]);
    expect(() => parseObjects(`---\n${text}`, 'f.yaml')).toThrow('f.yaml: invalid YAML/JSON: ');
  });
});

describe('parseObjects with hostile YAML', () => {
  it.each([
    // an alias to an anchor that does not exist
    { text: 'a: *missing\n', error: 'bad.yaml: invalid YAML/JSON:' },
    // a billion laughs: alias expansion beyond the parser's limit
    {
      text: [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from({ length: 8 }, (_, i) => {
          const p = String.fromCharCode(97 + i);
          const n = String.fromCharCode(98 + i);
          return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]`;
        }),
        '',
      ].join('\n'),
      error: 'bad.yaml: invalid YAML/JSON:',
    },
  ])('is a one-line usage error: $error', ({ text, error }) => {
    expect(() => parseObjects(text, 'bad.yaml')).toThrow(CliUsageError);
    expect(() => parseObjects(text, 'bad.yaml')).toThrow(error);
  });
});
