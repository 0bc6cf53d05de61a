import { describe, expect, it } from 'vitest';
import { visitContainers, type ContainerRef } from './visitor.js';

const refsOf = (spec: Parameters<typeof visitContainers>[0]) => {
  const refs: ContainerRef[] = [];
  visitContainers(spec, (_c, ref) => refs.push(ref));
  return refs;
};

describe('visitContainers', () => {
  it('visits init, regular, then ephemeral containers with their kind, index and path', () => {
    const spec = {
      containers: [{ name: 'a' }, { name: 'b' }],
      initContainers: [{ name: 'i' }],
      ephemeralContainers: [null as never],
    };
    expect(refsOf(spec)).toEqual([
      { kind: 'init', index: 0, path: 'spec.initContainers[0]' },
      { kind: 'regular', index: 0, path: 'spec.containers[0]' },
      { kind: 'regular', index: 1, path: 'spec.containers[1]' },
      { kind: 'ephemeral', index: 0, path: 'spec.ephemeralContainers[0]' },
    ]);
  });

  it('gives the same paths on every visit, past the cached refs too', () => {
    const spec = { containers: Array.from({ length: 1100 }, (_, i) => ({ name: `c${i}` })) };
    const first = refsOf(spec);
    const second = refsOf(spec);
    expect(second).toEqual(first);
    expect(first.map((r) => r.path)).toEqual(spec.containers.map((_, i) => `spec.containers[${i}]`));
    expect(first.slice(0, 1024).every((r) => Object.isFrozen(r))).toBe(true);
  });
});
