import { describe, expect, it } from 'vitest';
import { MajorMinorVersion, type PodSpec } from '../../api/index.js';
import {
  capabilities_restricted,
  capabilitiesRestricted_1_22,
  capabilitiesRestricted_1_25,
} from './capabilities_restricted.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const reason = 'unrestricted capabilities';

// Cases both versions agree on.
const common: Case[] = [
  // upstream "multiple containers": drop problems first, then add problems, capabilities sorted
  {
    name: 'multiple containers',
    spec: {
      containers: [
        { name: 'a', securityContext: { capabilities: { add: ['FOO', 'BAR'] } } },
        { name: 'b', securityContext: { capabilities: { add: ['BAR', 'BAZ'] } } },
        {
          name: 'c',
          securityContext: { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } },
        },
      ],
    },
    reason,
    detail:
      'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
  },
  // upstream "linux pod, reject if security context is not set"
  {
    name: 'linux pod, reject if security context is not set',
    spec: { os: { name: 'linux' }, containers: [{ name: 'a' }] },
    reason,
    detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]',
  },
  // drop ALL, optionally add NET_BIND_SERVICE
  {
    name: 'drop ALL and add NET_BIND_SERVICE',
    spec: {
      containers: [
        { name: 'a', securityContext: { capabilities: { drop: ['ALL'] } } },
        { name: 'b', securityContext: { capabilities: { drop: ['FOO', 'ALL'], add: ['NET_BIND_SERVICE'] } } },
      ],
    },
  },
  // a null security context or capabilities, an empty or lowercase drop list
  {
    name: 'missing drop ALL',
    spec: {
      containers: [
        { name: 'a', securityContext: null },
        { name: 'b', securityContext: { capabilities: null } },
        { name: 'c', securityContext: { capabilities: { drop: [] } } },
        { name: 'd', securityContext: { capabilities: { drop: ['all'] } } },
      ],
    },
    reason,
    detail: 'containers "a", "b", "c", "d" must set securityContext.capabilities.drop=["ALL"]',
  },
  // adding only forbidden capabilities while dropping ALL
  {
    name: 'add only',
    spec: {
      containers: [
        { name: 'a', securityContext: { capabilities: { drop: ['ALL'], add: ['NET_RAW', 'NET_RAW'] } } },
      ],
    },
    reason,
    detail: 'container "a" must not include "NET_RAW" in securityContext.capabilities.add',
  },
  // init, regular, then ephemeral containers
  {
    name: 'ephemeral containers are visited last',
    spec: {
      ephemeralContainers: [{ name: 'debugger', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } }],
      containers: [{ name: 'app', securityContext: { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }],
      initContainers: [{ name: 'init' }],
    },
    reason,
    detail:
      'containers "init", "debugger" must set securityContext.capabilities.drop=["ALL"]; containers "app", "debugger" must not include "SYS_ADMIN", "SYS_PTRACE" in securityContext.capabilities.add',
  },
];

function expectResult(fn: typeof capabilitiesRestricted_1_22, { spec, reason, detail }: Case): void {
  const result = fn(undefined, spec);
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('capabilitiesRestricted_1_22', () => {
  it.each<Case>([
    ...common,
    // before 1.25 Windows pods are not exempt
    {
      name: 'windows pod is still checked',
      spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] },
      reason,
      detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]',
    },
  ])('$name', (c) => expectResult(capabilitiesRestricted_1_22, c));
});

describe('capabilitiesRestricted_1_25', () => {
  it.each<Case>([
    ...common,
    // upstream "windows pod, admit without checking capabilities"
    {
      name: 'windows pod, admit without checking capabilities',
      spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] },
    },
    // the exemption covers ephemeral containers too
    {
      name: 'windows pod with an ephemeral container',
      spec: {
        os: { name: 'windows' },
        containers: [{ name: 'a' }],
        ephemeralContainers: [
          { name: 'debugger', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } },
        ],
      },
    },
  ])('$name', (c) => expectResult(capabilitiesRestricted_1_25, c));

  it('reports drop and add findings per container in visiting order', () => {
    const result = capabilitiesRestricted_1_25(undefined, {
      containers: [{ name: 'app', securityContext: { capabilities: { drop: ['ALL'] } } }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } }],
    });
    expect(result.findings).toEqual([
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.capabilities.drop',
      },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.capabilities.add',
      },
    ]);
  });
});

describe('capabilities_restricted descriptor', () => {
  it('is a restricted check overriding capabilities_baseline from 1.22', () => {
    expect(capabilities_restricted.id).toBe('capabilities_restricted');
    expect(capabilities_restricted.level).toBe('restricted');
    expect(capabilities_restricted.versions).toEqual([
      {
        minimumVersion: MajorMinorVersion(1, 22),
        checkPod: capabilitiesRestricted_1_22,
        overrideCheckIDs: ['capabilities_baseline'],
      },
      {
        minimumVersion: MajorMinorVersion(1, 25),
        checkPod: capabilitiesRestricted_1_25,
        overrideCheckIDs: ['capabilities_baseline'],
      },
    ]);
  });
});
