import { describe, expect, it } from 'vitest';
import { LevelBaseline, MajorMinorVersion, type PodSpec } from '../../api/index.js';
import { hostPorts, hostPorts_1_0 } from './hostPorts.js';

describe('hostPorts descriptor', () => {
  it('is a baseline check with one version from 1.0', () => {
    expect(hostPorts.id).toBe('hostPorts');
    expect(hostPorts.level).toBe(LevelBaseline);
    expect(hostPorts.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: hostPorts_1_0 },
    ]);
  });
});

describe('hostPorts_1_0', () => {
  it.each([
    // upstream: one container, one host port
    {
      name: 'one container, one host port',
      spec: {
        containers: [
          { name: 'a', ports: [{ hostPort: 0 }] },
          { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 20 }] },
        ],
      },
      reason: 'hostPort',
      detail: 'container "b" uses hostPort 20',
    },
    // upstream: multiple containers, multiple host ports (deduplicated)
    {
      name: 'multiple containers, multiple host port',
      spec: {
        containers: [
          { name: 'a', ports: [{ hostPort: 0 }] },
          { name: 'b', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 20 }] },
          { name: 'c', ports: [{ hostPort: 0 }, { hostPort: 10 }, { hostPort: 30 }] },
        ],
      },
      reason: 'hostPort',
      detail: 'containers "b", "c" use hostPorts 10, 20, 30',
    },
    // unset, null and 0 are all Go's 0: allowed
    {
      name: 'unset, null and zero host ports',
      spec: {
        containers: [
          { name: 'a' },
          { name: 'b', ports: null },
          { name: 'c', ports: [{ containerPort: 80 }, { hostPort: null }, { hostPort: 0 }] },
        ],
      },
    },
    // ports are sorted as strings, as upstream's string set does
    {
      name: 'ports sorted as strings',
      spec: {
        containers: [
          { name: 'a', ports: [{ hostPort: 9 }, { hostPort: 10 }, { hostPort: 8080 }, { hostPort: 100 }] },
        ],
      },
      reason: 'hostPort',
      detail: 'container "a" uses hostPorts 10, 100, 8080, 9',
    },
    // two ports in one container: singular container, plural ports
    {
      name: 'one container, two ports',
      spec: { containers: [{ name: 'a', ports: [{ hostPort: 80 }, { hostPort: 443 }] }] },
      reason: 'hostPort',
      detail: 'container "a" uses hostPorts 443, 80',
    },
    // one shared port in two containers: plural containers, singular port
    {
      name: 'two containers, one port',
      spec: {
        containers: [
          { name: 'a', ports: [{ hostPort: 80 }] },
          { name: 'b', ports: [{ hostPort: 80 }] },
        ],
      },
      reason: 'hostPort',
      detail: 'containers "a", "b" use hostPort 80',
    },
    // init, regular, then ephemeral containers
    {
      name: 'every container kind, in visiting order',
      spec: {
        ephemeralContainers: [{ name: 'debugger', ports: [{ hostPort: 3000 }] }],
        containers: [{ name: 'app', ports: [{ hostPort: 80 }] }],
        initContainers: [{ name: 'init', ports: [{ hostPort: 1 }] }],
      },
      reason: 'hostPort',
      detail: 'containers "init", "app", "debugger" use hostPorts 1, 3000, 80',
    },
    // only an ephemeral container binds a host port
    {
      name: 'ephemeral container only',
      spec: {
        containers: [{ name: 'app' }],
        ephemeralContainers: [{ name: 'debugger', ports: [{ hostPort: 8080 }] }],
      },
      reason: 'hostPort',
      detail: 'container "debugger" uses hostPort 8080',
    },
  ] as { name: string; spec: PodSpec; reason?: string; detail?: string }[])(
    '$name',
    ({ spec, reason, detail }) => {
      const result = hostPorts_1_0(undefined, spec);
      expect(result.allowed).toBe(reason === undefined);
      expect(result.forbiddenReason).toBe(reason);
      expect(result.forbiddenDetail).toBe(detail);
    },
  );

  it('reports a finding per offending port with container kind and field path', () => {
    const result = hostPorts_1_0(undefined, {
      containers: [{ name: 'app', ports: [{ hostPort: 0 }, { hostPort: 80 }] }],
      ephemeralContainers: [{ name: 'debugger', ports: [{ hostPort: 9090 }] }],
    });
    expect(result.findings).toEqual([
      { container: { name: 'app', kind: 'regular' }, path: 'spec.containers[0].ports[1].hostPort' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].ports[0].hostPort',
      },
    ]);
  });
});
