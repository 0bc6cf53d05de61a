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
  /**
   * Resolves the namespace; rejects when it cannot be found or looked up. Reads `ctx.signal` only when
   * it has to wait (a cache miss): the webhook makes a request's AbortController only when asked.
   */
  getNamespace(name: string, ctx?: { readonly signal?: AbortSignal }): Promise<Namespace>;
}

export interface PodLister {
  listPods(namespace: string, signal?: AbortSignal): Promise<Pod[]>;
}

/** One pod by name, read at the time of the request (exec and attach into ephemeral containers). */
export interface PodGetter {
  /** Resolves the pod; rejects (NotFoundError for a missing one) when it cannot be found or looked up. */
  getPod(namespace: string, name: string, signal?: AbortSignal): Promise<Pod>;
}

/** The default when none is injected: every lookup fails, so exec into a debugger fails closed. */
export const noPodGetter: PodGetter = Object.freeze({
  getPod: () => Promise.reject(new Error('no pod getter configured')),
});

/** The requesting user exactly as the AdmissionRequest carries it (authentication.k8s.io UserInfo). */
export interface UserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** What a user asks to do, as a SubjectAccessReview's resourceAttributes (core group). */
export interface ResourceAttributes {
  readonly namespace: string;
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
}

/** The authorizer's answer; `reason` is informational. */
export interface AuthorizationDecision {
  readonly allowed: boolean;
  readonly reason?: string;
}

/**
 * Asks the cluster's authorizer whether a user may do something: a SubjectAccessReview in the webhook,
 * the API server's own authorizer in the built-in plugin. Rejects when no answer can be had.
 */
export interface Authorizer {
  authorize(
    user: UserInfo,
    attributes: ResourceAttributes,
    signal?: AbortSignal,
  ): Promise<AuthorizationDecision>;
}

/** The default when none is injected: every question fails, so exec into a relaxed debugger fails closed. */
export const noAuthorizer: Authorizer = Object.freeze({
  authorize: () => Promise.reject(new Error('no authorizer configured')),
});

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
