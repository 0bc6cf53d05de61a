import { describe, expect, it } from 'vitest';
import { LevelBaseline, MajorMinorVersion, type Container, type PodSpec } from '../../api/index.js';
import { procMount, procMount1_35baseline, procMount_1_0 } from './procMount.js';

// upstream's TestProcMountBaseline containers: unset, empty context, Default, Unmasked, other
const upstreamContainers: Container[] = [
  { name: 'a', securityContext: null },
  { name: 'b', securityContext: {} },
  { name: 'c', securityContext: { procMount: 'Default' } },
  { name: 'd', securityContext: { procMount: 'Unmasked' } },
  { name: 'e', securityContext: { procMount: 'other' } },
];
const upstreamDetail = 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"';

describe('procMount descriptor', () => {
  it("keeps upstream's ID, level and versions", () => {
    expect(procMount.id).toBe('procMount');
    expect(procMount.level).toBe(LevelBaseline);
    expect(procMount.versions).toEqual([
      { minimumVersion: MajorMinorVersion(1, 0), checkPod: procMount_1_0 },
      { minimumVersion: MajorMinorVersion(1, 35), checkPod: procMount1_35baseline },
    ]);
  });
});

type Row = { name: string; spec: PodSpec; reason?: string; detail?: string };

describe('procMount1_35baseline', () => {
  it.each([
    // upstream: host user namespace
    {
      name: 'procMount',
      spec: { containers: upstreamContainers, hostUsers: true },
      reason: 'procMount',
      detail: upstreamDetail,
    },
    // upstream: any value is allowed in a user namespace
    { name: 'procMount with userns', spec: { containers: upstreamContainers, hostUsers: false } },
    // hostUsers unset or null is the host user namespace
    {
      name: 'hostUsers unset',
      spec: { containers: upstreamContainers },
      reason: 'procMount',
      detail: upstreamDetail,
    },
    {
      name: 'hostUsers null',
      spec: { containers: upstreamContainers, hostUsers: null },
      reason: 'procMount',
      detail: upstreamDetail,
    },
    // the user namespace relaxation covers ephemeral containers too
    {
      name: 'ephemeral container in a user namespace',
      spec: {
        hostUsers: false,
        ephemeralContainers: [{ name: 'debugger', securityContext: { procMount: 'Unmasked' } }],
      },
    },
  ] as Row[])('$name', ({ spec, reason, detail }) => {
    const result = procMount1_35baseline(undefined, spec);
    expect(result.allowed).toBe(reason === undefined);
    expect(result.forbiddenReason).toBe(reason);
    expect(result.forbiddenDetail).toBe(detail);
  });
});

describe('procMount_1_0', () => {
  it.each([
    // no relaxation before 1.35: a user namespace does not help
    {
      name: 'user namespace not relaxed',
      spec: { containers: upstreamContainers, hostUsers: false },
      reason: 'procMount',
      detail: upstreamDetail,
    },
    // null is unset: allowed
    { name: 'null procMount', spec: { containers: [{ name: 'a', securityContext: { procMount: null } }] } },
    // an empty string is set and is not "Default"
    {
      name: 'empty procMount',
      spec: { containers: [{ name: 'a', securityContext: { procMount: '' } }] },
      reason: 'procMount',
      detail: 'container "a" must not set securityContext.procMount to ""',
    },
    // types are a sorted set; container names keep visiting order, duplicates included
    {
      name: 'types sorted and deduplicated',
      spec: {
        initContainers: [{ name: 'z', securityContext: { procMount: 'Unmasked' } }],
        containers: [
          { name: 'a', securityContext: { procMount: 'Unmasked' } },
          { name: 'a', securityContext: { procMount: 'Custom' } },
        ],
      },
      reason: 'procMount',
      detail: 'containers "z", "a", "a" must not set securityContext.procMount to "Custom", "Unmasked"',
    },
    // types sort by code point as Go does
    {
      name: 'types sorted as Go strings',
      spec: {
        containers: [
          { name: 'a', securityContext: { procMount: '\u{1F600}' } },
          { name: 'b', securityContext: { procMount: '\uFF61' } },
        ],
      },
      reason: 'procMount',
      detail: 'containers "a", "b" must not set securityContext.procMount to "\uFF61", "\u{1F600}"',
    },
    // init, regular, then ephemeral containers
    {
      name: 'every container kind, in visiting order',
      spec: {
        ephemeralContainers: [{ name: 'debugger', securityContext: { procMount: 'Unmasked' } }],
        containers: [{ name: 'app', securityContext: { procMount: 'Unmasked' } }],
        initContainers: [{ name: 'init', securityContext: { procMount: 'Unmasked' } }],
      },
      reason: 'procMount',
      detail: 'containers "init", "app", "debugger" must not set securityContext.procMount to "Unmasked"',
    },
  ] as Row[])('$name', ({ spec, reason, detail }) => {
    const result = procMount_1_0(undefined, spec);
    expect(result.allowed).toBe(reason === undefined);
    expect(result.forbiddenReason).toBe(reason);
    expect(result.forbiddenDetail).toBe(detail);
  });

  it('reports a finding per offending container with its kind and field path', () => {
    const result = procMount_1_0(undefined, {
      containers: upstreamContainers,
      ephemeralContainers: [{ name: 'debugger', securityContext: { procMount: 'Unmasked' } }],
    });
    expect(result.findings).toEqual([
      { container: { name: 'd', kind: 'regular' }, path: 'spec.containers[3].securityContext.procMount' },
      { container: { name: 'e', kind: 'regular' }, path: 'spec.containers[4].securityContext.procMount' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.procMount',
      },
    ]);
  });
});
