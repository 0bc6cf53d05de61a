import { describe, expect, it } from 'vitest';
import {
  LatestVersion,
  LevelBaseline,
  MajorMinorVersion,
  type PodSpec,
  type Version,
} from '../../api/index.js';
import { aggregateCheckResults } from '../check.js';
import { newEvaluator } from '../registry.js';
import {
  hostProbesAndHostLifecycle,
  hostProbesAndHostLifecycleV1Dot34,
} from './hostProbesAndHostLifecycle.js';

const reason = 'probe or lifecycle host';

describe('hostProbesAndHostLifecycle descriptor', () => {
  it("keeps upstream's ID and starts at 1.34", () => {
    expect(hostProbesAndHostLifecycle.id).toBe('hostProbesAndHostLifecycle');
    expect(hostProbesAndHostLifecycle.level).toBe(LevelBaseline);
    expect(hostProbesAndHostLifecycle.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 34), checkPod: hostProbesAndHostLifecycleV1Dot34 },
    ]);
  });
});

describe('hostProbesAndHostLifecycle emulation (upstream TestHostProbesAndHostLifecycleEmulation)', () => {
  const spec: PodSpec = { containers: [{ startupProbe: { httpGet: { host: 'localhost' } } }] };
  const allowedAt = (emulate: Version | undefined, version: Version) => {
    const evaluator = newEvaluator([hostProbesAndHostLifecycle], emulate);
    return aggregateCheckResults(evaluator.evaluatePod({ level: LevelBaseline, version }, {}, spec)).allowed;
  };

  it.each([
    // no emulation: the check is active from 1.34
    { name: 'no emulation', emulate: undefined, active: true },
    { name: 'emulate 1.34', emulate: MajorMinorVersion(1, 34), active: true },
    // emulating 1.33 caps every version (latest included) at 1.33, before the check existed
    { name: 'emulate 1.33', emulate: MajorMinorVersion(1, 33), active: false },
  ])('$name', ({ emulate, active }) => {
    expect(allowedAt(emulate, LatestVersion())).toBe(!active);
    expect(allowedAt(emulate, MajorMinorVersion(1, 34))).toBe(!active);
    expect(allowedAt(emulate, MajorMinorVersion(1, 33))).toBe(true);
  });
});

describe('hostProbesAndHostLifecycleV1Dot34', () => {
  it.each([
    // upstream: handlers without a host (the pod IP) are allowed
    {
      name: 'valid pod with unset hosts',
      spec: {
        containers: [
          {
            name: 'a',
            livenessProbe: { httpGet: {} },
            readinessProbe: { tcpSocket: {} },
            lifecycle: { postStart: { httpGet: {} } },
          },
        ],
      },
    },
    // upstream: local host IPs and names
    {
      name: 'invalid pod with local host IP as probe host',
      spec: {
        containers: [
          {
            name: 'a',
            livenessProbe: { httpGet: { host: '127.0.0.1' } },
            readinessProbe: { tcpSocket: { host: '::1' } },
            startupProbe: { httpGet: { host: 'localhost' } },
          },
        ],
      },
      reason,
      detail: 'container "a" uses probe or lifecycle hosts "127.0.0.1", "::1", "localhost"',
    },
    {
      name: 'invalid httpget host in liveness probe',
      spec: { containers: [{ name: 'a', livenessProbe: { httpGet: { host: 'invalid.host' } } }] },
      reason,
      detail: 'container "a" uses probe or lifecycle host "invalid.host"',
    },
    {
      name: 'invalid tcpsocket host in readiness probe',
      spec: { containers: [{ name: 'b', readinessProbe: { tcpSocket: { host: 'invalid.host' } } }] },
      reason,
      detail: 'container "b" uses probe or lifecycle host "invalid.host"',
    },
    {
      name: 'invalid httpget host in startup probe',
      spec: { containers: [{ name: 'c', startupProbe: { httpGet: { host: 'invalid.host' } } }] },
      reason,
      detail: 'container "c" uses probe or lifecycle host "invalid.host"',
    },
    {
      name: 'invalid poststart tcpsocket host',
      spec: {
        containers: [{ name: 'd', lifecycle: { postStart: { tcpSocket: { host: 'invalid.host' } } } }],
      },
      reason,
      detail: 'container "d" uses probe or lifecycle host "invalid.host"',
    },
    {
      name: 'invalid prestop httpget host',
      spec: {
        containers: [{ name: 'e', lifecycle: { preStop: { httpGet: { host: 'another.invalid.host' } } } }],
      },
      reason,
      detail: 'container "e" uses probe or lifecycle host "another.invalid.host"',
    },
    // upstream: container names and hosts are sorted sets
    {
      name: 'multiple containers with multiple invalid hosts',
      spec: {
        containers: [
          { name: 'valid' },
          { name: 'invalid1', livenessProbe: { httpGet: { host: 'a.com' } } },
          {
            name: 'invalid2',
            lifecycle: { preStop: { tcpSocket: { host: 'b.com' } } },
            startupProbe: { httpGet: { host: 'a.com' } },
          },
        ],
      },
      reason,
      detail: 'containers "invalid1", "invalid2" use probe or lifecycle hosts "a.com", "b.com"',
    },
    {
      name: 'invalid ipv4 host in probe',
      spec: { containers: [{ name: 'a', livenessProbe: { httpGet: { host: '8.8.8.8' } } }] },
      reason,
      detail: 'container "a" uses probe or lifecycle host "8.8.8.8"',
    },
    {
      name: 'invalid ipv6 host in probe',
      spec: { containers: [{ name: 'a', livenessProbe: { tcpSocket: { host: '2001:4860:4860::8888' } } }] },
      reason,
      detail: 'container "a" uses probe or lifecycle host "2001:4860:4860::8888"',
    },
    {
      name: 'invalid host in initcontainer',
      spec: { initContainers: [{ name: 'init', livenessProbe: { httpGet: { host: 'invalid.init.host' } } }] },
      reason,
      detail: 'container "init" uses probe or lifecycle host "invalid.init.host"',
    },
    // empty and null hosts are Go's "": allowed; null handlers and lifecycle are unset
    {
      name: 'empty and null hosts',
      spec: {
        containers: [
          {
            name: 'a',
            livenessProbe: { httpGet: { host: '' }, tcpSocket: { host: null } },
            readinessProbe: null,
            lifecycle: { postStart: null, preStop: { httpGet: null } },
          },
        ],
      },
    },
    // container names are a sorted set: not in visiting order, duplicates once
    {
      name: 'container names sorted and deduplicated',
      spec: {
        initContainers: [{ name: 'z', startupProbe: { tcpSocket: { host: 'h' } } }],
        containers: [
          { name: 'b', livenessProbe: { httpGet: { host: 'h' } } },
          { name: 'b', readinessProbe: { httpGet: { host: 'h' } } },
        ],
      },
      reason,
      detail: 'containers "b", "z" use probe or lifecycle host "h"',
    },
    // hosts sort by code point as Go does, not by UTF-16 unit as JS's default sort would
    {
      name: 'hosts sorted as Go strings',
      spec: {
        containers: [
          {
            name: 'a',
            livenessProbe: { httpGet: { host: '\u{1F600}.example' } },
            readinessProbe: { httpGet: { host: '\uFF61.example' } },
          },
        ],
      },
      reason,
      detail: 'container "a" uses probe or lifecycle hosts "\uFF61.example", "\u{1F600}.example"',
    },
    // ephemeral containers are judged too
    {
      name: 'ephemeral container',
      spec: {
        containers: [{ name: 'app', livenessProbe: { httpGet: {} } }],
        ephemeralContainers: [
          { name: 'debugger', lifecycle: { postStart: { httpGet: { host: 'metadata.internal' } } } },
        ],
      },
      reason,
      detail: 'container "debugger" uses probe or lifecycle host "metadata.internal"',
    },
  ] as { name: string; spec: PodSpec; reason?: string; detail?: string }[])(
    '$name',
    ({ spec, reason, detail }) => {
      const result = hostProbesAndHostLifecycleV1Dot34(undefined, spec);
      expect(result.allowed).toBe(reason === undefined);
      expect(result.forbiddenReason).toBe(reason);
      expect(result.forbiddenDetail).toBe(detail);
    },
  );

  it('reports a finding per host field, probes before lifecycle handlers, in visiting order', () => {
    const result = hostProbesAndHostLifecycleV1Dot34(undefined, {
      containers: [
        {
          name: 'app',
          lifecycle: { preStop: { tcpSocket: { host: 'x' } } },
          livenessProbe: { httpGet: { host: 'x' }, tcpSocket: { host: 'y' } },
        },
      ],
      ephemeralContainers: [{ name: 'debugger', startupProbe: { tcpSocket: { host: 'z' } } }],
    });
    expect(result.findings).toEqual([
      { container: { name: 'app', kind: 'regular' }, path: 'spec.containers[0].livenessProbe.httpGet.host' },
      {
        container: { name: 'app', kind: 'regular' },
        path: 'spec.containers[0].livenessProbe.tcpSocket.host',
      },
      {
        container: { name: 'app', kind: 'regular' },
        path: 'spec.containers[0].lifecycle.preStop.tcpSocket.host',
      },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].startupProbe.tcpSocket.host',
      },
    ]);
  });
});
