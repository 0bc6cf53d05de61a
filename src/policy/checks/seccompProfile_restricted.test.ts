import { describe, expect, it } from 'vitest';
import { LevelRestricted, MajorMinorVersion, type PodSpec } from '../../api/index.js';
import {
  seccompProfile_restricted,
  seccompProfile_restricted_1_19,
  seccompProfile_restricted_1_25,
} from './seccompProfile_restricted.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const profile = (type: string) => ({ securityContext: { seccompProfile: { type } } });
const mustSet = (who: string) =>
  `pod or ${who} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;

// Cases upstream runs against both seccompProfileRestricted_1_19 and _1_25.
const upstreamCommon: Case[] = [
  {
    name: 'no explicit seccomp',
    spec: { containers: [{ name: 'a' }] },
    reason: 'seccompProfile',
    detail: mustSet('container "a"'),
  },
  {
    name: 'pod seccomp invalid',
    spec: { ...profile('Unconfined'), containers: [{ name: 'a', securityContext: null }] },
    reason: 'seccompProfile',
    detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'containers seccomp invalid',
    spec: {
      ...profile('RuntimeDefault'),
      containers: [
        { name: 'a', securityContext: null },
        { name: 'b', securityContext: {} },
        { name: 'c', ...profile('Unconfined') },
        { name: 'd', ...profile('Unconfined') },
        { name: 'e', ...profile('RuntimeDefault') },
        { name: 'f', ...profile('RuntimeDefault') },
      ],
    },
    reason: 'seccompProfile',
    detail: 'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'pod nil, container fallthrough',
    spec: {
      containers: [
        { name: 'a', securityContext: null },
        { name: 'b', securityContext: {} },
        { name: 'd', ...profile('RuntimeDefault') },
        { name: 'e', ...profile('RuntimeDefault') },
      ],
    },
    reason: 'seccompProfile',
    detail: mustSet('containers "a", "b"'),
  },
];

// Our cases for both versions: pod profile coverage, explicit before implicit, ephemeral containers.
const common: Case[] = [
  {
    name: 'valid pod profile covers every container',
    spec: {
      ...profile('Localhost'),
      initContainers: [{ name: 'i' }],
      containers: [{ name: 'a', securityContext: {} }],
      ephemeralContainers: [{ name: 'debugger' }],
    },
  },
  {
    name: 'every container sets a valid profile',
    spec: { containers: [{ name: 'a', ...profile('RuntimeDefault') }], ephemeralContainers: [] },
  },
  {
    name: 'explicit bad values are reported instead of unset containers',
    spec: { containers: [{ name: 'a' }, { name: 'b', ...profile('Unconfined') }] },
    reason: 'seccompProfile',
    detail: 'container "b" must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'bad pod profile does not cover containers, but explicit wins',
    spec: { ...profile('Unconfined'), containers: [{ name: 'a' }] },
    reason: 'seccompProfile',
    detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'unset ephemeral container after init and regular ones',
    spec: {
      initContainers: [{ name: 'i' }],
      containers: [{ name: 'a' }, { name: 'b', ...profile('RuntimeDefault') }],
      ephemeralContainers: [{ name: 'debugger' }],
    },
    reason: 'seccompProfile',
    detail: mustSet('containers "i", "a", "debugger"'),
  },
];

function expectResult(
  result: ReturnType<typeof seccompProfile_restricted_1_19>,
  { reason, detail }: Case,
): void {
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('seccompProfile_restricted descriptor', () => {
  it('is restricted with versions 1.19 and 1.25, both overriding the baseline check', () => {
    expect(seccompProfile_restricted.id).toBe('seccompProfile_restricted');
    expect(seccompProfile_restricted.level).toBe(LevelRestricted);
    expect(
      seccompProfile_restricted.versions.map((v) => [v.minimumVersion, v.checkPod, v.overrideCheckIDs]),
    ).toEqual([
      [MajorMinorVersion(1, 19), seccompProfile_restricted_1_19, ['seccompProfile_baseline']],
      [MajorMinorVersion(1, 25), seccompProfile_restricted_1_25, ['seccompProfile_baseline']],
    ]);
  });
});

describe('seccompProfile_restricted_1_19', () => {
  it.each([
    ...upstreamCommon,
    ...common,
    // no Windows exemption before v1.25
    {
      name: 'windows pod is not exempt',
      spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] },
      reason: 'seccompProfile',
      detail: mustSet('container "a"'),
    },
  ])('$name', (c) => {
    expectResult(seccompProfile_restricted_1_19(undefined, c.spec), c);
  });
});

describe('seccompProfile_restricted_1_25', () => {
  it.each([
    ...upstreamCommon,
    // upstream TestSeccompProfileRestricted_1_25 Windows cases
    {
      name: 'no explicit seccomp, windows Pod',
      spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] },
    },
    {
      name: 'no explicit seccomp, linux pod',
      spec: { os: { name: 'linux' }, containers: [{ name: 'a' }] },
      reason: 'seccompProfile',
      detail: mustSet('container "a"'),
    },
    ...common,
    // windows pods are exempt whatever they set, ephemeral containers included
    {
      name: 'windows pod with bad ephemeral profile',
      spec: {
        os: { name: 'windows' },
        ephemeralContainers: [{ name: 'debugger', ...profile('Unconfined') }],
      },
    },
    // os.name must be exactly "windows"
    {
      name: 'os.name Windows (case differs)',
      spec: { os: { name: 'Windows' }, containers: [{ name: 'a' }] },
      reason: 'seccompProfile',
      detail: mustSet('container "a"'),
    },
  ] as Case[])('$name', (c) => {
    expectResult(seccompProfile_restricted_1_25(undefined, c.spec), c);
  });

  it('reports the missing container fields when no profile is set', () => {
    const result = seccompProfile_restricted_1_25(undefined, {
      containers: [{ name: 'app', ...profile('RuntimeDefault') }],
      ephemeralContainers: [{ name: 'debugger' }],
    });
    expect(result.findings).toEqual([
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.seccompProfile.type',
      },
    ]);
  });

  it('reports only the explicit bad fields when some are set', () => {
    const result = seccompProfile_restricted_1_25(undefined, {
      ...profile('Unconfined'),
      containers: [{ name: 'app' }],
    });
    expect(result.findings).toEqual([{ path: 'spec.securityContext.seccompProfile.type' }]);
  });
});
