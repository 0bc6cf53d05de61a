import { describe, expect, it } from 'vitest';
import { configFieldErrorString } from './fielderrors.js';
import type { PodSecurityConfiguration, PodSecurityDefaults } from './types.js';
import { isDNS1123Label, isDNS1123Subdomain, validatePodSecurityConfiguration } from './validation.js';

const labelRegexError =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainRegexError =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const levelError = 'must be one of privileged, baseline, restricted';
const versionError = 'must be "latest" or "v1.x"';

// upstream validation_test.go values
const invalidValueUppercase = 'TEST';
const invalidValueChars = '_&$%#';
const invalidValueTooLong = 'test'.repeat(16);
const invalidValueEmpty = '';
const validValue = 'testing';

const validDefaults: PodSecurityDefaults = {
  enforce: 'privileged',
  enforceVersion: 'v1.22',
  audit: 'baseline',
  auditVersion: 'v1.25',
  warn: 'restricted',
  warnVersion: 'latest',
};
const noExemptions = { usernames: [], namespaces: [], runtimeClasses: [] };

function messages(config: PodSecurityConfiguration): string[] {
  return validatePodSecurityConfiguration(config).map(configFieldErrorString);
}

describe('validatePodSecurityConfiguration', () => {
  it('accepts a valid configuration', () => {
    expect(messages({ defaults: validDefaults, exemptions: noExemptions })).toEqual([]);
  });

  it('reports invalid and duplicate exemptions (upstream case 1)', () => {
    const config: PodSecurityConfiguration = {
      defaults: validDefaults,
      exemptions: {
        namespaces: [
          invalidValueEmpty,
          invalidValueChars,
          invalidValueUppercase,
          invalidValueTooLong,
          validValue,
          validValue,
        ],
        runtimeClasses: [invalidValueEmpty, invalidValueChars, invalidValueUppercase, validValue, validValue],
        usernames: [invalidValueEmpty, validValue, validValue],
      },
    };
    expect(messages(config)).toEqual([
      `exemptions.namespaces[0]: Invalid value: "": ${labelRegexError}`,
      `exemptions.namespaces[1]: Invalid value: "_&$%#": ${labelRegexError}`,
      `exemptions.namespaces[2]: Invalid value: "TEST": ${labelRegexError}`,
      `exemptions.namespaces[3]: Invalid value: "${invalidValueTooLong}": must be no more than 63 characters`,
      'exemptions.namespaces[5]: Duplicate value: "testing"',
      `exemptions.runtimeClasses[0]: Invalid value: "": ${subdomainRegexError}`,
      `exemptions.runtimeClasses[1]: Invalid value: "_&$%#": ${subdomainRegexError}`,
      `exemptions.runtimeClasses[2]: Invalid value: "TEST": ${subdomainRegexError}`,
      'exemptions.runtimeClasses[4]: Duplicate value: "testing"',
      'exemptions.usernames[0]: Invalid value: "": username must not be empty',
      'exemptions.usernames[2]: Duplicate value: "testing"',
    ]);
  });

  it('reports invalid defaults in upstream order: enforce, warn, audit (upstream case 2)', () => {
    const defaults = {
      enforce: 'baslein',
      enforceVersion: 'v.122',
      audit: 'lorum',
      auditVersion: 'ipsum',
      warn: '',
      warnVersion: '',
    };
    expect(messages({ defaults, exemptions: noExemptions })).toEqual([
      `defaults.enforce: Invalid value: "baslein": ${levelError}`,
      `defaults.enforce-version: Invalid value: "v.122": ${versionError}`,
      `defaults.warn: Invalid value: "": ${levelError}`,
      `defaults.warn-version: Invalid value: "": ${versionError}`,
      `defaults.audit: Invalid value: "lorum": ${levelError}`,
      `defaults.audit-version: Invalid value: "ipsum": ${versionError}`,
    ]);
  });

  it.each([
    // absent (or "", Go's unset string) ephemeral keys are not checked
    { name: 'absent', defaults: {}, want: [] },
    { name: 'empty', defaults: { ephemeralEnforce: '', ephemeralWarnVersion: '' }, want: [] },
    {
      name: 'valid',
      defaults: {
        ephemeralEnforce: 'baseline',
        ephemeralEnforceVersion: 'v1.30',
        ephemeralAudit: 'restricted',
        ephemeralWarnVersion: 'latest',
      },
      want: [],
    },
    // set ones are checked like their regular counterparts, in the same order
    {
      name: 'invalid',
      defaults: {
        ephemeralAuditVersion: 'v2',
        ephemeralAudit: 'Restricted',
        ephemeralWarn: 'none',
        ephemeralEnforceVersion: 'v1.025',
        ephemeralEnforce: 'bogus',
      },
      want: [
        `defaults.ephemeral-enforce: Invalid value: "bogus": ${levelError}`,
        `defaults.ephemeral-enforce-version: Invalid value: "v1.025": ${versionError}`,
        `defaults.ephemeral-warn: Invalid value: "none": ${levelError}`,
        `defaults.ephemeral-audit: Invalid value: "Restricted": ${levelError}`,
        `defaults.ephemeral-audit-version: Invalid value: "v2": ${versionError}`,
      ],
    },
  ])('ephemeral defaults: $name', ({ defaults, want }) => {
    expect(messages({ defaults: { ...validDefaults, ...defaults }, exemptions: noExemptions })).toEqual(want);
  });

  it('reports regular defaults before ephemeral ones, then exemptions', () => {
    const config = {
      defaults: { ...validDefaults, audit: 'x', ephemeralEnforce: 'y' },
      exemptions: { ...noExemptions, usernames: [''] },
    };
    expect(messages(config)).toEqual([
      `defaults.audit: Invalid value: "x": ${levelError}`,
      `defaults.ephemeral-enforce: Invalid value: "y": ${levelError}`,
      'exemptions.usernames[0]: Invalid value: "": username must not be empty',
    ]);
  });
});

describe('DNS-1123 names', () => {
  it.each([
    { value: 'kube-system', want: [] },
    { value: 'a'.repeat(63), want: [] },
    { value: 'a'.repeat(64), want: ['must be no more than 63 characters'] },
    { value: 'a.b', want: ['must not contain dots'] },
    { value: '-a', want: [labelRegexError] },
    // both: too long and not a label (a long subdomain reports the dots)
    { value: `${'a'.repeat(62)}.b`, want: ['must be no more than 63 characters', 'must not contain dots'] },
    { value: `${'A'.repeat(64)}`, want: ['must be no more than 63 characters', labelRegexError] },
    // Go counts bytes
    { value: 'é'.repeat(32), want: ['must be no more than 63 characters', labelRegexError] },
  ])('isDNS1123Label($value)', ({ value, want }) => {
    expect(isDNS1123Label(value)).toEqual(want);
  });

  it.each([
    { value: 'runc.example.com', want: [] },
    { value: 'a'.repeat(253), want: [] },
    { value: 'a'.repeat(254), want: ['must be no more than 253 characters'] },
    { value: 'a..b', want: [subdomainRegexError] },
    { value: 'a.b\n', want: [subdomainRegexError] },
  ])('isDNS1123Subdomain($value)', ({ value, want }) => {
    expect(isDNS1123Subdomain(value)).toEqual(want);
  });
});
