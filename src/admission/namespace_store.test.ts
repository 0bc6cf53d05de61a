import { describe, expect, it } from 'vitest';
import { NamespaceStore } from './namespace_store.js';
import type { Namespace } from './ports.js';

const enforce = 'pod-security.kubernetes.io/enforce';
const warn = 'pod-security.kubernetes.io/warn';
const ns = (name: string, labels?: Record<string, string> | null): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels, uid: `uid-${name}`, annotations: { a: 'b' } },
  spec: { finalizers: ['kubernetes'] },
});

describe('NamespaceStore', () => {
  it('keeps only the name and the pod-security labels, the labels frozen and shared by lookups', () => {
    const store = new NamespaceStore();
    store.set(ns('a', { [warn]: 'restricted', team: 'a', [enforce]: 'baseline' }));
    const got = store.get('a');
    expect(got).toEqual({ metadata: { name: 'a', labels: { [enforce]: 'baseline', [warn]: 'restricted' } } });
    expect(Object.keys(got?.metadata?.labels ?? {})).toEqual([enforce, warn]);
    expect(Object.isFrozen(got?.metadata?.labels)).toBe(true);
    expect(store.get('a')?.metadata?.labels).toBe(got?.metadata?.labels);
    expect(store.has('a')).toBe(true);
    expect(store.get('b')).toBeUndefined();
  });

  it('gives namespaces without labels (absent or null) an empty label set', () => {
    const store = new NamespaceStore();
    store.set(ns('a'));
    store.set(ns('b', null));
    expect(store.get('a')?.metadata?.labels).toEqual({});
    expect(store.get('b')?.metadata?.labels).toBe(store.get('a')?.metadata?.labels);
  });

  it('shares equal label sets whatever their order and frees them with their last namespace', () => {
    const store = new NamespaceStore();
    store.set(ns('a', { [enforce]: 'baseline', [warn]: 'restricted' }));
    store.set(ns('b', { [warn]: 'restricted', x: 'y', [enforce]: 'baseline' }));
    store.set(ns('c', { [enforce]: 'restricted' }));
    expect(store.get('b')?.metadata?.labels).toBe(store.get('a')?.metadata?.labels);
    expect(store.labelSetCount).toBe(2);
    store.delete('a');
    expect(store.labelSetCount).toBe(2);
    store.set(ns('b', { [enforce]: 'restricted' }));
    expect(store.labelSetCount).toBe(1);
    store.delete('c');
    store.delete('missing');
    expect(store.labelSetCount).toBe(1);
    store.delete('b');
    expect(store.labelSetCount).toBe(0);
    expect(store.size).toBe(0);
  });

  it('refuses a namespace without a name', () => {
    expect(() => new NamespaceStore().set({ metadata: { labels: {} } })).toThrow(
      'namespace without metadata.name: "{\\"labels\\":{}}"',
    );
  });
});
