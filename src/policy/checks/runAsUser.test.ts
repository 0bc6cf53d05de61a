import { describe, expect, it } from 'vitest';
import { LevelRestricted, MajorMinorVersion, type PodSpec } from '../../api/index.js';
import { runAsUser, runAsUser_1_23, runAsUser_1_35 } from './runAsUser.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

// Upstream's TestRunAsUser (run against runAsUser1_35).
const upstreamCases: Case[] = [
  {
    name: 'pod runAsUser=0',
    spec: { securityContext: { runAsUser: 0 }, containers: [{ name: 'a', securityContext: null }] },
    reason: 'runAsUser=0',
    detail: 'pod must not set runAsUser=0',
  },
  {
    name: 'pod runAsUser=non-zero',
    spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'a', securityContext: null }] },
  },
  {
    name: 'pod runAsUser=nil',
    spec: { securityContext: { runAsUser: null }, containers: [{ name: 'a', securityContext: null }] },
  },
  {
    name: 'containers runAsUser=0',
    spec: {
      securityContext: { runAsUser: 1000 },
      containers: [
        { name: 'a', securityContext: null },
        { name: 'b', securityContext: {} },
        { name: 'c', securityContext: { runAsUser: 0 } },
        { name: 'd', securityContext: { runAsUser: 0 } },
        { name: 'e', securityContext: { runAsUser: 1 } },
        { name: 'f', securityContext: { runAsUser: 1 } },
      ],
    },
    reason: 'runAsUser=0',
    detail: 'containers "c", "d" must not set runAsUser=0',
  },
  {
    name: 'containers runAsUser=non-zero',
    spec: {
      containers: [
        { name: 'c', securityContext: { runAsUser: 1 } },
        { name: 'd', securityContext: { runAsUser: 2 } },
        { name: 'e', securityContext: { runAsUser: 3 } },
        { name: 'f', securityContext: { runAsUser: 4 } },
      ],
    },
  },
  { name: 'host users false allowed', spec: { hostUsers: false } },
];

const rootEverywhere: PodSpec = {
  securityContext: { runAsUser: 0 },
  initContainers: [{ name: 'init', securityContext: { runAsUser: 0 } }],
  containers: [{ name: 'app', securityContext: { runAsUser: 0 } }],
  ephemeralContainers: [{ name: 'debugger', securityContext: { runAsUser: 0 } }],
};

// Both versions: 0 is forbidden, unset and non-zero are allowed; ephemeral containers come last.
const commonCases: Case[] = [
  { name: 'no security context', spec: { containers: [{ name: 'a' }] } },
  {
    name: 'pod and every container kind set 0',
    spec: rootEverywhere,
    reason: 'runAsUser=0',
    detail: 'pod and containers "init", "app", "debugger" must not set runAsUser=0',
  },
  {
    name: 'only an ephemeral container sets 0',
    spec: {
      containers: [{ name: 'app', securityContext: { runAsUser: 1000 } }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { runAsUser: 0 } }],
    },
    reason: 'runAsUser=0',
    detail: 'container "debugger" must not set runAsUser=0',
  },
];

function expectResult(result: ReturnType<typeof runAsUser_1_23>, { reason, detail }: Case): void {
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('runAsUser descriptor', () => {
  it('is restricted with versions 1.23 and 1.35', () => {
    expect(runAsUser.id).toBe('runAsUser');
    expect(runAsUser.level).toBe(LevelRestricted);
    expect(runAsUser.versions.map((v) => [v.minimumVersion, v.checkPod, v.overrideCheckIDs])).toEqual([
      [MajorMinorVersion(1, 23), runAsUser_1_23, undefined],
      [MajorMinorVersion(1, 35), runAsUser_1_35, undefined],
    ]);
  });
});

describe('runAsUser_1_35', () => {
  it.each([...upstreamCases, ...commonCases])('$name', (c) => {
    expectResult(runAsUser_1_35(undefined, c.spec), c);
  });

  it.each([
    // hostUsers: false relaxes the check from v1.35, even for the pod and ephemeral containers
    { name: 'hostUsers false', spec: { ...rootEverywhere, hostUsers: false } },
    // only an explicit false relaxes: null (unset) and true do not
    {
      name: 'hostUsers null',
      spec: { hostUsers: null, securityContext: { runAsUser: 0 } },
      reason: 'runAsUser=0',
      detail: 'pod must not set runAsUser=0',
    },
    {
      name: 'hostUsers true',
      spec: { hostUsers: true, containers: [{ name: 'a', securityContext: { runAsUser: 0 } }] },
      reason: 'runAsUser=0',
      detail: 'container "a" must not set runAsUser=0',
    },
  ] as Case[])('$name', (c) => {
    expectResult(runAsUser_1_35(undefined, c.spec), c);
  });
});

describe('runAsUser_1_23', () => {
  it.each([
    ...commonCases,
    // no user namespace relaxation before v1.35
    {
      name: 'hostUsers false does not relax',
      spec: { ...rootEverywhere, hostUsers: false },
      reason: 'runAsUser=0',
      detail: 'pod and containers "init", "app", "debugger" must not set runAsUser=0',
    },
    // hostUsers: true and null are not relaxations either
    {
      name: 'hostUsers true',
      spec: { hostUsers: true, securityContext: { runAsUser: 0 } },
      reason: 'runAsUser=0',
      detail: 'pod must not set runAsUser=0',
    },
  ] as Case[])('$name', (c) => {
    expectResult(runAsUser_1_23(undefined, c.spec), c);
  });

  it('reports the pod field and each container field with its kind', () => {
    expect(runAsUser_1_23(undefined, rootEverywhere).findings).toEqual([
      { path: 'spec.securityContext.runAsUser' },
      { container: { name: 'init', kind: 'init' }, path: 'spec.initContainers[0].securityContext.runAsUser' },
      { container: { name: 'app', kind: 'regular' }, path: 'spec.containers[0].securityContext.runAsUser' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.runAsUser',
      },
    ]);
  });
});
