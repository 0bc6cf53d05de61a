// Field errors and aggregates as Go prints them: field.Error.Error() for Invalid values and
// utilerrors.NewAggregate(...).Error() (one message bare, several de-duplicated inside brackets).
import { describe, expect, it } from 'vitest';
import {
  aggregateMessages,
  fieldErrorsAggregate,
  fieldErrorsEqual,
  fieldErrorString,
  fieldInvalid,
  type FieldError,
} from './errors.js';
import { labelPath, levelParseError } from './helpers.js';

const enforcePath = 'metadata.labels[pod-security.kubernetes.io/enforce]';

describe('fieldErrorString', () => {
  it('prints the upstream label error', () => {
    const e = fieldInvalid(labelPath('pod-security.kubernetes.io/enforce'), 'foo', levelParseError);
    expect(fieldErrorString(e)).toBe(
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
    );
  });

  it.each([
    ['empty value', '', `${enforcePath}: Invalid value: "": d`],
    ['quotes and backslash', 'a"b\\c', `${enforcePath}: Invalid value: "a\\"b\\\\c": d`],
    ['control chars', 'x\ny\x00', `${enforcePath}: Invalid value: "x\\ny\\x00": d`],
    ['unicode kept', 'bé', `${enforcePath}: Invalid value: "bé": d`],
  ])('quotes the bad value as %%q: %s', (_name, value, want) => {
    expect(fieldErrorString(fieldInvalid(enforcePath, value, 'd'))).toBe(want);
  });

  it('builds frozen errors', () => {
    const e = fieldInvalid('f', 'v', 'd');
    expect(e).toEqual({ type: 'FieldValueInvalid', field: 'f', badValue: 'v', detail: 'd' });
    expect(Object.isFrozen(e)).toBe(true);
  });
});

describe('aggregateMessages', () => {
  it.each([
    ['none', [], ''],
    ['one, bare', ['a'], 'a'],
    ['one repeated, bare', ['a', 'a', 'a'], 'a'],
    ['two, bracketed', ['a', 'b'], '[a, b]'],
    ['duplicates dropped, first order kept', ['b', 'a', 'b', 'c', 'a'], '[b, a, c]'],
    ['empty message kept as one entry', ['', 'x'], '[, x]'],
  ] as [string, string[], string][])('%s', (_name, messages, want) => {
    expect(aggregateMessages(messages)).toBe(want);
  });
});

describe('fieldErrorsAggregate', () => {
  const a = fieldInvalid(enforcePath, 'foo', levelParseError);
  const b = fieldInvalid(
    'metadata.labels[pod-security.kubernetes.io/warn-version]',
    'v2',
    'must be "latest" or "v1.x"',
  );

  it('prints a single error bare', () => {
    expect(fieldErrorsAggregate([a])).toBe(fieldErrorString(a));
  });

  it('brackets several and drops duplicates', () => {
    expect(fieldErrorsAggregate([a, b, a])).toBe(
      `[${enforcePath}: Invalid value: "foo": must be one of privileged, baseline, restricted, ` +
        'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "v2": must be "latest" or "v1.x"]',
    );
  });

  it('prints nothing for no errors', () => expect(fieldErrorsAggregate([])).toBe(''));
});

describe('fieldErrorsEqual', () => {
  const a = fieldInvalid('f', 'v', 'd');
  it.each([
    ['same values', [a], [fieldInvalid('f', 'v', 'd')], true],
    ['both empty', [], [], true],
    ['different length', [a], [a, a], false],
    ['different field', [a], [fieldInvalid('g', 'v', 'd')], false],
    ['different value', [a], [fieldInvalid('f', 'w', 'd')], false],
    ['different detail', [a], [fieldInvalid('f', 'v', 'e')], false],
    ['order matters', [a, fieldInvalid('g', 'v', 'd')], [fieldInvalid('g', 'v', 'd'), a], false],
  ] as [string, FieldError[], FieldError[], boolean][])('%s', (_name, x, y, want) => {
    expect(fieldErrorsEqual(x, y)).toBe(want);
  });
});
