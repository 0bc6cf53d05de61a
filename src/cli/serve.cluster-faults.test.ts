// Cluster faults through a real `serve --kubeconfig` process, with serve's own backoffs: the fake API
// server sits behind a fault proxy that is down when serve starts, comes up, goes down mid-run (watch
// broken), and hangs. Pods and ephemeral containers fail closed with upstream's `failed to lookup
// namespace`, controllers fail open with the `error` annotation, /readyz follows the cache, and the
// informer recovers by itself.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApiServer } from '../k8s/testing/fake-apiserver.js';
import { FaultProxy, kubeconfigFor } from '../../scripts/lib/fault-proxy.js';
import { generateSelfSigned, type SelfSignedFiles } from '../webhook/selfsigned.js';
import { startServe, type ServeProcess } from '../../scripts/lib/serve-process.js';
import {
  checkReview,
  expectations,
  reviewBody,
  reviewCases,
  send,
  trafficNamespaces,
  type ReviewCase,
} from '../../scripts/lib/serve-traffic.js';

let dir: string;
let certs: SelfSignedFiles;
let api: FakeApiServer;
let proxy: FaultProxy;
let server: ServeProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-serve-cluster-'));
  certs = await generateSelfSigned(join(dir, 'pki'));
  api = new FakeApiServer();
  await api.start();
  for (const ns of trafficNamespaces) api.upsertNamespace(ns.metadata?.name ?? '', ns.metadata?.labels ?? {});
  proxy = new FaultProxy({ host: '127.0.0.1', port: Number(new URL(api.url()).port) });
  await proxy.start();
  await proxy.setMode('refuse');
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigFor(proxy.url()));
  server = await startServe([
    '--kubeconfig',
    kubeconfig,
    '--tls-cert-file',
    certs.certFile,
    '--tls-private-key-file',
    certs.keyFile,
    '--secure-port',
    '0',
    '--bind-address',
    '127.0.0.1',
  ]);
}, 60_000);

afterAll(async () => {
  // Stopped while the API server still holds its watch open: the informer must let go by itself.
  const code = await server?.stop();
  await proxy?.stop();
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
  expect(code).toBe(0);
  expect(server.logs.map((l) => l.msg)).not.toContain(
    'connections to the API server still open after stop; exiting',
  );
});

const get = (path: string) => send({ port: server.port, ca: certs.caPem, path, method: 'GET', headers: {} });

interface Answer {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  auditAnnotations?: Record<string, string>;
}

async function review(c: ReviewCase, namespace?: string, query = ''): Promise<Answer> {
  let body = reviewBody(c, `${c}-uid`);
  if (namespace !== undefined)
    body = body.replace(/"(restricted|split|warn)-ns"/g, JSON.stringify(namespace));
  const reply = await send({ port: server.port, ca: certs.caPem, path: `/validate${query}`, body });
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as { response: Answer }).response;
}

async function until(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function expectPolicyAnswers(): Promise<void> {
  for (const c of reviewCases) {
    const reply = await send({ port: server.port, ca: certs.caPem, body: reviewBody(c, `${c}-ok`) });
    expect(checkReview(reply, `${c}-ok`, expectations[c]), c).toBeUndefined();
  }
}

/** Pods and ephemeral containers (compliant or not) are denied, controllers allowed with the error. */
async function expectFailClosed(namespace: string, cause: RegExp, query = ''): Promise<void> {
  for (const c of ['allowed', 'denied', 'ephemeral-allowed', 'ephemeral-denied'] as const) {
    const r = await review(c, namespace, query);
    expect(r.allowed, c).toBe(false);
    expect(r.status).toMatchObject({
      code: 500,
      message: `Internal error occurred: failed to lookup namespace "${namespace}"`,
    });
    expect(r.auditAnnotations?.error).toMatch(
      new RegExp(`^Internal error occurred: failed to lookup namespace "${namespace}": ${cause.source}`),
    );
  }
  const controller = await review('controller-warned', namespace, query);
  expect(controller.allowed).toBe(true);
  expect(controller.auditAnnotations?.error).toMatch(
    new RegExp(`^failed to lookup namespace "${namespace}": ${cause.source}`),
  );
}

const refused = (ns: string) =>
  new RegExp(
    `Get "http://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/${ns}": connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+$`,
  );

describe('serve --kubeconfig under cluster faults', () => {
  it('starts with the API server unreachable: not ready, fails closed for pods, open for controllers', async () => {
    expect(await get('/readyz')).toMatchObject({
      status: 500,
      body: '[-]informer-sync failed: reason withheld\nreadyz check failed\n',
    });
    expect((await get('/healthz')).status).toBe(200);
    await expectFailClosed('restricted-ns', refused('restricted-ns'));
    const metrics = (await get('/metrics')).body;
    expect(metrics).toMatch(
      /\npod_security_errors_total\{fatal="true",request_operation="create",resource="pod",subresource=""\} 2\n/,
    );
    expect(metrics).toMatch(
      /\npod_security_errors_total\{fatal="true",request_operation="update",resource="pod",subresource="ephemeralcontainers"\} 2\n/,
    );
    expect(metrics).toMatch(
      /\npod_security_errors_total\{fatal="true",request_operation="create",resource="controller",subresource=""\} 1\n/,
    );
  });

  it('becomes ready and judges by policy once the API server is reachable, without a restart', async () => {
    await proxy.setMode('up');
    await until(async () => (await get('/readyz')).status === 200, 20_000);
    await expectPolicyAnswers();
    expect(server.logs.some((l) => l.msg === 'namespace cache synced')).toBe(true);
  });

  it('keeps judging cached namespaces while the API server is down, fails closed for others, catches up after', async () => {
    await proxy.setMode('refuse');
    api.upsertNamespace('late-ns', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    api.upsertNamespace('warn-ns', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    await expectPolicyAnswers();
    expect((await get('/readyz')).status).toBe(200);
    await expectFailClosed('late-ns', refused('late-ns'));

    await proxy.setMode('up');
    // The informer reconnects by itself and replays what it missed: warn-ns now enforces restricted.
    await until(async () => !(await review('warned')).allowed, 30_000);
    await proxy.setMode('refuse');
    expect((await review('denied', 'late-ns')).status?.code).toBe(403);
    await proxy.setMode('up');
    api.upsertNamespace('warn-ns', trafficNamespaces[2]?.metadata?.labels ?? {});
    await until(async () => (await review('warned')).allowed, 30_000);
  });

  it('answers within the request deadline when the API server hangs', async () => {
    await proxy.setMode('hang');
    const started = performance.now();
    await expectFailClosed(
      'hung-ns',
      /Get "http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/hung-ns": .*abort/,
      '?timeout=500ms',
    );
    // Five lookups, each cut at its 500 ms deadline, instead of the client's 30 s timeout.
    expect(performance.now() - started).toBeLessThan(25_000);
    await proxy.setMode('up');
    proxy.dropConnections();
    await until(async () => (await get('/readyz')).status === 200, 20_000);
    await expectPolicyAnswers();
  });
});
