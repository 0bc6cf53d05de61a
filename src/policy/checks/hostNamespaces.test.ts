import { describe, expect, it } from 'vitest';
import { MajorMinorVersion, type PodSpec } from '../../api/index.js';
import { hostNamespaces, hostNamespaces_1_0 } from './hostNamespaces.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

describe('hostNamespaces_1_0', () => {
  it.each<Case>([
    // upstream "multiple host namespaces": always network, PID, IPC order
    {
      name: 'multiple host namespaces',
      spec: { hostIPC: true, hostPID: true, hostNetwork: true },
      reason: 'host namespaces',
      detail: 'hostNetwork=true, hostPID=true, hostIPC=true',
    },
    // unset, null and false are allowed
    { name: 'unset', spec: { containers: [{ name: 'a' }] } },
    { name: 'null and false', spec: { hostNetwork: null, hostPID: false, hostIPC: false } },
    // each field alone
    {
      name: 'hostNetwork',
      spec: { hostNetwork: true },
      reason: 'host namespaces',
      detail: 'hostNetwork=true',
    },
    {
      name: 'hostPID',
      spec: { hostPID: true, hostIPC: false },
      reason: 'host namespaces',
      detail: 'hostPID=true',
    },
    { name: 'hostIPC', spec: { hostIPC: true }, reason: 'host namespaces', detail: 'hostIPC=true' },
    // the ephemeral view of a pod (ephemeral containers only) inherits the pod's namespaces
    {
      name: 'pod with only ephemeral containers',
      spec: { hostNetwork: true, ephemeralContainers: [{ name: 'debugger' }] },
      reason: 'host namespaces',
      detail: 'hostNetwork=true',
    },
    // hostUsers=false does not relax this check
    {
      name: 'user namespace pod',
      spec: { hostUsers: false, hostPID: true },
      reason: 'host namespaces',
      detail: 'hostPID=true',
    },
  ])('$name', ({ spec, reason, detail }) => {
    const result = hostNamespaces_1_0(undefined, spec);
    expect(result.allowed).toBe(reason === undefined);
    expect(result.forbiddenReason).toBe(reason);
    expect(result.forbiddenDetail).toBe(detail);
  });

  it('reports pod-level findings without a container', () => {
    const result = hostNamespaces_1_0(undefined, {
      hostIPC: true,
      hostNetwork: true,
      ephemeralContainers: [{ name: 'debugger' }],
    });
    expect(result.findings).toEqual([{ path: 'spec.hostNetwork' }, { path: 'spec.hostIPC' }]);
  });
});

describe('hostNamespaces descriptor', () => {
  it('is a baseline check with one 1.0 version', () => {
    expect(hostNamespaces.id).toBe('hostNamespaces');
    expect(hostNamespaces.level).toBe('baseline');
    expect(hostNamespaces.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: hostNamespaces_1_0 },
    ]);
  });
});
