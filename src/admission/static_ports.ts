// The static implementations of admission's namespace and pod ports: fixed lists from `--namespaces FILE`,
// `--pods FILE`, the demo and tests.
import { goQuote, type Pod } from '../api/index.js';
import { NamespaceStore } from './namespace_store.js';
import {
  NotFoundError,
  type Namespace,
  type NamespaceGetter,
  type PodGetter,
  type PodLister,
} from './ports.js';

/**
 * Namespaces from a fixed list (`--namespaces FILE`, tests, the demo); never changes, so always synced.
 * Holds only the name and pod-security labels of each (NamespaceStore): admission reads nothing else.
 */
export class StaticNamespaceGetter implements NamespaceGetter {
  private readonly store = new NamespaceStore();

  constructor(namespaces: readonly Namespace[]) {
    for (const ns of namespaces) {
      const name = ns.metadata?.name;
      if (typeof name !== 'string' || name === '') throw new Error('namespace without metadata.name');
      if (this.store.has(name)) throw new Error(`duplicate namespace ${goQuote(name)}`);
      this.store.set(ns);
    }
  }

  hasSynced(): boolean {
    return true;
  }

  getNamespace(name: string): Promise<Namespace> {
    const ns = this.store.get(name);
    return ns === undefined ? Promise.reject(new NotFoundError('namespaces', name)) : Promise.resolve(ns);
  }
}

/**
 * Pods from a fixed list, listed per namespace in name (code unit) order, as an API server lists them,
 * and got by namespace and name.
 */
export class StaticPodLister implements PodLister, PodGetter {
  private readonly byNamespace = new Map<string, Pod[]>();

  constructor(pods: readonly Pod[]) {
    for (const pod of pods) {
      const ns = pod.metadata?.namespace ?? '';
      const list = this.byNamespace.get(ns) ?? [];
      list.push(pod);
      this.byNamespace.set(ns, list);
    }
    for (const list of this.byNamespace.values()) {
      list.sort((a, b) => compareNames(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    }
  }

  listPods(namespace: string, signal?: AbortSignal): Promise<Pod[]> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    return Promise.resolve([...(this.byNamespace.get(namespace) ?? [])]);
  }

  getPod(namespace: string, name: string, signal?: AbortSignal): Promise<Pod> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    const pod = this.byNamespace.get(namespace)?.find((p) => p.metadata?.name === name);
    return pod === undefined ? Promise.reject(new NotFoundError('pods', name)) : Promise.resolve(pod);
  }
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
