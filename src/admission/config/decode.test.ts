import { describe, expect, it } from 'vitest';
import { decodePodSecurityConfiguration, defaultPodSecurityConfiguration } from './decode.js';

const group = 'pod-security.admission.config.k8s.io';
const tm = { apiVersion: `${group}/v1`, kind: 'PodSecurityConfiguration' };
const findKindType =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function errorOf(raw: unknown, original = 'ORIGINAL'): string | undefined {
  const r = decodePodSecurityConfiguration(raw, original);
  return 'error' in r ? r.error : undefined;
}

describe('decodePodSecurityConfiguration', () => {
  it.each(['v1', 'v1beta1', 'v1alpha1'])('decodes %s with defaults', (version) => {
    const r = decodePodSecurityConfiguration(
      { ...tm, apiVersion: `${group}/${version}`, defaults: { enforce: 'baseline' } },
      '',
    );
    expect(r).toEqual({
      config: {
        defaults: {
          enforce: 'baseline',
          enforceVersion: 'latest',
          audit: 'privileged',
          auditVersion: 'latest',
          warn: 'privileged',
          warnVersion: 'latest',
        },
        exemptions: { usernames: [], namespaces: [], runtimeClasses: [] },
      },
    });
  });

  it.each([
    // apiVersion and kind first (Go: Interpret, then the missing checks, kind before apiVersion)
    { name: 'null document', raw: null, want: "Object 'Kind' is missing in 'ORIGINAL'" },
    {
      name: 'missing apiVersion',
      raw: { kind: 'PodSecurityConfiguration' },
      want: "Object 'apiVersion' is missing in 'ORIGINAL'",
    },
    {
      name: 'missing kind',
      raw: { apiVersion: `${group}/v1alpha1` },
      want: "Object 'Kind' is missing in 'ORIGINAL'",
    },
    {
      name: 'null apiVersion',
      raw: { ...tm, apiVersion: null },
      want: "Object 'apiVersion' is missing in 'ORIGINAL'",
    },
    {
      name: 'document not an object',
      raw: ['a'],
      want: `couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${findKindType}`,
    },
    {
      name: 'apiVersion not a string',
      raw: { ...tm, apiVersion: 1 },
      want: "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string",
    },
    {
      name: 'bad group/version',
      raw: { ...tm, apiVersion: 'a/b/c' },
      want: 'unexpected GroupVersion string: a/b/c',
    },
    // unregistered group, version or kind
    {
      name: 'unknown group',
      raw: { ...tm, apiVersion: 'apps/v1alpha1' },
      want: 'no kind "PodSecurityConfiguration" is registered for version "apps/v1alpha1"',
    },
    {
      name: 'unknown version',
      raw: { ...tm, apiVersion: `${group}/v99` },
      want: `no kind "PodSecurityConfiguration" is registered for version "${group}/v99"`,
    },
    {
      name: 'version named like an Object method',
      raw: { ...tm, apiVersion: `${group}/constructor` },
      want: `no kind "PodSecurityConfiguration" is registered for version "${group}/constructor"`,
    },
    {
      name: 'no group',
      raw: { ...tm, apiVersion: 'v1' },
      want: 'no kind "PodSecurityConfiguration" is registered for version "v1"',
    },
    {
      name: 'unknown kind',
      raw: { ...tm, apiVersion: `${group}/v1alpha1`, kind: 'SomeConfiguration' },
      want: `no kind "SomeConfiguration" is registered for version "${group}/v1alpha1"`,
    },
    // strict decoding: every unknown field, in document order
    {
      name: 'unknown field',
      raw: { ...tm, deflaults: { enforce: 'baseline' } },
      want: 'strict decoding error: unknown field "deflaults"',
    },
    {
      name: 'unknown fields in document order',
      raw: { zzz: 1, ...tm, defaults: { foo: 1, enforce: 'baseline' }, exemptions: { users: [] }, aaa: 2 },
      want: 'strict decoding error: unknown field "zzz", unknown field "defaults.foo", unknown field "exemptions.users", unknown field "aaa"',
    },
    {
      name: 'case-sensitive field names',
      raw: { ...tm, defaults: { Enforce: 'baseline' } },
      want: 'strict decoding error: unknown field "defaults.Enforce"',
    },
    // type errors: the first one in document order, and no strict errors
    {
      name: 'number level',
      raw: { ...tm, defaults: { enforce: 5 } },
      want: 'json: cannot unmarshal number into Go struct field PodSecurityDefaults.defaults.enforce of type string',
    },
    {
      name: 'first type error wins over unknown fields',
      raw: { ...tm, bogus: 1, exemptions: { usernames: [true] }, defaults: { warn: {} } },
      want: 'json: cannot unmarshal bool into Go struct field PodSecurityExemptions.exemptions.usernames of type string',
    },
    {
      name: 'string as a list',
      raw: { ...tm, exemptions: { namespaces: 'kube-system' } },
      want: 'json: cannot unmarshal string into Go struct field PodSecurityExemptions.exemptions.namespaces of type []string',
    },
    {
      name: 'array as defaults, in the versioned package',
      raw: { ...tm, apiVersion: `${group}/v1beta1`, defaults: [] },
      want: 'json: cannot unmarshal array into Go struct field PodSecurityConfiguration.defaults of type v1beta1.PodSecurityDefaults',
    },
    {
      name: 'ephemeral key of the wrong type',
      raw: { ...tm, defaults: { 'ephemeral-enforce-version': 1.25 } },
      want: 'json: cannot unmarshal number into Go struct field PodSecurityDefaults.defaults.ephemeral-enforce-version of type string',
    },
  ])('$name', ({ raw, want }) => {
    expect(errorOf(raw)).toBe(want);
  });
});

describe("decodePodSecurityConfiguration with the parser's strict findings", () => {
  it.each([
    // a document that decodes still fails on duplicate keys
    {
      name: 'duplicate only',
      raw: tm,
      strict: { duplicatePaths: [['kind']] },
      want: 'strict decoding error: duplicate field "kind"',
    },
    // duplicates and unknown fields together, in document order
    {
      name: 'duplicate and unknown fields',
      raw: { ...tm, defaults: { x: 1, warn: 'baseline' } },
      strict: { duplicatePaths: [['defaults', 'warn'], ['apiVersion']] },
      want: 'strict decoding error: duplicate field "apiVersion", unknown field "defaults.x", duplicate field "defaults.warn"',
    },
    // the YAML converter's message comes first
    {
      name: 'leading message',
      raw: { ...tm, x: 1 },
      strict: {
        leading: [
          'error converting YAML to JSON: yaml: unmarshal errors:\n  line 3: key "kind" already set in map',
        ],
      },
      want: 'strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 3: key "kind" already set in map, unknown field "x"',
    },
    // a type error is reported alone
    {
      name: 'type error over strict errors',
      raw: { ...tm, x: 1, defaults: { warn: false } },
      strict: { leading: ['yaml duplicates'], duplicatePaths: [['kind']] },
      want: 'json: cannot unmarshal bool into Go struct field PodSecurityDefaults.defaults.warn of type string',
    },
  ])('$name', ({ raw, strict, want }) => {
    const r = decodePodSecurityConfiguration(raw, '', strict);
    expect('error' in r ? r.error : undefined).toBe(want);
  });
});

describe('defaultPodSecurityConfiguration', () => {
  it('is the defaulted empty v1 configuration, fresh each time', () => {
    const a = defaultPodSecurityConfiguration();
    expect(a).toStrictEqual({
      defaults: {
        enforce: 'privileged',
        enforceVersion: 'latest',
        audit: 'privileged',
        auditVersion: 'latest',
        warn: 'privileged',
        warnVersion: 'latest',
      },
      exemptions: { usernames: [], namespaces: [], runtimeClasses: [] },
    });
    expect(defaultPodSecurityConfiguration()).not.toBe(a);
  });
});
