import { describe, expect, it } from 'vitest';
import type { Container } from '../../src/api/index.js';
import type { Finding } from '../../src/policy/check.js';
import { ephemeralTwin, standaloneContainer } from './ephemeral.js';
import type { FixturePod } from './helpers.js';

const minimal: Container = { name: 'container1', image: 'pause' };
const bad = { name: 'container1', image: 'pause', securityContext: { privileged: true } };
const init = { name: 'initcontainer1', image: 'pause' };

function pod(spec: FixturePod['spec']): FixturePod {
  return { metadata: {}, spec };
}

const regularFinding: Finding = {
  container: { name: 'container1', kind: 'regular' },
  path: 'spec.containers[0].x',
};
const initFinding: Finding = {
  container: { name: 'initcontainer1', kind: 'init' },
  path: 'spec.initContainers[0].x',
};

describe('ephemeralTwin', () => {
  it.each([
    // the only regular container offends: it moves, a copy of the minimal container named "app" stays
    {
      name: 'regular container',
      spec: { initContainers: [init], containers: [bad] },
      findings: [regularFinding, regularFinding],
      want: { initContainers: [init], containers: [{ ...minimal, name: 'app' }], ephemeralContainers: [bad] },
    },
    // an init container offends: it moves and the empty initContainers list goes
    {
      name: 'init container',
      spec: { initContainers: [init], containers: [minimal] },
      findings: [initFinding],
      want: { containers: [minimal], ephemeralContainers: [init] },
    },
    // one of two regular containers offends: the other one stays
    {
      name: 'one of two containers',
      spec: { containers: [bad, { name: 'other' }] },
      findings: [regularFinding],
      want: { containers: [{ name: 'other' }], ephemeralContainers: [bad] },
    },
    // pod-level violation: a compliant copy of the first container joins as "debugger"
    {
      name: 'pod-level violation',
      spec: { hostNetwork: true, containers: [minimal] },
      findings: [{ path: 'spec.hostNetwork' }],
      want: {
        hostNetwork: true,
        containers: [minimal],
        ephemeralContainers: [{ ...minimal, name: 'debugger' }],
      },
    },
    // no findings at all are treated as a pod-level violation
    {
      name: 'no findings',
      spec: { containers: [minimal], ephemeralContainers: [{ name: 'debugger' }] },
      findings: [],
      want: {
        containers: [minimal],
        ephemeralContainers: [{ name: 'debugger' }, { ...minimal, name: 'debugger-2' }],
      },
    },
  ] as { name: string; spec: FixturePod['spec']; findings: Finding[]; want: FixturePod['spec'] }[])(
    '$name',
    ({ spec, findings, want }) => {
      const original = pod(spec);
      const copy = structuredClone(original);
      expect(ephemeralTwin(original, findings, minimal).spec).toEqual(want);
      expect(original).toEqual(copy);
    },
  );

  it('throws when a finding names a container the pod does not have', () => {
    expect(() => ephemeralTwin(pod({ containers: [minimal] }), [initFinding], minimal)).toThrow(
      'a finding names container "initcontainer1" in spec.initContainers, which the pod does not have',
    );
  });
});

describe('standaloneContainer', () => {
  it.each([
    // nothing set at pod level: the container as is
    {
      name: 'no pod securityContext',
      spec: { containers: [minimal, { name: 'other' }] },
      want: minimal,
    },
    // inherited pod settings move into the container; pod-only ones (fsGroup, sysctls) do not
    {
      name: 'inherited settings',
      spec: {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
          fsGroup: 1000,
          sysctls: [{ name: 'kernel.shm_rmid_forced', value: '0' }],
        },
        containers: [{ ...minimal, securityContext: { allowPrivilegeEscalation: false } }],
      },
      want: {
        ...minimal,
        securityContext: {
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
    },
    // the container's own settings win over the pod's
    {
      name: 'container overrides',
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 1000 },
        containers: [{ ...minimal, securityContext: { runAsNonRoot: false, runAsUser: null } }],
      },
      want: { ...minimal, securityContext: { runAsNonRoot: false, runAsUser: 1000 } },
    },
  ] as { name: string; spec: FixturePod['spec']; want: Container }[])('$name', ({ spec, want }) => {
    const original = pod(spec);
    const copy = structuredClone(original);
    expect(standaloneContainer(original)).toEqual(want);
    expect(original).toEqual(copy);
  });

  it('throws when the pod has no container', () => {
    expect(() => standaloneContainer(pod({ containers: [] }))).toThrow(
      'the minimal valid pod has no container',
    );
  });
});
