// The ports through which admission reaches the cluster and the clock; faked in tests with plain maps.
import type { ObjectMeta, Pod } from '../api/index.js';

export interface Namespace {
  metadata?: ObjectMeta | null;
  [key: string]: unknown;
}

export interface NamespaceGetter {
  /** Resolves the namespace; rejects when it cannot be found or looked up. */
  getNamespace(name: string, signal?: AbortSignal): Promise<Namespace>;
}

export interface PodLister {
  listPods(namespace: string, signal?: AbortSignal): Promise<Pod[]>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** Per-request context: cancellation and the request deadline (ms since epoch), if any. */
export interface RequestContext {
  readonly signal?: AbortSignal;
  readonly deadline?: number;
}

/** A namespace source over a fixed list, as `--namespaces FILE` and tests use. */
export class StaticNamespaceGetter implements NamespaceGetter {
  private readonly byName: ReadonlyMap<string, Namespace>;

  constructor(namespaces: readonly Namespace[]) {
    this.byName = new Map(namespaces.map((ns) => [ns.metadata?.name ?? '', ns]));
  }

  getNamespace(name: string): Promise<Namespace> {
    const ns = this.byName.get(name);
    return ns ? Promise.resolve(ns) : Promise.reject(new Error(`namespaces "${name}" not found`));
  }
}

/** A pod source over a fixed list. */
export class StaticPodLister implements PodLister {
  constructor(private readonly pods: readonly Pod[]) {}

  listPods(namespace: string): Promise<Pod[]> {
    return Promise.resolve(this.pods.filter((p) => (p.metadata?.namespace ?? '') === namespace));
  }
}
