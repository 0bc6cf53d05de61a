import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './fielderrors.js';
import { loadConfigFromData, loadConfigFromFile } from './load.js';
import type { PodSecurityConfiguration, PodSecurityDefaults } from './types.js';

const group = 'pod-security.admission.config.k8s.io';
const defaults: PodSecurityDefaults = {
  enforce: 'privileged',
  enforceVersion: 'latest',
  audit: 'privileged',
  auditVersion: 'latest',
  warn: 'privileged',
  warnVersion: 'latest',
};
const noExemptions = { usernames: [], namespaces: [], runtimeClasses: [] };
const defaultConfig: PodSecurityConfiguration = { defaults, exemptions: noExemptions };
const baseline: PodSecurityConfiguration = {
  defaults: { ...defaults, enforce: 'baseline' },
  exemptions: noExemptions,
};

const json = (v: string): string =>
  `{\n\t\t\t"apiVersion":"${group}/${v}",\n\t\t\t"kind":"PodSecurityConfiguration",\n\t\t\t"defaults":{"enforce":"baseline"}}`;
const yaml = (v: string): string => `
apiVersion: ${group}/${v}
kind: PodSecurityConfiguration
defaults:
  enforce: baseline
  enforce-version: v1.7
exemptions:
  usernames: ["alice","bob"]
  namespaces: ["kube-system"]
  runtimeClasses: ["special"]
`;
const yamlConfig: PodSecurityConfiguration = {
  defaults: { ...defaults, enforce: 'baseline', enforceVersion: 'v1.7' },
  exemptions: { usernames: ['alice', 'bob'], namespaces: ['kube-system'], runtimeClasses: ['special'] },
};
const v1Header = `apiVersion: ${group}/v1\nkind: PodSecurityConfiguration\n`;

function loadError(data: string | Uint8Array, source = 'config.yaml'): ConfigError {
  try {
    loadConfigFromData(data, source);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfigFromData to throw');
}

describe('loadConfigFromData', () => {
  it.each([
    // upstream load_test.go TestLoadFromData
    { name: 'empty string', data: '', want: defaultConfig },
    { name: 'empty bytes', data: new Uint8Array(), want: defaultConfig },
    { name: 'v1alpha1 - json', data: json('v1alpha1'), want: baseline },
    { name: 'v1alpha1 - yaml', data: yaml('v1alpha1'), want: yamlConfig },
    { name: 'v1beta1 - json', data: json('v1beta1'), want: baseline },
    { name: 'v1beta1 - yaml', data: yaml('v1beta1'), want: yamlConfig },
    { name: 'v1 - json', data: json('v1'), want: baseline },
    { name: 'v1 - yaml', data: yaml('v1'), want: yamlConfig },
    { name: 'v1 - yaml bytes', data: new TextEncoder().encode(yaml('v1')), want: yamlConfig },
    // only the first YAML document counts, as with sigs.k8s.io/yaml
    { name: 'several documents', data: `---\n${v1Header}---\nkind: Other\n`, want: defaultConfig },
    // timestamps stay strings (go-yaml v2 into interface{})
    {
      name: 'timestamp-like namespace',
      data: `${v1Header}exemptions:\n  namespaces: [2001-12-14]\n`,
      want: { defaults, exemptions: { ...noExemptions, namespaces: ['2001-12-14'] } },
    },
  ])('$name', ({ data, want }) => {
    expect(loadConfigFromData(data, 'config.yaml')).toStrictEqual(want);
  });

  it.each([
    { name: 'absent', extra: '', want: {} },
    {
      name: 'set',
      extra:
        'defaults:\n  enforce: restricted\n  ephemeral-enforce: baseline\n  ephemeral-audit-version: v1.29\n',
      want: { enforce: 'restricted', ephemeralEnforce: 'baseline', ephemeralAuditVersion: 'v1.29' },
    },
    {
      name: 'empty and null read as unset',
      extra: 'defaults:\n  ephemeral-warn: ""\n  ephemeral-audit: ~\n',
      want: {},
    },
  ])('ephemeral keys: $name', ({ extra, want }) => {
    const config = loadConfigFromData(v1Header + extra, 'config.yaml');
    expect(config.defaults).toStrictEqual({ ...defaults, ...want });
    expect(config.defaults.ephemeralWarn).toBeUndefined();
  });

  it.each([
    // upstream's decoding errors, prefixed with the source
    {
      name: 'missing apiVersion',
      data: '{"kind":"PodSecurityConfiguration"}',
      want: `config.yaml: Object 'apiVersion' is missing in '{"kind":"PodSecurityConfiguration"}'`,
    },
    {
      name: 'missing kind',
      data: `{"apiVersion":"${group}/v1alpha1"}`,
      want: `config.yaml: Object 'Kind' is missing in '{"apiVersion":"${group}/v1alpha1"}'`,
    },
    // a file that is not empty but has no document is an empty object to upstream, not the default
    {
      name: 'only a comment',
      data: '# nothing\n',
      want: "config.yaml: Object 'Kind' is missing in '# nothing\n'",
    },
    {
      name: 'unknown group',
      data: '{"apiVersion":"apps/v1alpha1","kind":"PodSecurityConfiguration"}',
      want: 'config.yaml: no kind "PodSecurityConfiguration" is registered for version "apps/v1alpha1"',
    },
    {
      name: 'unknown version',
      data: `{"apiVersion":"${group}/v99","kind":"PodSecurityConfiguration"}`,
      want: `config.yaml: no kind "PodSecurityConfiguration" is registered for version "${group}/v99"`,
    },
    {
      name: 'unknown kind',
      data: `{"apiVersion":"${group}/v1alpha1","kind":"SomeConfiguration"}`,
      want: `config.yaml: no kind "SomeConfiguration" is registered for version "${group}/v1alpha1"`,
    },
    {
      name: 'unknown field',
      data: `{"apiVersion":"${group}/v1alpha1","kind":"PodSecurityConfiguration","deflaults":{"enforce":"baseline"}}`,
      want: 'config.yaml: strict decoding error: unknown field "deflaults"',
    },
    {
      name: 'unknown ephemeral-like field',
      data: `${v1Header}defaults:\n  ephemeral-enforce-level: baseline\n`,
      want: 'config.yaml: strict decoding error: unknown field "defaults.ephemeral-enforce-level"',
    },
    {
      name: 'wrong type',
      data: `${v1Header}defaults:\n  enforce-version: 1.25\n`,
      want: 'config.yaml: json: cannot unmarshal number into Go struct field PodSecurityDefaults.defaults.enforce-version of type string',
    },
    {
      name: 'YAML 1.1 boolean, as sigs.k8s.io/yaml reads it',
      data: `${v1Header}exemptions:\n  namespaces: [on]\n`,
      want: 'config.yaml: json: cannot unmarshal bool into Go struct field PodSecurityExemptions.exemptions.namespaces of type string',
    },
    // bad syntax
    {
      name: 'bad YAML',
      data: `${v1Header}defaults: [baseline\nexemptions: {}\n`,
      want: 'config.yaml: error converting YAML to JSON: yaml: Flow sequence in block collection must be sufficiently indented and end with a ] at line 4, column 1',
    },
    {
      name: 'bad JSON',
      data: '{"apiVersion": }',
      want: expect.stringMatching(/^config\.yaml: couldn't get version\/kind; json parse error: /),
    },
    // duplicate keys are strict errors, listed with the unknown fields
    {
      name: 'duplicate YAML keys',
      data: `${v1Header}defaults:\n  enforce: baseline\n  enforce: restricted\nbogus: 1\n`,
      want: 'config.yaml: strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key "enforce" already set in map, unknown field "bogus"',
    },
    {
      name: 'duplicate JSON keys',
      data: `{"apiVersion":"${group}/v1","kind":"PodSecurityConfiguration","defaults":{"enforce":"a","enforce":"baseline"}}`,
      want: 'config.yaml: strict decoding error: duplicate field "defaults.enforce"',
    },
    // validation
    {
      name: 'invalid level',
      data: `${v1Header}defaults:\n  enforce: bogus\n`,
      want: 'config.yaml: defaults.enforce: Invalid value: "bogus": must be one of privileged, baseline, restricted',
    },
    {
      name: 'invalid ephemeral keys',
      data: `${v1Header}defaults:\n  ephemeral-enforce: bogus\n  ephemeral-warn-version: v1\n`,
      want: 'config.yaml: [defaults.ephemeral-enforce: Invalid value: "bogus": must be one of privileged, baseline, restricted, defaults.ephemeral-warn-version: Invalid value: "v1": must be "latest" or "v1.x"]',
    },
    {
      name: 'duplicate username',
      data: `${v1Header}exemptions:\n  usernames: [alice, alice]\n`,
      want: 'config.yaml: exemptions.usernames[1]: Duplicate value: "alice"',
    },
  ])('fails: $name', ({ data, want }) => {
    const err = loadError(data);
    expect(err.message).toEqual(want);
    expect(err.source).toBe('config.yaml');
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it('keeps each validation error as a reason', () => {
    // (not `y`: YAML 1.1 reads it as a boolean)
    const err = loadError(`${v1Header}defaults:\n  warn: x\n  audit: z\n`);
    expect(err.reasons).toEqual([
      'defaults.warn: Invalid value: "x": must be one of privileged, baseline, restricted',
      'defaults.audit: Invalid value: "z": must be one of privileged, baseline, restricted',
    ]);
  });
});

describe('loadConfigFromFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podsecurityconfig-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content, { mode: 0o600 });
    return path;
  }

  it('gives the default configuration for no file and for an empty file', async () => {
    expect(await loadConfigFromFile('')).toStrictEqual(defaultConfig);
    expect(await loadConfigFromFile(await write('empty.yaml', ''))).toStrictEqual(defaultConfig);
  });

  it.each(['v1alpha1', 'v1beta1', 'v1'])('loads a valid %s file', async (v) => {
    expect(await loadConfigFromFile(await write(`${v}.json`, json(v)))).toStrictEqual(baseline);
  });

  it('names a missing file as Go does', async () => {
    const path = join(dir, 'bogus-missing-pod-security-policy-config-file');
    await expect(loadConfigFromFile(path)).rejects.toThrow(
      new ConfigError(undefined, [`open ${path}: no such file or directory`]),
    );
  });

  it('names a directory as Go does', async () => {
    await expect(loadConfigFromFile(dir)).rejects.toThrow(`read ${dir}: is a directory`);
  });

  it('prefixes content errors with the file name', async () => {
    const path = await write(
      'v99.json',
      `{"apiVersion":"${group}/v99","kind":"PodSecurityConfiguration","defaults":{"enforce":"baseline"}}`,
    );
    await expect(loadConfigFromFile(path)).rejects.toThrow(
      `${path}: no kind "PodSecurityConfiguration" is registered for version "${group}/v99"`,
    );
  });
});
