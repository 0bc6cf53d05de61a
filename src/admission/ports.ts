// The ports through which admission reaches the cluster and the clock; implemented in src/k8s/ (a cluster)
// and static_ports.ts (fixed lists), faked in tests with plain maps.
import { goQuote, type ObjectMeta, type Pod } from '../api/index.js';

export interface Namespace {
  apiVersion?: string | null;
  kind?: string | null;
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

/** The API server's NotFound error text: `namespaces "x" not found`. */
export class NotFoundError extends Error {
  readonly code = 404;
  constructor(resource: string, name: string) {
    super(`${resource} ${goQuote(name)} not found`);
  }
}
