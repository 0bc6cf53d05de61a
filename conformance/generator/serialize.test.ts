import { describe, expect, it } from 'vitest';
import { normalize, podYAML } from './serialize.js';

describe('normalize', () => {
  it.each([
    // unset, null and empty strings are left out, as Go's omitempty does
    { name: 'nil and empty', in: { b: null, a: undefined, c: '', d: 0, e: false }, want: { d: 0, e: false } },
    // empty lists are left out, except the lists core/v1 always writes
    {
      name: 'empty lists',
      in: { drop: [], sources: [], containers: [] },
      want: { containers: [], sources: [] },
    },
    // empty maps are left out; pointers to empty structs stay
    { name: 'empty maps', in: { annotations: {}, securityContext: {} }, want: { securityContext: {} } },
    // scaleIO.secretRef is written even when null
    { name: 'null secretRef', in: { secretRef: null }, want: { secretRef: null } },
    // keys are sorted at every level, list order is kept
    { name: 'sorting', in: { b: [{ z: 1, y: 2 }], a: 1 }, want: { a: 1, b: [{ y: 2, z: 1 }] } },
  ])('$name', ({ in: input, want }) => {
    const out = normalize(input);
    expect(out).toEqual(want);
    expect(JSON.stringify(out)).toBe(JSON.stringify(want));
  });
});

describe('podYAML', () => {
  it('renders the pod as upstream fixtures do', () => {
    const pod = {
      metadata: { annotations: {} },
      spec: {
        containers: [{ name: 'c', image: 'pause', ports: [{ containerPort: 80 }] }],
        securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '0' }] },
        volumes: [{ name: 'v', emptyDir: {} }],
      },
    };
    expect(podYAML(pod, 'p0')).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p0',
        'spec:',
        '  containers:',
        '  - image: pause',
        '    name: c',
        '    ports:',
        '    - containerPort: 80',
        '  securityContext:',
        '    sysctls:',
        '    - name: kernel.shm_rmid_forced',
        '      value: "0"',
        '  volumes:',
        '  - emptyDir: {}',
        '    name: v',
        '',
      ].join('\n'),
    );
  });
});
