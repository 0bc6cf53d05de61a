import { describe, expect, it } from 'vitest';
import { fieldInvalid } from '../../api/index.js';
import {
  ConfigError,
  configFieldErrorsAggregate,
  configFieldErrorString,
  fieldDuplicate,
} from './fielderrors.js';

describe('configFieldErrorString', () => {
  it.each([
    {
      e: fieldInvalid('defaults.enforce', 'bogus', 'must be one of privileged, baseline, restricted'),
      want: 'defaults.enforce: Invalid value: "bogus": must be one of privileged, baseline, restricted',
    },
    {
      e: fieldDuplicate('exemptions.usernames[2]', 'testing'),
      want: 'exemptions.usernames[2]: Duplicate value: "testing"',
    },
    // values are quoted as Go's %q does
    {
      e: fieldDuplicate('exemptions.usernames[1]', 'a"b\n'),
      want: 'exemptions.usernames[1]: Duplicate value: "a\\"b\\n"',
    },
  ])('$want', ({ e, want }) => {
    expect(configFieldErrorString(e)).toBe(want);
  });

  it('aggregates several errors as Go does', () => {
    const errs = [fieldDuplicate('a[1]', 'x'), fieldInvalid('b', '', 'bad')];
    expect(configFieldErrorsAggregate(errs)).toBe('[a[1]: Duplicate value: "x", b: Invalid value: "": bad]');
    expect(configFieldErrorsAggregate(errs.slice(0, 1))).toBe('a[1]: Duplicate value: "x"');
  });
});

describe('ConfigError', () => {
  it.each([
    { source: 'config.yaml', reasons: ['bad'], want: 'config.yaml: bad' },
    { source: 'config.yaml', reasons: ['a', 'b'], want: 'config.yaml: [a, b]' },
    { source: undefined, reasons: ['enforce: required'], want: 'enforce: required' },
  ])('$want', ({ source, reasons, want }) => {
    const err = new ConfigError(source, reasons);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigError');
    expect(err.message).toBe(want);
    expect(err.source).toBe(source);
    expect(err.reasons).toEqual(reasons);
  });
});
