import { describe, expect, it } from 'vitest';
import { MajorMinorVersion, type PodSpec } from '../../api/index.js';
import { checkHostPathVolumesID, hostPathVolumes, hostPathVolumes_1_0 } from './hostPathVolumes.js';

interface Case {
  name: string;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

describe('hostPathVolumes_1_0', () => {
  it.each<Case>([
    // upstream "host path volumes"
    {
      name: 'host path volumes',
      spec: {
        volumes: [
          { name: 'a', hostPath: {} },
          { name: 'b', hostPath: {} },
          { name: 'c', emptyDir: {} },
        ],
      },
      reason: 'hostPath volumes',
      detail: 'volumes "a", "b"',
    },
    // one volume, singular
    {
      name: 'one volume',
      spec: { volumes: [{ name: 'data', hostPath: { path: '/var/lib' } }] },
      reason: 'hostPath volumes',
      detail: 'volume "data"',
    },
    // no volumes, null hostPath, null entries
    { name: 'no volumes', spec: { containers: [{ name: 'a' }] } },
    { name: 'null volumes', spec: { volumes: null } },
    {
      name: 'null hostPath',
      spec: {
        volumes: [
          { name: 'a', hostPath: null },
          { name: 'b', configMap: {} },
        ],
      },
    },
    // the ephemeral view of a pod (ephemeral containers only) inherits the pod's volumes
    {
      name: 'pod with only ephemeral containers',
      spec: {
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
      reason: 'hostPath volumes',
      detail: 'volume "root"',
    },
    // an unnamed volume reads as "" as in Go
    {
      name: 'unnamed volume',
      spec: { volumes: [{ hostPath: {} }] },
      reason: 'hostPath volumes',
      detail: 'volume ""',
    },
  ])('$name', ({ spec, reason, detail }) => {
    const result = hostPathVolumes_1_0(undefined, spec);
    expect(result.allowed).toBe(reason === undefined);
    expect(result.forbiddenReason).toBe(reason);
    expect(result.forbiddenDetail).toBe(detail);
  });

  it('reports a pod-level finding per hostPath volume with its index', () => {
    const result = hostPathVolumes_1_0(undefined, {
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'b', secret: {} },
        { name: 'c', hostPath: { path: '/etc' } },
      ],
    });
    expect(result.findings).toEqual([{ path: 'spec.volumes[2].hostPath' }]);
  });
});

describe('hostPathVolumes descriptor', () => {
  it('is a baseline check with one 1.0 version', () => {
    expect(checkHostPathVolumesID).toBe('hostPathVolumes');
    expect(hostPathVolumes.id).toBe('hostPathVolumes');
    expect(hostPathVolumes.level).toBe('baseline');
    expect(hostPathVolumes.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: hostPathVolumes_1_0 },
    ]);
  });
});
