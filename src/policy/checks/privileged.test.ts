import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../api/index.js';
import { privileged_1_0 } from './privileged.js';

describe('privileged_1_0', () => {
  it.each([
    // unset, null and false are allowed
    { name: 'unset', spec: { containers: [{ name: 'a' }] }, reason: undefined, detail: undefined },
    {
      name: 'null and false',
      spec: {
        containers: [
          { name: 'a', securityContext: { privileged: null } },
          { name: 'b', securityContext: { privileged: false } },
        ],
      },
      reason: undefined,
      detail: undefined,
    },
    // one privileged container
    {
      name: 'one container',
      spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] },
      reason: 'privileged',
      detail: 'container "a" must not set securityContext.privileged=true',
    },
    // init, regular and ephemeral containers, in visiting order
    {
      name: 'every container kind',
      spec: {
        ephemeralContainers: [{ name: 'debugger', securityContext: { privileged: true } }],
        containers: [{ name: 'b', securityContext: { privileged: true } }, { name: 'c' }],
        initContainers: [{ name: 'a', securityContext: { privileged: true } }],
      },
      reason: 'privileged',
      detail: 'containers "a", "b", "debugger" must not set securityContext.privileged=true',
    },
  ] as { name: string; spec: PodSpec; reason?: string; detail?: string }[])(
    '$name',
    ({ spec, reason, detail }) => {
      const result = privileged_1_0(undefined, spec);
      expect(result.allowed).toBe(reason === undefined);
      expect(result.forbiddenReason).toBe(reason);
      expect(result.forbiddenDetail).toBe(detail);
    },
  );

  it('reports a finding per offending container with its kind and field path', () => {
    const result = privileged_1_0(undefined, {
      containers: [{ name: 'app' }],
      ephemeralContainers: [{ name: 'debugger', securityContext: { privileged: true } }],
    });
    expect(result.findings).toEqual([
      {
        container: { name: 'debugger', kind: 'ephemeral' },
        path: 'spec.ephemeralContainers[0].securityContext.privileged',
      },
    ]);
  });
});
