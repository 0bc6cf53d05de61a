import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import type { Namespace, NotFoundError } from './ports.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';

function pod(namespace: string, name: string): Pod {
  return { metadata: { namespace, name } };
}

describe('StaticNamespaceGetter', () => {
  const list: Namespace[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', labels: { l: '1', 'pod-security.kubernetes.io/enforce': 'baseline' } },
    },
    { metadata: { name: 'b' } },
  ];

  it('is synced and serves its namespaces: the name and the pod-security labels', async () => {
    const s = new StaticNamespaceGetter(list);
    expect(s.hasSynced()).toBe(true);
    expect(await s.getNamespace('a')).toEqual({
      metadata: { name: 'a', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
    });
    expect(await s.getNamespace('b')).toEqual({ metadata: { name: 'b', labels: {} } });
  });

  it('throws not found like the API server', async () => {
    const err = await new StaticNamespaceGetter(list).getNamespace('zz').catch((e: unknown) => e);
    expect((err as NotFoundError).code).toBe(404);
    expect((err as Error).message).toBe('namespaces "zz" not found');
  });

  it.each([
    // a namespace must be named, once
    { name: 'unnamed', input: [{ metadata: {} }], error: 'namespace without metadata.name' },
    {
      name: 'duplicate',
      input: [{ metadata: { name: 'a' } }, { metadata: { name: 'a' } }],
      error: 'duplicate namespace "a"',
    },
  ] as { name: string; input: Namespace[]; error: string }[])(
    'refuses a $name namespace',
    ({ input, error }) => {
      expect(() => new StaticNamespaceGetter(input)).toThrow(error);
    },
  );
});

describe('StaticPodLister', () => {
  const lister = new StaticPodLister([pod('a', 'zeta'), pod('b', 'x'), pod('a', 'Alpha'), pod('a', 'alpha')]);

  it.each([
    // per namespace, in code-unit order like an API server list
    ['a', ['Alpha', 'alpha', 'zeta']],
    ['b', ['x']],
    ['none', []],
  ])('lists namespace %s as %j', async (ns, names) => {
    expect((await lister.listPods(ns)).map((p) => p.metadata?.name)).toEqual(names);
  });

  it('honours an aborted signal', async () => {
    const c = new AbortController();
    c.abort(new Error('deadline'));
    await expect(lister.listPods('a', c.signal)).rejects.toThrow('deadline');
  });
});
