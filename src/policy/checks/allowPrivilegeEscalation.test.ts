import { describe, expect, it } from 'vitest';
import { MajorMinorVersion, type PodSpec } from '../../api/index.js';
import {
  allowPrivilegeEscalation,
  allowPrivilegeEscalation_1_8,
  allowPrivilegeEscalation_1_25,
} from './allowPrivilegeEscalation.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const reason = 'allowPrivilegeEscalation != false';

// Cases both versions agree on.
const common: Case[] = [
  // upstream "multiple containers": unset, null, true are forbidden, false is allowed
  {
    name: 'multiple containers',
    spec: {
      containers: [
        { name: 'a' },
        { name: 'b', securityContext: { allowPrivilegeEscalation: null } },
        { name: 'c', securityContext: { allowPrivilegeEscalation: true } },
        { name: 'd', securityContext: { allowPrivilegeEscalation: false } },
      ],
    },
    reason,
    detail: 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false',
  },
  // every container sets false
  {
    name: 'all false',
    spec: {
      initContainers: [{ name: 'i', securityContext: { allowPrivilegeEscalation: false } }],
      containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false } }],
      ephemeralContainers: [{ name: 'e', securityContext: { allowPrivilegeEscalation: false } }],
    },
  },
  // upstream "linux pod, reject if security context is not set"
  {
    name: 'linux pod, reject if security context is not set',
    spec: { os: { name: 'linux' }, containers: [{ name: 'a' }] },
    reason,
    detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
  },
  // init, regular, then ephemeral containers, whatever the order of the keys
  {
    name: 'ephemeral containers are visited last',
    spec: {
      ephemeralContainers: [{ name: 'debugger' }],
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: true } }],
      initContainers: [{ name: 'init', securityContext: {} }],
    },
    reason,
    detail: 'containers "init", "app", "debugger" must set securityContext.allowPrivilegeEscalation=false',
  },
  // only an ephemeral container is bad
  {
    name: 'ephemeral container only',
    spec: {
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false } }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { allowPrivilegeEscalation: true } }],
    },
    reason,
    detail: 'container "debugger" must set securityContext.allowPrivilegeEscalation=false',
  },
];

function expectResult(fn: typeof allowPrivilegeEscalation_1_8, { spec, reason, detail }: Case): void {
  const result = fn(undefined, spec);
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('allowPrivilegeEscalation_1_8', () => {
  it.each<Case>([
    ...common,
    // before 1.25 Windows pods are not exempt
    {
      name: 'windows pod is still checked',
      spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] },
      reason,
      detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
    },
  ])('$name', (c) => expectResult(allowPrivilegeEscalation_1_8, c));
});

describe('allowPrivilegeEscalation_1_25', () => {
  it.each<Case>([
    ...common,
    // upstream "windows pod, admit without checking privilegeEscalation"
    {
      name: 'windows pod, admit without checking privilegeEscalation',
      spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] },
    },
    // the exemption covers ephemeral containers too
    {
      name: 'windows pod with an ephemeral container',
      spec: {
        os: { name: 'windows' },
        containers: [{ name: 'a' }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
    },
    // os.name must be exactly "windows"
    {
      name: 'os name is case sensitive',
      spec: { os: { name: 'Windows' }, containers: [{ name: 'a' }] },
      reason,
      detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
    },
    // os without a name is not windows
    {
      name: 'os without name',
      spec: { os: {}, containers: [{ name: 'a' }] },
      reason,
      detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
    },
  ])('$name', (c) => expectResult(allowPrivilegeEscalation_1_25, c));

  it('reports a finding per offending container with its kind and field path', () => {
    const result = allowPrivilegeEscalation_1_25(undefined, {
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false } }, { name: 'side' }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { allowPrivilegeEscalation: true } }],
    });
    expect(result.findings).toEqual([
      {
        container: { name: 'side', kind: 'regular' },
        path: 'spec.containers[1].securityContext.allowPrivilegeEscalation',
      },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
      },
    ]);
  });
});

describe('allowPrivilegeEscalation descriptor', () => {
  it('is a restricted check with the 1.8 and 1.25 versions', () => {
    expect(allowPrivilegeEscalation.id).toBe('allowPrivilegeEscalation');
    expect(allowPrivilegeEscalation.level).toBe('restricted');
    expect(allowPrivilegeEscalation.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 8), checkPod: allowPrivilegeEscalation_1_8 },
      { minimumVersion: MajorMinorVersion(1, 25), checkPod: allowPrivilegeEscalation_1_25 },
    ]);
  });
});
