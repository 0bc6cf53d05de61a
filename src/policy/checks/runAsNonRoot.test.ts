import { describe, expect, it } from 'vitest';
import { LevelRestricted, MajorMinorVersion, type PodSpec } from '../../api/index.js';
import { runAsNonRoot, runAsNonRoot1_0, runAsNonRoot1_35 } from './runAsNonRoot.js';

const reason = 'runAsNonRoot != true';

type Row = { name: string; spec: PodSpec; reason?: string; detail?: string };

function expectResult(fn: typeof runAsNonRoot1_0, { spec, reason, detail }: Row): void {
  const result = fn(undefined, spec);
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('runAsNonRoot descriptor', () => {
  it("keeps upstream's ID, level and versions", () => {
    expect(runAsNonRoot.id).toBe('runAsNonRoot');
    expect(runAsNonRoot.level).toBe(LevelRestricted);
    expect(runAsNonRoot.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: runAsNonRoot1_0 },
      { minimumVersion: MajorMinorVersion(1, 35), checkPod: runAsNonRoot1_35 },
    ]);
  });
});

describe('runAsNonRoot1_35 (upstream TestRunAsNonRoot)', () => {
  it.each([
    {
      name: 'no explicit runAsNonRoot',
      spec: { containers: [{ name: 'a' }] },
      reason,
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    },
    {
      name: 'pod runAsNonRoot=false',
      spec: { securityContext: { runAsNonRoot: false }, containers: [{ name: 'a', securityContext: null }] },
      reason,
      detail: 'pod must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'containers runAsNonRoot=false',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [
          { name: 'a', securityContext: null },
          { name: 'b', securityContext: {} },
          { name: 'c', securityContext: { runAsNonRoot: false } },
          { name: 'd', securityContext: { runAsNonRoot: false } },
          { name: 'e', securityContext: { runAsNonRoot: true } },
          { name: 'f', securityContext: { runAsNonRoot: true } },
        ],
      },
      reason,
      detail: 'containers "c", "d" must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'pod nil, container fallthrough',
      spec: {
        containers: [
          { name: 'a', securityContext: null },
          { name: 'b', securityContext: {} },
          { name: 'd', securityContext: { runAsNonRoot: true } },
          { name: 'e', securityContext: { runAsNonRoot: true } },
        ],
      },
      reason,
      detail: 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true',
    },
    { name: 'host users false allowed', spec: { hostUsers: false } },
    // the relaxation covers every container, ephemeral included, whatever they set
    {
      name: 'host users false with explicit false everywhere',
      spec: {
        hostUsers: false,
        securityContext: { runAsNonRoot: false },
        containers: [{ name: 'a', securityContext: { runAsNonRoot: false } }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
    },
    // hostUsers true is the host user namespace
    {
      name: 'host users true',
      spec: { hostUsers: true, containers: [{ name: 'a' }] },
      reason,
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    },
  ] as Row[])('$name', (row) => expectResult(runAsNonRoot1_35, row));
});

describe('runAsNonRoot1_0', () => {
  it.each([
    // no user namespace relaxation before 1.35
    {
      name: 'host users false not relaxed',
      spec: { hostUsers: false, containers: [{ name: 'a' }] },
      reason,
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    },
    // pod-level true covers containers that leave it unset
    {
      name: 'pod true, containers unset',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'a' }, { name: 'b', securityContext: { runAsNonRoot: null } }],
      },
    },
    // every container true, pod unset
    {
      name: 'containers true, pod unset',
      spec: { containers: [{ name: 'a', securityContext: { runAsNonRoot: true } }] },
    },
    // no containers and no pod setting: nothing to complain about
    { name: 'no containers', spec: {} },
    // pod null is unset
    {
      name: 'pod null',
      spec: { securityContext: { runAsNonRoot: null }, containers: [{ name: 'a' }] },
      reason,
      detail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
    },
    // pod and containers false: both named, joined by "and"
    {
      name: 'pod and containers false',
      spec: {
        securityContext: { runAsNonRoot: false },
        containers: [
          { name: 'a', securityContext: { runAsNonRoot: false } },
          { name: 'b', securityContext: { runAsNonRoot: false } },
        ],
      },
      reason,
      detail: 'pod and containers "a", "b" must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'pod and one container false',
      spec: {
        securityContext: { runAsNonRoot: false },
        containers: [{ name: 'a', securityContext: { runAsNonRoot: false } }],
      },
      reason,
      detail: 'pod and container "a" must not set securityContext.runAsNonRoot=false',
    },
    // explicit false hides containers that only left it unset
    {
      name: 'explicit false wins over implicit',
      spec: { containers: [{ name: 'a' }, { name: 'b', securityContext: { runAsNonRoot: false } }] },
      reason,
      detail: 'container "b" must not set securityContext.runAsNonRoot=false',
    },
    {
      name: 'pod false with unset containers',
      spec: { securityContext: { runAsNonRoot: false }, containers: [{ name: 'a' }] },
      reason,
      detail: 'pod must not set securityContext.runAsNonRoot=false',
    },
    // init, regular, then ephemeral containers
    {
      name: 'every container kind false, in visiting order',
      spec: {
        ephemeralContainers: [{ name: 'debugger', securityContext: { runAsNonRoot: false } }],
        containers: [{ name: 'app', securityContext: { runAsNonRoot: false } }],
        initContainers: [{ name: 'init', securityContext: { runAsNonRoot: false } }],
      },
      reason,
      detail: 'containers "init", "app", "debugger" must not set securityContext.runAsNonRoot=false',
    },
    // an ephemeral container that leaves it unset, without a pod-level true
    {
      name: 'ephemeral container unset',
      spec: {
        containers: [{ name: 'app', securityContext: { runAsNonRoot: true } }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
      reason,
      detail: 'pod or container "debugger" must set securityContext.runAsNonRoot=true',
    },
    // a pod-level true covers the ephemeral container
    {
      name: 'ephemeral container covered by pod',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'app' }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
    },
  ] as Row[])('$name', (row) => expectResult(runAsNonRoot1_0, row));

  it('reports the pod field and explicitly false containers when something sets false', () => {
    const result = runAsNonRoot1_0(undefined, {
      securityContext: { runAsNonRoot: false },
      containers: [{ name: 'app' }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { runAsNonRoot: false } }],
    });
    expect(result.findings).toEqual([
      { path: 'spec.securityContext.runAsNonRoot' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.runAsNonRoot',
      },
    ]);
  });

  it('reports each container that left it unset when nothing sets false', () => {
    const result = runAsNonRoot1_0(undefined, {
      initContainers: [{ name: 'init', securityContext: { runAsNonRoot: true } }],
      containers: [{ name: 'app' }],
      ephemeralContainers: [{ name: 'debugger' }],
    });
    expect(result.findings).toEqual([
      {
        container: { name: 'app', kind: 'regular' },
        path: 'spec.containers[0].securityContext.runAsNonRoot',
      },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.runAsNonRoot',
      },
    ]);
  });
});
