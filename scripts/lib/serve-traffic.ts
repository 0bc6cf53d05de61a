// Traffic for a running webhook, shared by the fault tests and the soak: namespaces with known policies,
// reviews whose answers are known (allowed, denied, warned, ephemeral split, controller, malformed),
// an HTTPS client that times each request, and a checker that names what is wrong with an answer.
import type { Agent } from 'node:https';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Namespace } from '../../src/admission/ports.js';

export const trafficNamespaces: readonly Namespace[] = [
  ns('restricted-ns', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
  ns('split-ns', {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/ephemeral-enforce': 'baseline',
  }),
  ns('warn-ns', {
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
  }),
];

function ns(name: string, labels: Record<string, string>): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

const hardened = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function pod(namespace: string, containerSc: object | undefined, debuggerSc?: object | null): object {
  const spec: Record<string, unknown> = {
    containers: [{ name: 'app', image: 'nginx:1', securityContext: containerSc }],
  };
  if (debuggerSc !== undefined) {
    spec.ephemeralContainers = [
      {
        name: 'debugger',
        image: 'busybox',
        targetContainerName: 'app',
        securityContext: debuggerSc ?? undefined,
      },
    ];
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace }, spec };
}

/** The answer a review must get; `message` and `warning` are prefixes of the first ones. */
export interface Expectation {
  readonly allowed: boolean;
  readonly code?: number;
  readonly message?: string;
  readonly warning?: string;
  /** The audit annotations must include these. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export type ReviewCase =
  | 'allowed'
  | 'denied'
  | 'warned'
  | 'ephemeral-allowed'
  | 'ephemeral-denied'
  | 'controller-warned'
  | 'undecodable-pod';

export const reviewCases: readonly ReviewCase[] = [
  'allowed',
  'denied',
  'warned',
  'ephemeral-allowed',
  'ephemeral-denied',
  'controller-warned',
  'undecodable-pod',
];

const podKind = { group: '', version: 'v1', kind: 'Pod' };
const podsResource = { group: '', version: 'v1', resource: 'pods' };

function podRequest(uid: string, namespace: string, object: object, subResource?: string): object {
  return {
    uid,
    kind: podKind,
    resource: podsResource,
    ...(subResource === undefined ? {} : { subResource }),
    name: 'p',
    namespace,
    operation: subResource === undefined ? 'CREATE' : 'UPDATE',
    userInfo: { username: 'alice' },
    object,
    ...(subResource === undefined ? {} : { oldObject: pod(namespace, hardened) }),
  };
}

function requestFor(c: ReviewCase, uid: string): object {
  switch (c) {
    case 'allowed':
      return podRequest(uid, 'restricted-ns', pod('restricted-ns', hardened));
    case 'denied':
      return podRequest(uid, 'restricted-ns', pod('restricted-ns', { privileged: true }));
    case 'warned':
      return podRequest(uid, 'warn-ns', pod('warn-ns', undefined));
    case 'ephemeral-allowed':
      return podRequest(uid, 'split-ns', pod('split-ns', hardened, null), 'ephemeralcontainers');
    case 'ephemeral-denied':
      return podRequest(
        uid,
        'split-ns',
        pod('split-ns', hardened, { privileged: true }),
        'ephemeralcontainers',
      );
    case 'controller-warned':
      return {
        uid,
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        name: 'd',
        namespace: 'restricted-ns',
        operation: 'CREATE',
        userInfo: { username: 'alice' },
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'd', namespace: 'restricted-ns' },
          spec: {
            template: {
              metadata: {},
              spec: (pod('restricted-ns', { privileged: true }) as { spec: object }).spec,
            },
          },
        },
      };
    case 'undecodable-pod':
      return podRequest(uid, 'restricted-ns', {
        ...pod('restricted-ns', hardened),
        spec: { containers: 'app' },
      });
  }
}

/** An AdmissionReview body for the case. */
export function reviewBody(c: ReviewCase, uid: string): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: requestFor(c, uid),
  });
}

/** What each case must get from a webhook with `trafficNamespaces` (static or from the cluster). */
export const expectations: Readonly<Record<ReviewCase, Expectation>> = {
  allowed: { allowed: true, annotations: { 'enforce-policy': 'restricted:latest' } },
  denied: {
    allowed: false,
    code: 403,
    message:
      'pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true)',
  },
  warned: {
    allowed: true,
    warning: 'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
  },
  'ephemeral-allowed': {
    allowed: true,
    annotations: { 'enforce-policy': 'restricted:latest', 'ephemeral-enforce-policy': 'baseline:latest' },
  },
  'ephemeral-denied': {
    allowed: false,
    code: 403,
    message:
      'pods "p" is forbidden: violates PodSecurity "baseline:latest" for ephemeral containers: privileged (container "debugger" must not set securityContext.privileged=true)',
  },
  'controller-warned': {
    allowed: true,
    warning: 'would violate PodSecurity "restricted:latest": privileged',
  },
  'undecodable-pod': { allowed: false, code: 400, message: 'failed to decode object' },
};

interface ReviewJSON {
  apiVersion?: unknown;
  kind?: unknown;
  response?: {
    uid?: unknown;
    allowed?: unknown;
    status?: { code?: unknown; message?: unknown };
    warnings?: unknown;
    auditAnnotations?: Record<string, unknown>;
  };
}

/** Undefined when `reply` is the answer `want` describes for `uid`; otherwise what differs. */
export function checkReview(reply: Reply, uid: string, want: Expectation): string | undefined {
  if (reply.status !== 200) return `status ${reply.status}: ${reply.body.slice(0, 200)}`;
  let review: ReviewJSON;
  try {
    review = JSON.parse(reply.body) as ReviewJSON;
  } catch {
    return `not JSON: ${reply.body.slice(0, 200)}`;
  }
  const r = review.response;
  if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview' || r === undefined)
    return `not a v1 AdmissionReview: ${reply.body.slice(0, 200)}`;
  if (r.uid !== uid) return `uid ${String(r.uid)} instead of ${uid}`;
  if (r.allowed !== want.allowed) return `allowed=${String(r.allowed)}: ${reply.body.slice(0, 300)}`;
  if (want.code !== undefined && r.status?.code !== want.code) return `code ${String(r.status?.code)}`;
  const message = typeof r.status?.message === 'string' ? r.status.message : '';
  if (want.message !== undefined && !message.startsWith(want.message)) return `message ${message}`;
  const warnings = Array.isArray(r.warnings) ? (r.warnings as unknown[]) : [];
  if (want.warning !== undefined && !String(warnings[0] ?? '').startsWith(want.warning))
    return `warnings ${JSON.stringify(warnings)}`;
  for (const [k, v] of Object.entries(want.annotations ?? {})) {
    if (r.auditAnnotations?.[k] !== v) return `annotation ${k}=${String(r.auditAnnotations?.[k])}`;
  }
  return undefined;
}

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly ms: number;
  /** SHA-256 fingerprint of the certificate the server presented, when known. */
  readonly fingerprint?: string;
}

export interface SendOptions {
  readonly port: number;
  readonly ca: string | readonly string[];
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** A keep-alive agent; default a fresh connection per request. */
  readonly agent?: Agent;
  readonly timeoutMs?: number;
}

/** One HTTPS request to 127.0.0.1 (certificate for localhost); rejects on network errors and timeouts. */
export function send(o: SendOptions): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: o.port,
        path: o.path ?? '/validate',
        method: o.method ?? 'POST',
        headers: o.headers ?? { 'Content-Type': 'application/json' },
        ca: o.ca as string | string[],
        agent: o.agent ?? false,
        timeout: o.timeoutMs ?? 10_000,
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerX509Certificate?.()?.fingerprint256;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
            fingerprint,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${o.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Sends one review of the case and checks the answer; resolves the reply and the problem, if any. */
export async function sendReview(
  o: Omit<SendOptions, 'body'>,
  c: ReviewCase,
  uid: string,
): Promise<{ reply: Reply; problem: string | undefined }> {
  const reply = await send({ ...o, body: reviewBody(c, uid) });
  return { reply, problem: checkReview(reply, uid, expectations[c]) };
}

/** Requests the webhook refuses before any review, with the exact status and text it must answer. */
export const malformedRequests: readonly {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  readonly text: string | RegExp;
}[] = [
  {
    name: 'invalid JSON',
    headers: { 'Content-Type': 'application/json' },
    body: '{"apiVersion":',
    status: 400,
    text: 'unable to decode the request\n',
  },
  {
    name: 'JSON that is not a review',
    headers: { 'Content-Type': 'application/json' },
    body: '{"kind":"Pod"}',
    status: 400,
    text: /^not an admission\.k8s\.io\/v1 AdmissionReview: /,
  },
  {
    name: 'a non-JSON content type',
    headers: { 'Content-Type': 'application/yaml' },
    body: 'kind: AdmissionReview\n',
    status: 415,
    text: 'unable to process a request with a non-json content type\n',
  },
  {
    name: 'an empty body',
    headers: { 'Content-Type': 'application/json' },
    body: '',
    status: 400,
    text: 'request body is empty\n',
  },
];
