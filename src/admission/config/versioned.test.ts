import { describe, expect, it } from 'vitest';
import * as v1 from './v1.js';
import * as v1alpha1 from './v1alpha1.js';
import * as v1beta1 from './v1beta1.js';

const defaulted = {
  enforce: 'privileged',
  'enforce-version': 'latest',
  audit: 'privileged',
  'audit-version': 'latest',
  warn: 'privileged',
  'warn-version': 'latest',
};
const noExemptions = { usernames: [], namespaces: [], runtimeClasses: [] };

describe.each([
  { version: 'v1', served: v1 },
  { version: 'v1beta1', served: v1beta1 },
  { version: 'v1alpha1', served: v1alpha1 },
])('$version PodSecurityConfiguration', ({ version, served }) => {
  const { APIVersion, PodSecurityConfigurationSchema, toInternal } = served;
  const tm = {
    apiVersion: `pod-security.admission.config.k8s.io/${version}`,
    kind: 'PodSecurityConfiguration',
  };

  it('has its own apiVersion', () => {
    expect(APIVersion).toBe(tm.apiVersion);
  });

  it.each([
    // nested defaults apply when defaults is absent, null or empty (prefault, not default)
    { name: 'no defaults', input: {}, defaults: defaulted },
    { name: 'null defaults', input: { defaults: null, exemptions: null }, defaults: defaulted },
    { name: 'empty defaults', input: { defaults: {} }, defaults: defaulted },
    // Go defaults empty and null strings too (len == 0)
    {
      name: 'empty and null strings',
      input: { defaults: { enforce: '', 'warn-version': null } },
      defaults: defaulted,
    },
    // set values are kept
    {
      name: 'some values',
      input: { defaults: { enforce: 'baseline', 'enforce-version': 'v1.7' } },
      defaults: { ...defaulted, enforce: 'baseline', 'enforce-version': 'v1.7' },
    },
  ])('defaults: $name', ({ input, defaults }) => {
    const out = PodSecurityConfigurationSchema.parse({ ...tm, ...input });
    expect(out).toEqual({ ...tm, defaults, exemptions: noExemptions });
  });

  it('keeps ephemeral keys, leaves absent ones undefined and reads "" or null as unset', () => {
    const out = PodSecurityConfigurationSchema.parse({
      ...tm,
      defaults: {
        'ephemeral-enforce': 'baseline',
        'ephemeral-warn-version': 'v1.25',
        'ephemeral-audit': '',
        'ephemeral-warn': null,
      },
    });
    expect(out.defaults['ephemeral-enforce']).toBe('baseline');
    expect(out.defaults['ephemeral-warn-version']).toBe('v1.25');
    expect(out.defaults['ephemeral-enforce-version']).toBeUndefined();
    expect(out.defaults['ephemeral-audit']).toBeUndefined();
    expect(out.defaults['ephemeral-warn']).toBeUndefined();
    expect(toInternal(out).defaults).toStrictEqual({
      enforce: 'privileged',
      enforceVersion: 'latest',
      audit: 'privileged',
      auditVersion: 'latest',
      warn: 'privileged',
      warnVersion: 'latest',
      ephemeralEnforce: 'baseline',
      ephemeralWarnVersion: 'v1.25',
    });
  });

  it('decodes exemptions, a null list as empty and a null name as ""', () => {
    const out = PodSecurityConfigurationSchema.parse({
      ...tm,
      exemptions: { usernames: ['alice', null], namespaces: null, runtimeClasses: ['special'] },
    });
    expect(toInternal(out).exemptions).toEqual({
      usernames: ['alice', ''],
      namespaces: [],
      runtimeClasses: ['special'],
    });
  });

  it.each([
    // strict: unknown fields are rejected at every level
    { name: 'unknown top-level field', input: { deflaults: {} }, path: [], code: 'unrecognized_keys' },
    {
      name: 'unknown defaults field',
      input: { defaults: { Enforce: 'baseline' } },
      path: ['defaults'],
      code: 'unrecognized_keys',
    },
    {
      name: 'unknown exemptions field',
      input: { exemptions: { users: [] } },
      path: ['exemptions'],
      code: 'unrecognized_keys',
    },
    // wrong types are rejected
    {
      name: 'number level',
      input: { defaults: { enforce: 1 } },
      path: ['defaults', 'enforce'],
      code: 'invalid_type',
    },
    {
      name: 'bool ephemeral key',
      input: { defaults: { 'ephemeral-warn': true } },
      path: ['defaults', 'ephemeral-warn'],
      code: 'invalid_type',
    },
    {
      name: 'string list',
      input: { exemptions: { usernames: 'alice' } },
      path: ['exemptions', 'usernames'],
      code: 'invalid_type',
    },
    {
      name: 'list element',
      input: { exemptions: { namespaces: ['a', 2] } },
      path: ['exemptions', 'namespaces', 1],
      code: 'invalid_type',
    },
    { name: 'defaults not an object', input: { defaults: [] }, path: ['defaults'], code: 'invalid_type' },
    // the schema only takes its own apiVersion and kind
    { name: 'other kind', input: { kind: 'Other' }, path: ['kind'], code: 'invalid_value' },
  ])('rejects $name', ({ input, path, code }) => {
    const r = PodSecurityConfigurationSchema.safeParse({ ...tm, ...input });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.code, i.path])).toEqual([[code, path]]);
  });
});
