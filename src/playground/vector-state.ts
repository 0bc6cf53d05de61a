// Test support for the browser tests: an admission vector as a playground state, when the page can
// express it. A vector counts as expressible only if the request and cluster the page would build from
// the state equal the vector's own (the fields admission reads), so no answer is compared by accident.
import { isDeepStrictEqual } from 'node:util';
import { labelPrefix } from '../api/index.js';
import type { Vector } from '../conformance/vectors.js';
import { PodSecurityEphemeralLevels } from '../admission/features.js';
import { buildRequest, clusterFor, defaultState, labelKeys, type PlaygroundState } from './engine.js';

type Req = Record<string, unknown> & { userInfo?: { username?: string } | null };

function labelsOf(o: unknown): Record<string, string> {
  const labels = (o as { metadata?: { labels?: Record<string, string> } } | null)?.metadata?.labels;
  return labels ?? {};
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

function base(v: Vector, r: Req): PlaygroundState | string {
  const gates = Object.keys(v.featureGates ?? {});
  if (gates.some((g) => g !== PodSecurityEphemeralLevels)) return `feature gates ${gates.join(', ')}`;
  return {
    ...defaultState,
    config: v.config === undefined ? '' : json(v.config),
    ephemeralLevelsGate: v.featureGates?.[PodSecurityEphemeralLevels] ?? true,
    username: r.userInfo?.username ?? '',
    namespace: typeof r['namespace'] === 'string' ? r['namespace'] : '',
  };
}

function podLabels(v: Vector, namespace: string): Record<string, string> | string {
  const ns = v.namespaces.find((n) => (n as { metadata?: { name?: string } }).metadata?.name === namespace);
  return ns === undefined ? `namespace ${JSON.stringify(namespace)} is not in the cluster` : labelsOf(ns);
}

/** The page state for a vector's request kind, or why the page has no such request. */
function stateFor(v: Vector): PlaygroundState | string {
  const r = v.request as Req;
  const s = base(v, r);
  if (typeof s === 'string') return s;
  const resource = (r['resource'] as { resource?: string }).resource;
  const sub = typeof r['subResource'] === 'string' ? r['subResource'] : '';
  const kind = `${String(r['operation'])} ${resource}${sub === '' ? '' : `/${sub}`}`;
  if (kind === 'CREATE pods' || kind === 'UPDATE pods/ephemeralcontainers') {
    const labels = podLabels(v, s.namespace);
    if (typeof labels === 'string') return labels;
    if (kind === 'CREATE pods') return { ...s, labels, request: 'pod', pod: json(r['object']) };
    const added = (r['object'] as { spec?: { ephemeralContainers?: unknown[] } } | null)?.spec
      ?.ephemeralContainers;
    if (!Array.isArray(added) || added.length === 0) return 'no ephemeral container in the object';
    return {
      ...s,
      labels,
      request: 'debug',
      debug: 'custom',
      pod: json(r['oldObject']),
      container: json(added.at(-1)),
    };
  }
  if (kind === 'CREATE namespaces') {
    const name = typeof r['name'] === 'string' ? r['name'] : '';
    return { ...s, namespace: name, labels: labelsOf(r['object']), request: 'create-namespace' };
  }
  if (kind === 'UPDATE namespaces') {
    const old = Object.entries(labelsOf(r['oldObject'])).map(([k, val]) => `${k}=${val}`);
    return {
      ...s,
      namespace: typeof r['name'] === 'string' ? r['name'] : '',
      labels: labelsOf(r['object']),
      request: 'namespace',
      oldLabels: old.join(','),
      pods: json(v.pods ?? []),
    };
  }
  return `the page sends no ${kind} request`;
}

const comparedFields = ['kind', 'resource', 'name', 'namespace', 'operation', 'object', 'oldObject'];

function normal(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** Where the page's request or cluster would differ from the vector's, or undefined when they agree. */
function difference(v: Vector, state: PlaygroundState): string | undefined {
  if (Object.keys(state.labels).some((k) => !labelKeys.includes(k))) return 'labels beyond the twelve keys';
  if (Object.keys(state.labels).some((k) => !k.startsWith(labelPrefix)))
    return 'labels beyond the twelve keys';
  const cluster = clusterFor(state).namespaces[0] as { metadata: { labels: unknown } };
  if (!isDeepStrictEqual(cluster.metadata.labels, state.labels)) return 'namespace labels differ';
  const built = buildRequest(state);
  if ('errors' in built) return `the page rejects the input: ${JSON.stringify(built.errors)}`;
  const want = v.request as Req;
  for (const f of comparedFields) {
    if (!isDeepStrictEqual(normal(built.request[f]), normal(want[f]))) return `request.${f} differs`;
  }
  if ((want['subResource'] ?? '') !== (built.request['subResource'] ?? ''))
    return 'request.subResource differs';
  if ((want.userInfo?.username ?? '') !== state.username) return 'username differs';
  if (
    state.request === 'namespace' &&
    !isDeepStrictEqual(normal(clusterFor(state).pods), normal(v.pods ?? []))
  )
    return 'existing pods differ';
  return undefined;
}

/** The state the page needs to answer the vector, or why it cannot. */
export function vectorState(v: Vector): { state: PlaygroundState } | { reason: string } {
  const state = stateFor(v);
  if (typeof state === 'string') return { reason: state };
  const diff = difference(v, state);
  return diff === undefined ? { state } : { reason: diff };
}
