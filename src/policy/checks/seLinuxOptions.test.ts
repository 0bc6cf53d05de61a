import { describe, expect, it } from 'vitest';
import { LevelBaseline, MajorMinorVersion, type PodSpec, type SELinuxOptions } from '../../api/index.js';
import { seLinuxOptions, seLinuxOptions_1_0, seLinuxOptions_1_31 } from './seLinuxOptions.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const se = (name: string, opts: SELinuxOptions) => ({ name, securityContext: { seLinuxOptions: opts } });
const pod = (opts: SELinuxOptions) => ({ securityContext: { seLinuxOptions: opts } });
const allowedContainers = [
  se('a', { type: 'container_t' }),
  se('b', { type: 'container_init_t' }),
  se('c', { type: 'container_kvm_t' }),
  se('d', { type: 'container_engine_t' }),
];
const badContainers = [se('e', { type: 'bar' }), se('f', { user: 'bar' }), se('g', { role: 'baz' })];

const invalidPodAndContainers: PodSpec = {
  ...pod({ type: 'foo', user: 'bar', role: 'baz' }),
  containers: [...allowedContainers, ...badContainers],
};
const invalidPod: PodSpec = {
  ...pod({ type: 'foo', user: 'bar', role: 'baz' }),
  containers: allowedContainers,
};
const invalidContainers: PodSpec = { ...pod({}), containers: [...allowedContainers, ...badContainers] };

// Upstream's TestSELinuxOptions (run against seLinuxOptions1_31).
const upstreamCases: Case[] = [
  {
    name: 'invalid pod and containers',
    spec: invalidPodAndContainers,
    reason: 'seLinuxOptions',
    detail:
      'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
  },
  {
    name: 'invalid pod',
    spec: invalidPod,
    reason: 'seLinuxOptions',
    detail:
      'pod set forbidden securityContext.seLinuxOptions: type "foo"; user may not be set; role may not be set',
  },
  {
    name: 'invalid containers',
    spec: invalidContainers,
    reason: 'seLinuxOptions',
    detail:
      'containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: type "bar"; user may not be set; role may not be set',
  },
  {
    name: 'bad type',
    spec: pod({ type: 'bad' }),
    reason: 'seLinuxOptions',
    detail: 'pod set forbidden securityContext.seLinuxOptions: type "bad"',
  },
  {
    name: 'bad user',
    spec: pod({ user: 'bad' }),
    reason: 'seLinuxOptions',
    detail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set',
  },
  {
    name: 'bad role',
    spec: pod({ role: 'bad' }),
    reason: 'seLinuxOptions',
    detail: 'pod set forbidden securityContext.seLinuxOptions: role may not be set',
  },
];

// Both versions: empty values are unset, level is free, ephemeral containers are visited last.
const common: Case[] = [
  {
    name: 'no seLinuxOptions',
    spec: { containers: [{ name: 'a', securityContext: { seLinuxOptions: null } }] },
  },
  {
    name: 'empty and null values, any level',
    spec: {
      ...pod({ type: '', user: '', role: null, level: 's0:c1,c2' }),
      containers: [se('a', { type: null })],
    },
  },
  {
    name: 'repeated types listed once',
    spec: { ...pod({ type: 'x' }), containers: [se('a', { type: 'x' }), se('b', { type: 'spc_t' })] },
    reason: 'seLinuxOptions',
    detail: 'pod and containers "a", "b" set forbidden securityContext.seLinuxOptions: types "spc_t", "x"',
  },
  {
    name: 'init, regular and ephemeral containers',
    spec: {
      ephemeralContainers: [se('debugger', { type: 'spc_t', user: 'system_u' })],
      containers: [se('app', { role: 'system_r' })],
      initContainers: [se('init', { type: 'unconfined_t' })],
    },
    reason: 'seLinuxOptions',
    detail:
      'containers "init", "app", "debugger" set forbidden securityContext.seLinuxOptions: types "spc_t", "unconfined_t"; user may not be set; role may not be set',
  },
];

function expectResult(result: ReturnType<typeof seLinuxOptions_1_0>, { reason, detail }: Case): void {
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('seLinuxOptions descriptor', () => {
  it('is baseline with versions 1.0 and 1.31', () => {
    expect(seLinuxOptions.id).toBe('seLinuxOptions');
    expect(seLinuxOptions.level).toBe(LevelBaseline);
    expect(seLinuxOptions.versions.map((v) => [v.minimumVersion, v.checkPod, v.overrideCheckIDs])).toEqual([
      [MajorMinorVersion(1, 0), seLinuxOptions_1_0, undefined],
      [MajorMinorVersion(1, 31), seLinuxOptions_1_31, undefined],
    ]);
  });
});

describe('seLinuxOptions_1_31', () => {
  it.each([
    ...upstreamCases,
    ...common,
    // container_engine_t is allowed from v1.31
    {
      name: 'container_engine_t',
      spec: { ...pod({ type: 'container_engine_t' }), containers: allowedContainers },
    },
  ])('$name', (c) => {
    expectResult(seLinuxOptions_1_31(undefined, c.spec), c);
  });

  it('reports each bad sub-field of the pod and of each container', () => {
    const result = seLinuxOptions_1_31(undefined, {
      ...pod({ type: 'foo', role: 'r' }),
      containers: [se('app', { type: 'container_t' })],
      ephemeralContainers: [se('debugger', { user: 'u' })],
    });
    expect(result.findings).toEqual([
      { path: 'spec.securityContext.seLinuxOptions.type' },
      { path: 'spec.securityContext.seLinuxOptions.role' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.seLinuxOptions.user',
      },
    ]);
  });
});

describe('seLinuxOptions_1_0', () => {
  it.each([
    ...common,
    // before v1.31 container_engine_t is forbidden, so upstream's cases also name "d"
    {
      name: 'invalid pod and containers',
      spec: invalidPodAndContainers,
      reason: 'seLinuxOptions',
      detail:
        'pod and containers "d", "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "container_engine_t", "foo"; user may not be set; role may not be set',
    },
    {
      name: 'invalid pod',
      spec: invalidPod,
      reason: 'seLinuxOptions',
      detail:
        'pod and container "d" set forbidden securityContext.seLinuxOptions: types "container_engine_t", "foo"; user may not be set; role may not be set',
    },
    {
      name: 'container_engine_t on an ephemeral container',
      spec: {
        containers: allowedContainers.slice(0, 3),
        ephemeralContainers: [se('debugger', { type: 'container_engine_t' })],
      },
      reason: 'seLinuxOptions',
      detail: 'container "debugger" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    },
    {
      name: 'v1.0 types',
      spec: { ...pod({ type: 'container_kvm_t' }), containers: allowedContainers.slice(0, 3) },
    },
  ])('$name', (c) => {
    expectResult(seLinuxOptions_1_0(undefined, c.spec), c);
  });
});
