import { connect as netConnect } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Agent, request, type RequestOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MajorMinorVersion } from '../api/index.js';
import { BadReviewError } from './errors.js';
import { createLogger } from './log.js';
import { createMetricsRegistry, PrometheusRecorder } from '../metrics/prometheus.js';
import { generateSelfSigned, type SelfSignedFiles } from './selfsigned.js';
import { createWebhookServer, type ReviewContext, type ReviewHandler, type WebhookServer } from './server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  fingerprint: string;
}

let dir: string;
let certs: SelfSignedFiles;
let ca: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psa-webhook-'));
  certs = await generateSelfSigned(join(dir, 'serving'));
  ca = certs.caPem;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function send(
  port: number,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    agent?: Agent;
    ca?: string;
  } = {},
): Promise<Reply> {
  const options: RequestOptions = {
    host: '127.0.0.1',
    servername: 'localhost',
    port,
    path,
    method: init.method ?? 'POST',
    headers: init.headers,
    ca: init.ca ?? ca,
    agent: init.agent ?? false,
  };
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = socket.getPeerX509Certificate?.();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          fingerprint: peer?.fingerprint256 ?? '',
        }),
      );
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const json = { 'Content-Type': 'application/json' };
const review = (uid: string) =>
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid } });

/** A handler answering like the admission layer: bad reviews throw, others are allowed. */
const fakeHandler =
  (recorder?: PrometheusRecorder): ReviewHandler =>
  async (body) => {
    const r = body as { kind?: string; request?: { uid?: string } };
    if (r.kind !== 'AdmissionReview' || r.request === undefined) {
      throw new BadReviewError(
        `unexpected AdmissionReview kind: admission.k8s.io/v1beta1, Kind=${String(r.kind)}`,
      );
    }
    if (r.request.uid === 'boom') throw new Error('handler bug');
    recorder?.recordEvaluation('deny', { level: 'baseline', version: MajorMinorVersion(1, 22) }, 'enforce', {
      operation: 'CREATE',
      resource: { group: '', version: 'v1', resource: 'pods' },
      subresource: '',
    });
    return {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: r.request.uid, allowed: true, warnings: ['a <b> & c'] },
    };
  };

describe('webhook server over HTTPS', () => {
  let server: WebhookServer;
  let port: number;
  let ready = false;
  const lines: string[] = [];
  const registry = createMetricsRegistry();
  const recorder = new PrometheusRecorder(MajorMinorVersion(1, 30), registry);

  beforeAll(async () => {
    server = createWebhookServer({
      port: 0,
      host: '127.0.0.1',
      tls: { certFile: certs.certFile, keyFile: certs.keyFile },
      handler: fakeHandler(recorder),
      isReady: () => ready,
      metricsRegistry: registry,
      logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }),
    });
    ({ port } = await server.start());
  });

  afterAll(async () => {
    await server.stop(1000);
  });

  it('answers a review with 200 and the review encoded as Go does', async () => {
    const reply = await send(port, '/validate?timeout=10s', { headers: json, body: review('u-1') });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.body).toBe(
      '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true,"warnings":["a \\u003cb\\u003e \\u0026 c"]}}\n',
    );
  });

  it.each([
    // any path but the health and metrics ones validates, as upstream's "/" handler
    { name: 'root path', path: '/' },
    { name: 'any other path', path: '/pods/validate' },
  ])('validates on the $name', async ({ path }) => {
    const reply = await send(port, path, { headers: json, body: review('u-2') });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ response: { uid: 'u-2' } });
  });

  it.each([
    // the body is JSON but not a review: the handler's BadReviewError text
    {
      name: 'not a review',
      headers: json,
      body: '{"kind":"Pod"}',
      status: 400,
      text: 'unexpected AdmissionReview kind: admission.k8s.io/v1beta1, Kind=Pod\n',
    },
    {
      name: 'unparsable JSON',
      headers: json,
      body: '{"kind":',
      status: 400,
      text: 'unable to decode the request\n',
    },
    { name: 'empty body', headers: json, body: '', status: 400, text: 'request body is empty\n' },
    // upstream compares the header exactly, so parameters are refused too
    {
      name: 'text/plain',
      headers: { 'Content-Type': 'text/plain' },
      body: review('x'),
      status: 415,
      text: 'unable to process a request with a non-json content type\n',
    },
    {
      name: 'json with charset',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: review('x'),
      status: 415,
      text: 'unable to process a request with a non-json content type\n',
    },
    {
      name: 'no content type',
      headers: {},
      body: review('x'),
      status: 415,
      text: 'unable to process a request with a non-json content type\n',
    },
    // the size check comes before the content type check
    {
      name: 'body over 3 MiB',
      headers: { 'Content-Type': 'text/plain' },
      body: Buffer.alloc(3 * 1024 * 1024 + 1, 0x20),
      status: 413,
      text: 'request entity is too large; limit is 3145728 bytes\n',
    },
    // upstream's LimitedReader refuses a body of exactly the limit too
    {
      name: 'body of exactly 3 MiB',
      headers: json,
      body: Buffer.alloc(3 * 1024 * 1024, 0x20),
      status: 413,
      text: 'request entity is too large; limit is 3145728 bytes\n',
    },
    {
      name: 'handler failure',
      headers: json,
      body: review('boom'),
      status: 500,
      text: 'internal server error\n',
    },
  ] as {
    name: string;
    headers: Record<string, string>;
    body: string | Buffer;
    status: number;
    text: string;
  }[])('answers $status for $name', async ({ headers, body, status, text }) => {
    const reply = await send(port, '/', { headers, body });
    expect(reply.status).toBe(status);
    expect(reply.body).toBe(text);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a much larger body and still answers', async () => {
    const reply = await send(port, '/', { headers: json, body: Buffer.alloc(20 * 1024 * 1024, 0x20) });
    expect(reply.status).toBe(413);
  });

  it('refuses a chunked body over the limit without a Content-Length', async () => {
    const reply = await send(port, '/', {
      headers: { ...json, 'Transfer-Encoding': 'chunked' },
      body: Buffer.alloc(3 * 1024 * 1024 + 10, 0x20),
    });
    expect(reply.status).toBe(413);
  });

  it.each([
    // healthz has the ping check only
    { path: '/healthz', status: 200, body: 'ok' },
    { path: '/healthz?verbose', status: 200, body: '[+]ping ok\nhealthz check passed\n' },
    { path: '/healthz/ping', status: 200, body: 'ok' },
    { path: '/healthz?exclude=ping&exclude=nope', status: 200, body: 'ok' },
    {
      path: '/healthz?verbose&exclude=ping&exclude=nope',
      status: 200,
      body: '[+]ping excluded: ok\nwarn: some health checks cannot be excluded: no matches for "nope"\nhealthz check passed\n',
    },
  ])('serves $path', async ({ path, status, body }) => {
    const reply = await send(port, path, { method: 'GET' });
    expect(reply.status).toBe(status);
    expect(reply.body).toBe(body);
  });

  it('reports readiness from isReady on /readyz', async () => {
    ready = false;
    expect(await send(port, '/readyz', { method: 'GET' })).toMatchObject({
      status: 500,
      body: '[-]informer-sync failed: reason withheld\nreadyz check failed\n',
    });
    expect(await send(port, '/readyz/informer-sync', { method: 'GET' })).toMatchObject({
      status: 500,
      body: 'internal server error: 1 informers not started yet: [*v1.Namespace]\n',
    });
    ready = true;
    expect(await send(port, '/readyz', { method: 'GET' })).toMatchObject({ status: 200, body: 'ok' });
    expect(await send(port, '/readyz?verbose', { method: 'GET' })).toMatchObject({
      status: 200,
      body: '[+]informer-sync ok\nreadyz check passed\n',
    });
  });

  it('serves Prometheus text with counters the handler moved', async () => {
    await send(port, '/', { headers: json, body: review('m-1') });
    const reply = await send(port, '/metrics', { method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(reply.body).toMatch(
      /\npod_security_evaluations_total\{decision="deny",mode="enforce",policy_level="baseline",policy_version="v1.22",request_operation="create",resource="pod",subresource=""\} [1-9]\d*\n/,
    );
    expect(reply.body).toContain('# TYPE pod_security_errors_total counter\n');
  });

  it('writes one JSON line per event', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const event = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(event).slice(0, 3)).toEqual(['ts', 'level', 'msg']);
    }
    expect(lines.some((l) => l.includes('"msg":"unable to decode the request"'))).toBe(true);
  });
});

describe('request context', () => {
  let server: WebhookServer | undefined;
  afterEach(async () => {
    await server?.stop(100);
  });

  async function start(handler: ReviewHandler): Promise<number> {
    server = createWebhookServer({
      port: 0,
      host: '127.0.0.1',
      handler,
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
    });
    return (await server.start()).port;
  }

  it.each([
    // a valid Go duration sets the deadline
    { query: '?timeout=10s', ms: 10_000 },
    { query: '?timeout=1m30s', ms: 90_000 },
    // none or an invalid one: no deadline
    { query: '', ms: Infinity },
    { query: '?timeout=10', ms: Infinity },
  ])('derives the deadline from $query', async ({ query, ms }) => {
    let seen: ReviewContext | undefined;
    const port = await start(async (_body, ctx) => {
      seen = ctx;
      return {};
    });
    const before = Date.now();
    await sendPlain(port, `/${query}`, review('d'));
    const after = Date.now();
    const deadline = seen?.deadline ?? 0;
    expect(deadline - before).toBeGreaterThanOrEqual(ms);
    expect(deadline - after).toBeLessThanOrEqual(ms);
  });

  it('aborts the signal when the timeout passes', async () => {
    const port = await start(
      (_body, ctx) =>
        new Promise((resolve) =>
          ctx.signal.addEventListener('abort', () => resolve({ aborted: String(ctx.signal.reason) })),
        ),
    );
    const reply = await sendPlain(port, '/?timeout=50ms', review('t'));
    expect(reply.body).toBe('{"aborted":"Error: request deadline exceeded"}\n');
  });
});

/** Plain-HTTP request for servers started without TLS. */
async function sendPlain(
  port: number,
  path: string,
  body: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: json, body });
  return { status: res.status, body: await res.text() };
}

describe('start', () => {
  it('fails when the port is taken', async () => {
    const opts = {
      port: 0,
      host: '127.0.0.1',
      tls: { certFile: certs.certFile, keyFile: certs.keyFile },
      handler: fakeHandler(),
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
    };
    const first = createWebhookServer(opts);
    const { port } = await first.start();
    try {
      await expect(createWebhookServer({ ...opts, port }).start()).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop(100);
    }
  });

  it('fails when the certificate cannot be loaded', async () => {
    const server = createWebhookServer({
      port: 0,
      tls: { certFile: join(dir, 'missing.crt'), keyFile: certs.keyFile },
      handler: fakeHandler(),
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
    });
    await expect(server.start()).rejects.toThrow(/ENOENT/);
  });
});

describe('serving certificate rotation', () => {
  it('serves a certificate swapped on disk without a restart, and keeps it when the new one is broken', async () => {
    const live = join(dir, 'live');
    const next = await generateSelfSigned(join(dir, 'next'));
    const first = await generateSelfSigned(live);
    const lines: string[] = [];
    const server = createWebhookServer({
      port: 0,
      host: '127.0.0.1',
      tls: { certFile: first.certFile, keyFile: first.keyFile },
      certReload: { debounceMs: 20, pollIntervalMs: 100 },
      handler: fakeHandler(),
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
      logger: createLogger({ sink: (l) => lines.push(l) }),
    });
    const { port } = await server.start();
    try {
      const before = await send(port, '/healthz', { method: 'GET', ca: first.caPem });
      expect(before.fingerprint).toBe(new X509Certificate(await readText(first.certFile)).fingerprint256);

      // Atomic replacement, as a Secret volume update does.
      await copyFile(next.keyFile, join(live, 'tls.key.tmp'));
      await copyFile(next.certFile, join(live, 'tls.crt.tmp'));
      await rename(join(live, 'tls.key.tmp'), first.keyFile);
      await rename(join(live, 'tls.crt.tmp'), first.certFile);
      const want = new X509Certificate(await readText(next.certFile)).fingerprint256;
      const after = await eventually(async () => {
        // Until the swap is served, the old certificate fails verification against the new CA.
        const r = await send(port, '/healthz', { method: 'GET', ca: next.caPem }).catch(() => undefined);
        return r?.fingerprint === want ? r : undefined;
      });
      expect(after.body).toBe('ok');

      await writeFile(first.certFile, 'not a certificate');
      await eventually(async () =>
        lines.some((l) => l.includes('failed to reload serving certificate')) ? true : undefined,
      );
      expect((await send(port, '/healthz', { method: 'GET', ca: next.caPem })).fingerprint).toBe(want);
      expect(lines.join('\n')).not.toContain('PRIVATE KEY');
    } finally {
      await server.stop(100);
    }
  });
});

function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('graceful stop', () => {
  function slowServer(handler: ReviewHandler) {
    return createWebhookServer({
      port: 0,
      host: '127.0.0.1',
      tls: { certFile: certs.certFile, keyFile: certs.keyFile },
      handler,
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
    });
  }

  it('drains an in-flight request, refuses new connections and closes idle keep-alive sockets', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const server = slowServer(async (body) => {
      entered();
      await new Promise((r) => setTimeout(r, 300));
      return body;
    });
    const { port } = await server.start();
    const idleAgent = new Agent({ keepAlive: true, ca });
    await send(port, '/healthz', { method: 'GET', agent: idleAgent });

    const slow = send(port, '/', { headers: json, body: review('slow') });
    await inHandler;
    const started = Date.now();
    const stopped = server.stop(60_000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(send(port, '/healthz', { method: 'GET' })).rejects.toThrow(/ECONNREFUSED/);

    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe('close');
    await stopped;
    // done when the request is, not when the 60 s grace period ends
    expect(Date.now() - started).toBeLessThan(30_000);
    idleAgent.destroy();
  });

  it('aborts requests still running when the grace period ends', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let aborted = false;
    const server = slowServer(
      (_body, ctx) =>
        new Promise(() => {
          entered();
          ctx.signal.addEventListener('abort', () => (aborted = true));
        }),
    );
    const { port } = await server.start();
    const stuck = send(port, '/', { headers: json, body: review('stuck') });
    await inHandler;
    await server.stop(100);
    expect(aborted).toBe(true);
    await expect(stuck).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

describe('a request target URL cannot parse', () => {
  it('is answered (400, empty body) instead of stopping the server', async () => {
    const server = createWebhookServer({
      port: 0,
      host: '127.0.0.1',
      handler: fakeHandler(),
      isReady: () => true,
      metricsRegistry: createMetricsRegistry(),
    });
    const { port } = await server.start();
    try {
      const status = await new Promise<string>((resolve, reject) => {
        const socket = netConnect(port, '127.0.0.1', () =>
          socket.write('GET // HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        socket.once('data', (d: Buffer) => {
          resolve(d.toString('latin1').split('\r\n')[0] ?? '');
          socket.destroy();
        });
        socket.once('error', reject);
      });
      expect(status).toBe('HTTP/1.1 400 Bad Request');
      expect((await sendPlain(port, '/validate', '{')).status).toBe(400);
    } finally {
      await server.stop(100);
    }
  });
});
