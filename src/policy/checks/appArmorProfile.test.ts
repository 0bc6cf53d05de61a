import { describe, expect, it } from 'vitest';
import { MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import { appArmorProfile, appArmorProfile_1_0 } from './appArmorProfile.js';

interface Case {
  name: string;
  meta?: ObjectMeta | null;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const prefix = 'container.apparmor.security.beta.kubernetes.io/';

function expectResult({ meta, spec, reason, detail }: Case): void {
  const result = appArmorProfile_1_0(meta, spec);
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('appArmorProfile_1_0 allowed', () => {
  it.each<Case>([
    // upstream "container with default AppArmor + extra annotations"
    {
      name: 'container with default AppArmor + extra annotations',
      meta: { annotations: { [`${prefix}test`]: 'runtime/default', env: 'prod' } },
      spec: {},
    },
    // upstream "container with local AppArmor + extra annotations"
    {
      name: 'container with local AppArmor + extra annotations',
      meta: { annotations: { [`${prefix}test`]: 'localhost/sec-profile01', env: 'dev' } },
      spec: {},
    },
    // upstream "container with no AppArmor annotations"
    { name: 'container with no AppArmor annotations', meta: { annotations: { env: 'dev' } }, spec: {} },
    // upstream "container with no annotations"
    { name: 'container with no annotations', meta: {}, spec: {} },
    // upstream "pod with runtime default"
    {
      name: 'pod with runtime default',
      meta: {},
      spec: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } },
    },
    // upstream "container with localhost profile"
    {
      name: 'container with localhost profile',
      meta: {},
      spec: {
        containers: [{ name: 'foo', securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }],
      },
    },
    // Localhost types on every kind of container, null profiles
    {
      name: 'localhost everywhere',
      spec: {
        securityContext: { appArmorProfile: null },
        initContainers: [
          { name: 'i', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } } },
        ],
        containers: [{ name: 'a', securityContext: { appArmorProfile: null } }],
        ephemeralContainers: [{ name: 'e', securityContext: { appArmorProfile: { type: 'Localhost' } } }],
      },
    },
    // no metadata at all, and a null annotation value (Go reads "")
    { name: 'null metadata', meta: null, spec: {} },
    {
      name: 'null annotation value',
      meta: { annotations: { [`${prefix}a`]: null as unknown as string } },
      spec: {},
    },
  ])('$name', (c) => expectResult(c));
});

describe('appArmorProfile_1_0 forbidden', () => {
  it.each<Case>([
    // upstream "unconfined pod"
    {
      name: 'unconfined pod',
      spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
      reason: 'forbidden AppArmor profile',
      detail: 'pod must not set AppArmor profile type to "Unconfined"',
    },
    // upstream "unconfined container"
    {
      name: 'unconfined container',
      spec: {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'foo', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
      },
      reason: 'forbidden AppArmor profile',
      detail: 'container "foo" must not set AppArmor profile type to "Unconfined"',
    },
    // upstream "unconfined init container"
    {
      name: 'unconfined init container',
      spec: {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'foo' }],
        initContainers: [{ name: 'bar', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
      },
      reason: 'forbidden AppArmor profile',
      detail: 'container "bar" must not set AppArmor profile type to "Unconfined"',
    },
    // upstream "multiple containers": annotations sorted, values quoted with %q
    {
      name: 'multiple containers',
      meta: {
        annotations: {
          [`${prefix}f`]: 'unknown',
          [prefix]: 'bogus',
          [`${prefix}a`]: '',
          [`${prefix}b`]: 'runtime/default',
          [`${prefix}c`]: 'localhost/',
          [`${prefix}d`]: 'localhost/foo',
          [`${prefix}e`]: 'unconfined',
        },
      },
      spec: {},
      reason: 'forbidden AppArmor profiles',
      detail: `annotations must not set AppArmor profile type to "${prefix}="bogus"", "${prefix}e="unconfined"", "${prefix}f="unknown""`,
    },
    // an unconfined ephemeral container, visited after init and regular containers
    {
      name: 'ephemeral container',
      spec: {
        ephemeralContainers: [
          { name: 'debugger', securityContext: { appArmorProfile: { type: 'Unconfined' } } },
        ],
        containers: [{ name: 'app', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
        initContainers: [{ name: 'init', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
      },
      reason: 'forbidden AppArmor profile',
      detail: 'containers "init", "app", "debugger" must not set AppArmor profile type to "Unconfined"',
    },
    // pod, containers and an annotation together; profile types deduplicated and sorted first
    {
      name: 'pod, containers and annotation',
      meta: { annotations: { [`${prefix}e`]: 'unconfined' } },
      spec: {
        securityContext: { appArmorProfile: { type: 'Unconfined' } },
        initContainers: [{ name: 'bar', securityContext: { appArmorProfile: { type: 'Unconfined' } } }],
        ephemeralContainers: [{ name: 'dbg', securityContext: { appArmorProfile: { type: 'Bogus' } } }],
      },
      reason: 'forbidden AppArmor profiles',
      detail: `pod and containers "bar", "dbg" and annotation must not set AppArmor profile type to "Bogus", "Unconfined", "${prefix}e="unconfined""`,
    },
    // a profile without a type reads as "" in Go; Go's %q escapes control characters
    {
      name: 'empty type and escaped annotation',
      meta: { annotations: { [`${prefix}x`]: 'a\tb"' } },
      spec: { securityContext: { appArmorProfile: {} } },
      reason: 'forbidden AppArmor profiles',
      detail: `pod and annotation must not set AppArmor profile type to "", "${prefix}x="a\\tb\\"""`,
    },
  ])('$name', (c) => expectResult(c));

  it('reports pod, container and annotation findings', () => {
    const result = appArmorProfile_1_0(
      { annotations: { [`${prefix}z`]: 'unconfined', [`${prefix}y`]: 'bad' } },
      {
        securityContext: { appArmorProfile: { type: 'Unconfined' } },
        containers: [{ name: 'app' }],
        ephemeralContainers: [
          { name: 'debugger', securityContext: { appArmorProfile: { type: 'Unconfined' } } },
        ],
      },
    );
    expect(result.findings).toEqual([
      { path: 'spec.securityContext.appArmorProfile.type' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.appArmorProfile.type',
      },
      { path: `metadata.annotations[${prefix}y]` },
      { path: `metadata.annotations[${prefix}z]` },
    ]);
  });
});

describe('appArmorProfile descriptor', () => {
  it('is a baseline check with one 1.0 version', () => {
    expect(appArmorProfile.id).toBe('appArmorProfile');
    expect(appArmorProfile.level).toBe('baseline');
    expect(appArmorProfile.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: appArmorProfile_1_0 },
    ]);
  });
});
