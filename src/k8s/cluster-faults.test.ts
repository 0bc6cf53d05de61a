// Cluster faults with serve's wiring in-process (kubeconfig file, KubeClient, NamespaceCache, LivePods,
// Admission, webhook server) against the fake API server behind a fault proxy: unreachable, hung or
// failing with 500s at start and mid-run, dropped watches, 410 Gone. Pods and ephemeral containers fail
// closed, controllers fail open with the `error` annotation, readiness follows the cache, and the
// informer recovers by itself. Backoffs are short here; serve.cluster-faults.test.ts uses serve's own.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Admission } from '../admission/admission.js';
import { defaultAdmissionConfiguration } from '../admission/config.js';
import {
  checkReview,
  expectations,
  reviewBody,
  reviewCases,
  trafficNamespaces,
  type Reply,
  type ReviewCase,
} from '../../scripts/lib/serve-traffic.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { admissionReviewHandler } from '../webhook/handler.js';
import { createLogger } from '../webhook/log.js';
import { createWebhookServer, type WebhookServer } from '../webhook/server.js';
import { KubeClient } from './client.js';
import { FakeApiServer } from './testing/fake-apiserver.js';
import { FaultProxy, kubeconfigFor, type ProxyMode } from '../../scripts/lib/fault-proxy.js';
import { loadClusterConnection } from './kubeconfig.js';
import { NamespaceCache } from './namespaces.js';
import { LivePods } from './pods.js';
import { rateLimiterFor } from './ratelimit.js';

const evaluator = newEvaluator(defaultChecks);

interface Stack {
  api: FakeApiServer;
  proxy: FaultProxy;
  cache: NamespaceCache;
  client: KubeClient;
  metrics: MemoryRecorder;
  server: WebhookServer;
  port: number;
  logs: string[];
  dir: string;
}

let stack: Stack | undefined;

afterEach(async () => {
  if (stack === undefined) return;
  await stack.server.stop(100);
  await stack.cache.stop();
  stack.client.connection.close();
  await stack.proxy.stop();
  await stack.api.stop();
  await rm(stack.dir, { recursive: true, force: true });
  stack = undefined;
});

/** serve's cluster wiring, with the API server behind a proxy that starts in `mode`. */
async function startStack(mode: ProxyMode, before?: (api: FakeApiServer) => void): Promise<Stack> {
  const api = new FakeApiServer();
  await api.start();
  for (const ns of trafficNamespaces) api.upsertNamespace(ns.metadata?.name ?? '', ns.metadata?.labels ?? {});
  before?.(api);
  const proxy = new FaultProxy({ host: '127.0.0.1', port: Number(new URL(api.url()).port) });
  await proxy.start();
  await proxy.setMode(mode);
  const dir = await mkdtemp(join(tmpdir(), 'psa-cluster-faults-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigFor(proxy.url()));
  const client = new KubeClient(await loadClusterConnection({ kubeconfig }), {
    rateLimiter: rateLimiterFor(20, 50),
  });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (l) => logs.push(l) });
  const cache = new NamespaceCache(client, {
    logger,
    initialBackoffMs: 50,
    maxBackoffMs: 400,
    watch: { minIntervalMs: 20 },
  });
  cache.start();
  const metrics = new MemoryRecorder();
  const admission = new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator,
    metrics,
    namespaceGetter: cache,
    podLister: new LivePods(client),
  });
  const server = createWebhookServer({
    port: 0,
    host: '127.0.0.1',
    handler: admissionReviewHandler(admission, logger),
    isReady: () => cache.hasSynced(),
    metricsRegistry: new Registry(),
  });
  const { port } = await server.start();
  stack = { api, proxy, cache, client, metrics, server, port, logs, dir };
  return stack;
}

async function post(body: string, query = ''): Promise<Reply> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${stack?.port}/validate${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  return { status: res.status, headers: {}, body: await res.text(), ms: performance.now() - started };
}

interface Answer {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string; reason: string; details?: unknown };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** Sends a review of the case, in `namespace` instead of the case's own when given. */
async function review(c: ReviewCase, namespace?: string, query = ''): Promise<Answer> {
  let body = reviewBody(c, `${c}-uid`);
  if (namespace !== undefined)
    body = body.replace(/"(restricted|split|warn)-ns"/g, JSON.stringify(namespace));
  const reply = await post(body, query);
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as { response: Answer }).response;
}

async function readyz(): Promise<number> {
  return (await fetch(`http://127.0.0.1:${stack?.port}/readyz`)).status;
}

async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every case gets its policy answer (the cache, or a live GET, knows the namespaces). */
async function expectPolicyAnswers(): Promise<void> {
  for (const c of reviewCases) {
    const reply = await post(reviewBody(c, `${c}-ok`));
    expect(checkReview(reply, `${c}-ok`, expectations[c]), c).toBeUndefined();
  }
}

const lookupFailure = (namespace: string, cause: RegExp | string) => ({
  allowed: false,
  status: {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: failed to lookup namespace "${namespace}"`,
    reason: 'InternalError',
    details: { causes: [{ message: `failed to lookup namespace "${namespace}"` }] },
    code: 500,
  },
  auditAnnotations: {
    error:
      typeof cause === 'string'
        ? `Internal error occurred: failed to lookup namespace "${namespace}": ${cause}`
        : expect.stringMatching(cause),
  },
});

const refused = (namespace: string) =>
  new RegExp(
    `^Internal error occurred: failed to lookup namespace "${namespace}": Get "http://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/${namespace}": connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+$`,
  );

/** Pods and ephemeral containers fail closed, even compliant ones; controllers fail open. */
async function expectFailClosed(namespace: string, cause: RegExp | string): Promise<void> {
  for (const c of ['allowed', 'denied', 'ephemeral-allowed', 'ephemeral-denied'] as const) {
    expect(await review(c, namespace), c).toEqual({ uid: `${c}-uid`, ...lookupFailure(namespace, cause) });
  }
  const controller = await review('controller-warned', namespace);
  expect(controller).toEqual({
    uid: 'controller-warned-uid',
    allowed: true,
    auditAnnotations: {
      error:
        typeof cause === 'string'
          ? `failed to lookup namespace "${namespace}": ${cause}`
          : expect.stringMatching(new RegExp(cause.source.replace('^Internal error occurred: ', '^'))),
    },
  });
}

describe('cluster faults at start', () => {
  it('API server unreachable: not ready, pods and ephemeral containers denied, controllers allowed; recovers by itself', async () => {
    const s = await startStack('refuse');
    expect(await readyz()).toBe(500);
    await expectFailClosed('restricted-ns', refused('restricted-ns'));
    expect(s.metrics.records.filter((r) => r.kind === 'error' && r.fatal)).toHaveLength(5);
    // A namespace that tightens its policy is admitted; the dry-run cannot list pods and says so.
    const nsUpdate = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'ns-1',
        kind: { group: '', version: 'v1', kind: 'Namespace' },
        resource: { group: '', version: 'v1', resource: 'namespaces' },
        name: 'restricted-ns',
        operation: 'UPDATE',
        object: {
          metadata: { name: 'restricted-ns', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
        },
        oldObject: { metadata: { name: 'restricted-ns', labels: {} } },
      },
    });
    expect(JSON.parse((await post(nsUpdate)).body)).toMatchObject({
      response: {
        uid: 'ns-1',
        allowed: true,
        warnings: ['failed to list pods while checking new PodSecurity enforce level'],
      },
    });

    await s.proxy.setMode('up');
    await until(async () => (await readyz()) === 200);
    await expectPolicyAnswers();
    expect(s.logs.some((l) => l.includes('namespace list/watch failed, reconnecting'))).toBe(true);
    expect(s.logs.join('\n')).not.toContain('fake-token');
  });

  it('API server answering 500: live GETs fail closed with its message; the cache syncs after the 500s', async () => {
    const s = await startStack('up', (api) => {
      api.fail(/^\/api\/v1\/namespaces\?limit=500&resourceVersion=0$/, 500, 5);
      api.fail(/^\/api\/v1\/namespaces\/restricted-ns$/, 500, 5);
    });
    expect(await readyz()).toBe(500);
    await expectFailClosed('restricted-ns', 'injected failure');
    await until(async () => (await readyz()) === 200);
    await expectPolicyAnswers();
    const lists = s.api.requests.filter(
      (r) => r.path === '/api/v1/namespaces' && r.query.watch === undefined,
    );
    expect(lists.length).toBeGreaterThanOrEqual(6);
  });

  it('API server hung: the request deadline cuts the lookup short; a dropped connection lets the informer retry', async () => {
    const s = await startStack('hang');
    const started = performance.now();
    expect(await review('allowed', undefined, '?timeout=300ms')).toEqual({
      uid: 'allowed-uid',
      ...lookupFailure(
        'restricted-ns',
        /^Internal error occurred: failed to lookup namespace "restricted-ns": Get "http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/restricted-ns": .*abort/i,
      ),
    });
    expect((await review('controller-warned', undefined, '?timeout=300ms')).allowed).toBe(true);
    // two lookups cut at 300 ms each, not the client's 30 s timeout; loose for loaded machines
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await readyz()).toBe(500);

    await s.proxy.setMode('up');
    s.proxy.dropConnections();
    await until(async () => (await readyz()) === 200);
    await expectPolicyAnswers();
  });
});

describe('cluster faults mid-run', () => {
  it('API server down with the watch broken: cached namespaces still judged, unknown ones fail closed, changes seen after', async () => {
    const s = await startStack('up');
    await until(async () => (await readyz()) === 200);
    await until(() => s.api.requests.some((r) => r.query.watch === 'true'));

    await s.proxy.setMode('refuse');
    s.api.upsertNamespace('late-ns', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    s.api.upsertNamespace('warn-ns', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    // The synced cache keeps answering, and readiness stays, as upstream's informer does.
    await expectPolicyAnswers();
    expect(await readyz()).toBe(200);
    await expectFailClosed('late-ns', refused('late-ns'));

    await s.proxy.setMode('up');
    await until(async () => (await review('denied', 'late-ns')).status?.code === 403);
    await until(async () => (await review('warned')).allowed === false);
    // Proof that the cache (not a live GET) knows late-ns now: it is judged with the API server gone.
    await s.proxy.setMode('refuse');
    expect(await review('allowed', 'late-ns')).toMatchObject({ allowed: true });
  });

  it('dropped watches, 410 Gone and 500s on the relist: the informer heals by itself', async () => {
    const s = await startStack('up');
    await until(async () => (await readyz()) === 200);
    await until(() => s.api.requests.some((r) => r.query.watch === 'true'));
    const lists = () =>
      s.api.requests.filter((r) => r.path === '/api/v1/namespaces' && r.query.watch === undefined);
    const listsBefore = lists().length;

    // The watch ends; a change happens and the history is compacted before it resumes.
    s.api.dropWatches();
    s.api.upsertNamespace('after-ns', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    s.api.compact();
    s.api.fail(/^\/api\/v1\/namespaces\?limit=500&resourceVersion=0$/, 500, 3);
    // The watch resumes, gets 410 Gone, relists through three 500s, and watches again.
    await until(() => {
      const last = s.api.requests.at(-1);
      return lists().length >= listsBefore + 4 && last?.query.watch === 'true';
    });
    // The cache, not a live GET, knows after-ns: it is judged with the API server gone.
    await s.proxy.setMode('refuse');
    expect((await review('denied', 'after-ns')).status?.code).toBe(403);
    await s.proxy.setMode('up');
    expect(s.logs.some((l) => l.includes('injected failure') || l.includes('reconnecting'))).toBe(true);
    expect(await readyz()).toBe(200);
    await expectPolicyAnswers();
  });

  it('a live GET failing for a namespace missing from the synced cache fails closed, with the cause', async () => {
    const s = await startStack('up');
    await until(async () => (await readyz()) === 200);
    s.api.fail(/^\/api\/v1\/namespaces\/new-ns$/, 500, 5);
    await expectFailClosed('new-ns', 'injected failure');
  });

  it('a namespace that does not exist fails closed with NotFound', async () => {
    await startStack('up');
    await until(async () => (await readyz()) === 200);
    await expectFailClosed('gone-ns', 'namespaces "gone-ns" not found');
  });
});
