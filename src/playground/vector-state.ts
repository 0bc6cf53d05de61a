// Test support for the browser tests: an admission vector as a playground state, when the page can
// express it. A vector counts as expressible only if the request and cluster the page would build from
// the state equal the vector's own (the fields admission reads: of a CONNECT's options only `container`;
// of the user the name and groups, all the stated authorizer reads), so no answer is compared by accident.
import { isDeepStrictEqual } from 'node:util';
import { labelPrefix } from '../api/index.js';
import type { Vector } from '../conformance/vectors.js';
import { PodSecurityEphemeralLevels } from '../admission/features.js';
import {
  buildRequest,
  clusterFor,
  connectKinds,
  defaultState,
  labelKeys,
  updateSubresources,
  workloadResources,
  type PlaygroundState,
  type WorkloadResource,
} from './engine.js';

type Req = Record<string, unknown> & { userInfo?: { username?: string; groups?: string[] } | null };

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
    groups: (r.userInfo?.groups ?? []).join(','),
    namespace: typeof r['namespace'] === 'string' ? r['namespace'] : '',
  };
}

/** The namespace's labels, or that it is missing (a request namespace that is not in the cluster). */
function podNamespace(v: Vector, namespace: string): Pick<PlaygroundState, 'labels' | 'namespaceMissing'> {
  const ns = v.namespaces.find((n) => (n as { metadata?: { name?: string } }).metadata?.name === namespace);
  return ns === undefined
    ? { labels: {}, namespaceMissing: true }
    : { labels: labelsOf(ns), namespaceMissing: false };
}

/** kubectl debug: the old pod and the appended container. */
function debugState(s: PlaygroundState, r: Req): PlaygroundState | string {
  const added = (r['object'] as { spec?: { ephemeralContainers?: unknown[] } } | null)?.spec
    ?.ephemeralContainers;
  if (!Array.isArray(added) || added.length === 0) return 'no ephemeral container in the object';
  return {
    ...s,
    request: 'debug',
    debug: 'custom',
    pod: json(r['oldObject']),
    container: json(added.at(-1)),
  };
}

function updateState(s: PlaygroundState, r: Req, sub: string): PlaygroundState | string {
  const subresource = updateSubresources.find((u) => u === sub);
  if (subresource === undefined) return `the page sends no UPDATE pods/${sub} request`;
  if (r['object'] === undefined) return 'no object to write in the new pod editor';
  return {
    ...s,
    request: 'update',
    updateSubresource: subresource,
    podName: typeof r['name'] === 'string' ? r['name'] : '',
    pod: r['oldObject'] === undefined ? '' : json(r['oldObject']),
    newPod: json(r['object']),
  };
}

function workloadState(
  s: PlaygroundState,
  r: Req,
  workloadResource: WorkloadResource,
  op: 'CREATE' | 'UPDATE',
): PlaygroundState | string {
  if (r['object'] === undefined) return 'no object to write in the workload editor';
  if (op === 'CREATE' && r['oldObject'] !== undefined) return 'a CREATE with an oldObject';
  return {
    ...s,
    request: 'workload',
    workloadResource,
    workloadOperation: op,
    podName: typeof r['name'] === 'string' ? r['name'] : '',
    workload: json(r['object']),
    oldWorkload: r['oldObject'] === undefined ? '' : json(r['oldObject']),
  };
}

/** exec or attach: the options' container, and the one existing pod the pod getter returns. */
function connectState(s: PlaygroundState, v: Vector, sub: string): PlaygroundState | string {
  const kind = connectKinds.find((k) => k === sub);
  if (kind === undefined) return `the page sends no CONNECT pods/${sub} request`;
  const r = v.request as Req;
  const container = (r['object'] as { container?: unknown } | null)?.container ?? '';
  if (typeof container !== 'string') return 'options the page does not write (container is not a string)';
  const pods = v.pods ?? [];
  if (pods.length > 1) return 'more than one existing pod';
  return {
    ...s,
    request: 'connect',
    connect: kind,
    connectContainer: container,
    podName: typeof r['name'] === 'string' ? r['name'] : '',
    pod: pods.length === 0 ? '' : json(pods[0]),
    authorization: v.authorization === undefined ? '' : json(v.authorization),
  };
}

/** The page states that may express a vector's request kind (tried in order), or why none can. */
function statesFor(v: Vector): PlaygroundState[] | string {
  const r = v.request as Req;
  const b = base(v, r);
  if (typeof b === 'string') return b;
  const resource = (r['resource'] as { resource?: string }).resource;
  const sub = typeof r['subResource'] === 'string' ? r['subResource'] : '';
  const op = String(r['operation']);
  const kind = `${op} ${resource}${sub === '' ? '' : `/${sub}`}`;
  const s = { ...b, ...podNamespace(v, b.namespace) };
  const candidates: (PlaygroundState | string)[] = [];
  if (kind === 'CREATE pods') candidates.push({ ...s, request: 'pod', pod: json(r['object']) });
  if (kind === 'UPDATE pods/ephemeralcontainers') candidates.push(debugState(s, r));
  if (op === 'UPDATE' && resource === 'pods') candidates.push(updateState(s, r, sub));
  if (op === 'CONNECT' && resource === 'pods') candidates.push(connectState(s, v, sub));
  const workload = workloadResources.find((w) => w === resource);
  if (workload !== undefined && sub === '' && (op === 'CREATE' || op === 'UPDATE'))
    candidates.push(workloadState(s, r, workload, op));
  if (candidates.length > 0) {
    const states = candidates.filter((c): c is PlaygroundState => typeof c !== 'string');
    return states.length > 0 ? states : String(candidates[0]);
  }
  return namespaceStateFor(v, b, kind);
}

function namespaceStateFor(v: Vector, s: PlaygroundState, kind: string): PlaygroundState[] | string {
  const r = v.request as Req;
  if (kind === 'CREATE namespaces') {
    const name = typeof r['name'] === 'string' ? r['name'] : '';
    return [{ ...s, namespace: name, labels: labelsOf(r['object']), request: 'create-namespace' }];
  }
  if (kind === 'UPDATE namespaces') {
    const old = Object.entries(labelsOf(r['oldObject'])).map(([k, val]) => `${k}=${val}`);
    return [
      {
        ...s,
        namespace: typeof r['name'] === 'string' ? r['name'] : '',
        labels: labelsOf(r['object']),
        request: 'namespace',
        oldLabels: old.join(','),
        pods: json(v.pods ?? []),
      },
    ];
  }
  return `the page sends no ${kind} request`;
}

const comparedFields = ['kind', 'resource', 'name', 'namespace', 'operation', 'object', 'oldObject'];

/** The fields of a CONNECT's options that admission reads (connect.ts): only the container. */
function read(field: string, request: Record<string, unknown>): unknown {
  if (field !== 'object' || request['operation'] !== 'CONNECT') return request[field];
  return (request['object'] as { container?: unknown } | null)?.container;
}

function normal(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** Where the page's request or cluster would differ from the vector's, or undefined when they agree. */
function difference(v: Vector, state: PlaygroundState): string | undefined {
  if (Object.keys(state.labels).some((k) => !labelKeys.includes(k))) return 'labels beyond the twelve keys';
  if (Object.keys(state.labels).some((k) => !k.startsWith(labelPrefix)))
    return 'labels beyond the twelve keys';
  const cluster = clusterFor(state);
  const ns = cluster.namespaces[0];
  if (ns !== undefined && !isDeepStrictEqual(ns.metadata?.labels, state.labels))
    return 'namespace labels differ';
  const built = buildRequest(state);
  if ('errors' in built) return `the page rejects the input: ${JSON.stringify(built.errors)}`;
  const want = v.request as Req;
  for (const f of comparedFields) {
    if (!isDeepStrictEqual(normal(read(f, built.request)), normal(read(f, want))))
      return `request.${f} differs`;
  }
  if ((want['subResource'] ?? '') !== (built.request['subResource'] ?? ''))
    return 'request.subResource differs';
  if ((want.userInfo?.username ?? '') !== state.username) return 'username differs';
  const groups = (built.request['userInfo'] as { groups?: unknown }).groups;
  if (!isDeepStrictEqual(normal(groups), normal(want.userInfo?.groups))) return 'groups differ';
  if (
    (state.request === 'namespace' || state.request === 'connect') &&
    !isDeepStrictEqual(normal(cluster.pods), normal(v.pods ?? []))
  )
    return 'existing pods differ';
  if (!state.namespaceMissing && state.request !== 'namespace' && state.request !== 'create-namespace') {
    const named = v.namespaces.some(
      (n) => (n as { metadata?: { name?: string } }).metadata?.name === state.namespace,
    );
    if (!named) return 'the namespace is not in the cluster';
  }
  return undefined;
}

/** The state the page needs to answer the vector, or why it cannot. */
export function vectorState(v: Vector): { state: PlaygroundState } | { reason: string } {
  const states = statesFor(v);
  if (typeof states === 'string') return { reason: states };
  let reason = '';
  for (const state of states) {
    const diff = difference(v, state);
    if (diff === undefined) return { state };
    reason ||= diff;
  }
  return { reason };
}
