// Validation of the internal PodSecurityConfiguration (upstream admission/api/validation), with
// apimachinery's DNS-1123 name checks and messages; the ephemeral-* defaults are checked like the others.
import { fieldInvalid, ParseLevel, ParseVersion } from '../../api/index.js';
import { fieldDuplicate, type ConfigFieldError } from './fielderrors.js';
import type { PodSecurityConfiguration, PodSecurityDefaults } from './types.js';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainErrorMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123LabelMaxLength = 63;
const DNS1123SubdomainMaxLength = 253;

/** Go: validation.MaxLenError. */
function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** Go: validation.RegexError, double space after the first example included. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const shown = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

const utf8 = new TextEncoder();

/** Go measures strings in bytes (TextEncoder, not Buffer, so the playground can run it in a browser). */
function byteLength(s: string): number {
  return utf8.encode(s).length;
}

/** Go: validation.IsDNS1123Label (what ValidateNamespaceName checks). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123LabelMaxLength) errs.push(maxLenError(DNS1123LabelMaxLength));
  if (!dns1123LabelRegexp.test(value)) {
    // A valid subdomain but not a valid label: the length is checked already, so it must be dots.
    if (dns1123SubdomainRegexp.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  }
  return errs;
}

/** Go: validation.IsDNS1123Subdomain (what NameIsDNSSubdomain checks). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!dns1123SubdomainRegexp.test(value)) {
    errs.push(regexError(dns1123SubdomainErrorMsg, dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

type DefaultsKey = keyof PodSecurityDefaults;

/** Validation order of upstream (enforce, warn, audit), then the extension keys in the same order. */
const defaultsFields: readonly { key: DefaultsKey; field: string; kind: 'level' | 'version' }[] = [
  { key: 'enforce', field: 'enforce', kind: 'level' },
  { key: 'enforceVersion', field: 'enforce-version', kind: 'version' },
  { key: 'warn', field: 'warn', kind: 'level' },
  { key: 'warnVersion', field: 'warn-version', kind: 'version' },
  { key: 'audit', field: 'audit', kind: 'level' },
  { key: 'auditVersion', field: 'audit-version', kind: 'version' },
  { key: 'ephemeralEnforce', field: 'ephemeral-enforce', kind: 'level' },
  { key: 'ephemeralEnforceVersion', field: 'ephemeral-enforce-version', kind: 'version' },
  { key: 'ephemeralWarn', field: 'ephemeral-warn', kind: 'level' },
  { key: 'ephemeralWarnVersion', field: 'ephemeral-warn-version', kind: 'version' },
  { key: 'ephemeralAudit', field: 'ephemeral-audit', kind: 'level' },
  { key: 'ephemeralAuditVersion', field: 'ephemeral-audit-version', kind: 'version' },
];

function isEphemeralKey(key: DefaultsKey): boolean {
  return key.startsWith('ephemeral');
}

function validateDefaults(defaults: PodSecurityDefaults): ConfigFieldError[] {
  const errs: ConfigFieldError[] = [];
  for (const { key, field, kind } of defaultsFields) {
    const value = defaults[key];
    // An unset ephemeral key falls through to the regular policy; "" is Go's unset string.
    if (value === undefined || (value === '' && isEphemeralKey(key))) continue;
    const error = kind === 'level' ? ParseLevel(value).error : ParseVersion(value).error;
    if (error !== undefined) errs.push(fieldInvalid(`defaults.${field}`, value, error));
  }
  return errs;
}

/** Names checked in order: an invalid one is reported and skipped, a repeated valid one is a duplicate. */
function validateList(
  field: string,
  values: readonly string[],
  check: (v: string) => string[],
): ConfigFieldError[] {
  const errs: ConfigFieldError[] = [];
  const valid = new Set<string>();
  values.forEach((value, i) => {
    const path = `exemptions.${field}[${i}]`;
    const problems = check(value);
    if (problems.length > 0) errs.push(fieldInvalid(path, value, problems.join(', ')));
    else if (valid.has(value)) errs.push(fieldDuplicate(path, value));
    else valid.add(value);
  });
  return errs;
}

function checkUsername(value: string): string[] {
  return value === '' ? ['username must not be empty'] : [];
}

/** Go: ValidatePodSecurityConfiguration, plus the ephemeral-* defaults. */
export function validatePodSecurityConfiguration(config: PodSecurityConfiguration): ConfigFieldError[] {
  return [
    ...validateDefaults(config.defaults),
    ...validateList('namespaces', config.exemptions.namespaces, isDNS1123Label),
    ...validateList('runtimeClasses', config.exemptions.runtimeClasses, isDNS1123Subdomain),
    ...validateList('usernames', config.exemptions.usernames, checkUsername),
  ];
}
