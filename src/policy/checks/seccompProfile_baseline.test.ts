import { describe, expect, it } from 'vitest';
import { LevelBaseline, MajorMinorVersion, type ObjectMeta, type PodSpec } from '../../api/index.js';
import {
  seccompProfile_baseline,
  seccompProfile_baseline_1_0,
  seccompProfile_baseline_1_19,
} from './seccompProfile_baseline.js';

interface Case {
  name: string;
  meta?: ObjectMeta;
  spec: PodSpec;
  reason?: string;
  detail?: string;
}

const podKey = 'seccomp.security.alpha.kubernetes.io/pod';
const ctr = (name: string) => `container.seccomp.security.alpha.kubernetes.io/${name}`;
const profile = (type: string | null) => ({ securityContext: { seccompProfile: { type } } });

function expectResult(
  result: ReturnType<typeof seccompProfile_baseline_1_0>,
  { reason, detail }: Case,
): void {
  expect(result.allowed).toBe(reason === undefined);
  expect(result.forbiddenReason).toBe(reason);
  expect(result.forbiddenDetail).toBe(detail);
}

describe('seccompProfile_baseline descriptor', () => {
  it('is baseline with versions 1.0 (annotations) and 1.19 (fields)', () => {
    expect(seccompProfile_baseline.id).toBe('seccompProfile_baseline');
    expect(seccompProfile_baseline.level).toBe(LevelBaseline);
    expect(
      seccompProfile_baseline.versions.map((v) => [v.minimumVersion, v.checkPod, v.overrideCheckIDs]),
    ).toEqual([
      [MajorMinorVersion(1, 0), seccompProfile_baseline_1_0, undefined],
      [MajorMinorVersion(1, 19), seccompProfile_baseline_1_19, undefined],
    ]);
  });
});

describe('seccompProfile_baseline_1_0', () => {
  it.each([
    // upstream TestSeccompProfileBaseline_1_0
    {
      name: 'pod seccomp invalid',
      meta: { annotations: { [podKey]: 'unconfined' } },
      spec: {},
      reason: 'seccompProfile',
      detail: 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"',
    },
    {
      name: 'containers seccomp invalid',
      meta: { annotations: { [ctr('a')]: 'unconfined', [ctr('b')]: 'unknown' } },
      spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      reason: 'seccompProfile',
      detail:
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", container.seccomp.security.alpha.kubernetes.io/b="unknown"',
    },
    {
      name: 'pod and containers seccomp invalid',
      meta: { annotations: { [podKey]: 'unconfined', [ctr('a')]: 'unconfined', [ctr('b')]: 'unknown' } },
      spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      reason: 'seccompProfile',
      detail:
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", container.seccomp.security.alpha.kubernetes.io/b="unknown", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
    },
    // allowed annotation values, and no annotations at all
    { name: 'no metadata', spec: { containers: [{ name: 'a' }] } },
    {
      name: 'allowed values',
      meta: {
        annotations: {
          [podKey]: 'runtime/default',
          [ctr('a')]: 'docker/default',
          [ctr('b')]: 'localhost/profile.json',
        },
      },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    },
    // annotations for names that are not containers of the pod are ignored
    {
      name: 'annotation of an absent container',
      meta: { annotations: { [ctr('x')]: 'unconfined' } },
      spec: {},
    },
    // the fields are not looked at before v1.19
    { name: 'fields ignored', spec: { securityContext: { seccompProfile: { type: 'Unconfined' } } } },
    // an empty value is present, so it is checked; values are quoted as Go's %q does
    {
      name: 'empty and escaped values',
      meta: { annotations: { [podKey]: '', [ctr('a')]: 'un"confined\n' } },
      spec: { containers: [{ name: 'a' }] },
      reason: 'seccompProfile',
      detail:
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="un\\"confined\\n", seccomp.security.alpha.kubernetes.io/pod=""',
    },
    // init and ephemeral containers are covered too; an entry is listed once however many containers share a name
    {
      name: 'every container kind',
      meta: {
        annotations: { [ctr('init')]: 'unconfined', [ctr('debugger')]: 'unconfined', [ctr('app')]: 'x' },
      },
      spec: {
        initContainers: [{ name: 'init' }],
        containers: [{ name: 'app' }, { name: 'app' }],
        ephemeralContainers: [{ name: 'debugger' }],
      },
      reason: 'seccompProfile',
      detail:
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/app="x", container.seccomp.security.alpha.kubernetes.io/debugger="unconfined", container.seccomp.security.alpha.kubernetes.io/init="unconfined"',
    },
  ] as Case[])('$name', (c) => {
    expectResult(seccompProfile_baseline_1_0(c.meta, c.spec), c);
  });

  it('reports the annotation paths, with the container for container annotations', () => {
    const result = seccompProfile_baseline_1_0(
      { annotations: { [podKey]: 'unconfined', [ctr('debugger')]: 'unconfined' } },
      { containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'debugger' }] },
    );
    expect(result.findings).toEqual([
      { path: 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/debugger]',
      },
    ]);
  });
});

describe('seccompProfile_baseline_1_19', () => {
  it.each([
    // upstream TestSeccompProfileBaseline_1_19
    {
      name: 'pod seccomp invalid',
      spec: { ...profile('Unconfined'), containers: [{ name: 'a', securityContext: null }] },
      reason: 'seccompProfile',
      detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    },
    {
      name: 'containers seccomp invalid',
      spec: {
        ...profile('RuntimeDefault'),
        containers: [
          { name: 'a', securityContext: null },
          { name: 'b', securityContext: {} },
          { name: 'c', ...profile('Unconfined') },
          { name: 'd', ...profile('Unconfined') },
          { name: 'e', ...profile('RuntimeDefault') },
          { name: 'f', ...profile('RuntimeDefault') },
        ],
      },
      reason: 'seccompProfile',
      detail: 'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    },
    {
      name: 'pod and containers seccomp invalid',
      spec: {
        ...profile('Unconfined'),
        containers: [
          { name: 'a', securityContext: null },
          { name: 'b', securityContext: {} },
          { name: 'c', ...profile('Unconfined') },
          { name: 'd', ...profile('Unconfined') },
          { name: 'e', ...profile('RuntimeDefault') },
          { name: 'f', ...profile('RuntimeDefault') },
        ],
      },
      reason: 'seccompProfile',
      detail: 'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    },
    // unset profiles are allowed at baseline; Localhost is allowed
    {
      name: 'unset',
      spec: { containers: [{ name: 'a' }, { name: 'b', securityContext: { seccompProfile: null } }] },
    },
    {
      name: 'localhost',
      spec: { ...profile('Localhost'), containers: [{ name: 'a', ...profile('Localhost') }] },
    },
    // annotations are not looked at from v1.19
    { name: 'annotations ignored', meta: { annotations: { [podKey]: 'unconfined' } }, spec: {} },
    // a profile without a type has type "" (bad); values are sorted and deduplicated
    {
      name: 'missing type and several values',
      spec: {
        ...profile(null),
        initContainers: [{ name: 'i', ...profile('Unconfined') }],
        containers: [{ name: 'c', ...profile('Bogus') }],
        ephemeralContainers: [{ name: 'debugger', ...profile('Unconfined') }],
      },
      reason: 'seccompProfile',
      detail:
        'pod and containers "i", "c", "debugger" must not set securityContext.seccompProfile.type to "", "Bogus", "Unconfined"',
    },
  ] as Case[])('$name', (c) => {
    expectResult(seccompProfile_baseline_1_19(c.meta, c.spec), c);
  });

  it('reports the pod and container type fields', () => {
    const result = seccompProfile_baseline_1_19(undefined, {
      ...profile('Unconfined'),
      containers: [{ name: 'app' }],
      ephemeralContainers: [{ name: 'debugger', ...profile('Unconfined') }],
    });
    expect(result.findings).toEqual([
      { path: 'spec.securityContext.seccompProfile.type' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.seccompProfile.type',
      },
    ]);
  });
});
