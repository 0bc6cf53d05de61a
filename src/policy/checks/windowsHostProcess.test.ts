import { describe, expect, it } from 'vitest';
import { LevelBaseline, MajorMinorVersion, type PodSpec } from '../../api/index.js';
import { windowsHostProcess, windowsHostProcess_1_0 } from './windowsHostProcess.js';

const hp = (hostProcess?: boolean | null) => ({ securityContext: { windowsOptions: { hostProcess } } });

describe('windowsHostProcess descriptor', () => {
  it('is baseline with version 1.0', () => {
    expect(windowsHostProcess.id).toBe('windowsHostProcess');
    expect(windowsHostProcess.level).toBe(LevelBaseline);
    expect(
      windowsHostProcess.versions.map((v) => [v.minimumVersion, v.checkPod, v.overrideCheckIDs]),
    ).toEqual([[MajorMinorVersion(1, 0), windowsHostProcess_1_0, undefined]]);
  });
});

describe('windowsHostProcess_1_0', () => {
  it.each([
    // upstream TestWindowsHostProcess
    {
      name: 'host process',
      spec: {
        ...hp(true),
        containers: [
          { name: 'a', securityContext: null },
          { name: 'b', securityContext: {} },
          { name: 'c', securityContext: { windowsOptions: {} } },
          { name: 'd', ...hp(false) },
          { name: 'e', ...hp(true) },
          { name: 'f', ...hp(true) },
        ],
      },
      reason: 'hostProcess',
      detail: 'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true',
    },
    // unset, null and false are allowed
    {
      name: 'unset, null and false',
      spec: {
        ...hp(false),
        containers: [
          { name: 'a', ...hp(null) },
          { name: 'b', ...hp() },
          { name: 'c', ...hp(false) },
        ],
      },
    },
    // the pod alone
    {
      name: 'pod only',
      spec: { ...hp(true), containers: [{ name: 'a' }] },
      reason: 'hostProcess',
      detail: 'pod must not set securityContext.windowsOptions.hostProcess=true',
    },
    // init, regular and ephemeral containers, in visiting order
    {
      name: 'every container kind',
      spec: {
        ephemeralContainers: [{ name: 'debugger', ...hp(true) }],
        containers: [{ name: 'app', ...hp(true) }],
        initContainers: [{ name: 'init', ...hp(true) }],
      },
      reason: 'hostProcess',
      detail:
        'containers "init", "app", "debugger" must not set securityContext.windowsOptions.hostProcess=true',
    },
    {
      name: 'ephemeral container only',
      spec: { containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'debugger', ...hp(true) }] },
      reason: 'hostProcess',
      detail: 'container "debugger" must not set securityContext.windowsOptions.hostProcess=true',
    },
  ] as { name: string; spec: PodSpec; reason?: string; detail?: string }[])(
    '$name',
    ({ spec, reason, detail }) => {
      const result = windowsHostProcess_1_0(undefined, spec);
      expect(result.allowed).toBe(reason === undefined);
      expect(result.forbiddenReason).toBe(reason);
      expect(result.forbiddenDetail).toBe(detail);
    },
  );

  it('reports the pod field first, then each container field with its kind', () => {
    const result = windowsHostProcess_1_0(undefined, {
      ...hp(true),
      containers: [{ name: 'app' }],
      ephemeralContainers: [{ name: 'debugger', ...hp(true) }],
    });
    expect(result.findings).toEqual([
      { path: 'spec.securityContext.windowsOptions.hostProcess' },
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess',
      },
    ]);
  });
});
