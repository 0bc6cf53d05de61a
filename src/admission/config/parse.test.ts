import { describe, expect, it } from 'vitest';
import { parseConfigDocument, SyntaxParseError } from './parse.js';

describe('parseConfigDocument', () => {
  it.each([
    // YAML 1.1 scalars as go-yaml v2 resolves them; timestamps stay strings
    {
      name: 'YAML 1.1 booleans',
      text: 'a: on\nb: yes\nc: y\nd: off\ne: "on"\n',
      value: { a: true, b: true, c: true, d: false, e: 'on' },
    },
    { name: 'timestamp', text: 'a: 2001-12-14\n', value: { a: '2001-12-14' } },
    { name: 'numbers', text: 'a: 1.25\nb: 0755\n', value: { a: 1.25, b: 493 } },
    // only the first document counts
    { name: 'several documents', text: '---\na: 1\n---\nb: 2\n', value: { a: 1 } },
    { name: 'no document', text: '# only a comment\n', value: null },
    { name: 'null document', text: '~\n', value: null },
    // JSON when it starts with "{", with JSON's own scalars
    { name: 'JSON', text: ' \n{"a": 1e2, "b": "\\/"}', value: { a: 100, b: '/' } },
  ])('$name', ({ text, value }) => {
    expect(parseConfigDocument(text)).toEqual({ value, strict: expect.any(Object) });
  });

  it.each([
    { name: 'none', text: 'a: 1\nb: {c: 2}\n', strict: {} },
    // go-yaml v2 reports every duplicate with its line, and skips a duplicate's value
    {
      name: 'YAML duplicates',
      text: 'a: 1\nb:\n  c: 2\n  c: 3\na:\n  x: 1\n  x: 2\n',
      strict: {
        leading: [
          'error converting YAML to JSON: yaml: unmarshal errors:\n  line 4: key "c" already set in map\n  line 5: key "a" already set in map',
        ],
      },
    },
    // the JSON decoder reports paths, and looks inside a duplicate's value
    {
      name: 'JSON duplicates',
      text: '{"a": 1, "l": [{"k": 1, "k": 2}], "a": {"x": 1, "x": 2}}',
      strict: { duplicatePaths: [['l', 0, 'k'], ['a'], ['a', 'x']] },
    },
    { name: 'JSON without duplicates', text: '{"a": {"b": 1}}', strict: { duplicatePaths: [] } },
  ])('duplicate keys: $name', ({ text, strict }) => {
    expect(parseConfigDocument(text).strict).toEqual(strict);
  });

  it('keeps the last value of a duplicate key, as YAMLToJSON does', () => {
    expect(parseConfigDocument('a: 1\na: 2\n').value).toEqual({ a: 2 });
  });

  it.each([
    {
      name: 'bad YAML',
      text: 'a: [1\nb: 2\n',
      message:
        'error converting YAML to JSON: yaml: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1',
    },
    {
      name: 'bad JSON',
      text: '{"a": }',
      message: expect.stringMatching(/^couldn't get version\/kind; json parse error: /),
    },
    // JSON text is held to JSON's syntax, not YAML's
    {
      name: 'JSON with a trailing comma',
      text: '{"a": 1,}',
      message: expect.stringMatching(/^couldn't get version\/kind; json parse error: /),
    },
  ])('syntax error: $name', ({ text, message }) => {
    let caught: unknown;
    try {
      parseConfigDocument(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SyntaxParseError);
    expect((caught as Error).message).toEqual(message);
  });
});
