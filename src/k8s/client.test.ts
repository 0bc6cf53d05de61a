import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, isNotFound, KubeClient, notFoundError, responseError } from './client.js';
import { FakeApiServer } from './testing/fake-apiserver.js';
import { staticConnection } from './kubeconfig.js';
import type { RateLimiter } from './ratelimit.js';

describe('KubeClient', () => {
  let api: FakeApiServer | undefined;
  let hanging: Server | undefined;
  afterEach(async () => {
    await api?.stop();
    hanging?.closeAllConnections();
    hanging?.close();
  });

  async function fake() {
    api = new FakeApiServer();
    await api.start();
    return api;
  }

  it('GETs JSON with the kubeconfig credentials and the user agent, throttled by the limiter', async () => {
    const server = await fake();
    server.upsertNamespace('a');
    let waits = 0;
    const limiter: RateLimiter = { wait: async () => void waits++ };
    const client = new KubeClient(server.connection('s3cret'), {
      rateLimiter: limiter,
      userAgent: 'ua-test',
    });
    expect(await client.get('/api/v1/namespaces/a', { resource: 'namespaces', name: 'a' })).toMatchObject({
      metadata: { name: 'a' },
    });
    expect(server.requests[0]).toMatchObject({ authorization: 'Bearer s3cret', userAgent: 'ua-test' });
    expect(waits).toBe(1);
  });

  it('turns a Status answer into an ApiError with its message, code and reason', async () => {
    const server = await fake();
    const client = new KubeClient(server.connection());
    const err = await client
      .get('/api/v1/namespaces/nope', { resource: 'namespaces', name: 'nope' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ message: 'namespaces "nope" not found', code: 404, reason: 'NotFound' });
    expect(isNotFound(err)).toBe(true);
  });

  it('reports connection failures with the URL as client-go does', async () => {
    const server = await fake();
    const kc = server.connection();
    await server.stop();
    api = undefined;
    const err = await new KubeClient(kc)
      .get('/api/v1/namespaces', { resource: 'namespaces' })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^Get "http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces": .*ECONNREFUSED/,
    );
    expect(isNotFound(err)).toBe(false);
  });

  it.each([
    // the caller's signal, or the client's own timeout
    { name: 'caller abort', timeoutMs: 30_000, abortAfter: 20 },
    { name: 'client timeout', timeoutMs: 50, abortAfter: undefined },
  ])('gives up on a server that never answers: $name', async ({ timeoutMs, abortAfter }) => {
    hanging = createServer(() => undefined);
    await new Promise<void>((r) => hanging?.listen(0, '127.0.0.1', r));
    const kc = staticConnection({
      server: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      insecureSkipTLSVerify: false,
    });
    const client = new KubeClient(kc, { timeoutMs });
    const signal = abortAfter === undefined ? undefined : AbortSignal.timeout(abortAfter);
    await expect(client.get('/api/v1/namespaces', { resource: 'namespaces' }, signal)).rejects.toThrow(
      /^Get "/,
    );
  });
});

describe('responseError', () => {
  it.each([
    // a Status body wins
    {
      code: 403,
      body: '{"kind":"Status","message":"namespaces \\"a\\" is forbidden: User \\"x\\" cannot get resource","reason":"Forbidden","code":403}',
      message: 'namespaces "a" is forbidden: User "x" cannot get resource',
      reason: 'Forbidden',
    },
    // otherwise client-go's generic texts
    {
      code: 404,
      body: '404 page not found',
      message: 'the server could not find the requested resource (get namespaces a)',
      reason: 'NotFound',
    },
    {
      code: 401,
      body: '',
      message: 'the server has asked for the client to provide credentials (get namespaces a)',
      reason: 'Unauthorized',
    },
    {
      code: 502,
      body: 'bad gateway\n',
      message:
        'an error on the server ("bad gateway") has prevented the request from succeeding (get namespaces a)',
      reason: 'InternalError',
    },
    {
      code: 418,
      body: '',
      message:
        'the server responded with the status code 418 but did not return more information (get namespaces a)',
      reason: 'Unknown',
    },
  ])('$code $body', ({ code, body, message, reason }) => {
    expect(responseError(code, body, { resource: 'namespaces', name: 'a' })).toMatchObject({
      code,
      message,
      reason,
    });
  });

  it('builds not-found errors with Go quoting', () => {
    expect(notFoundError('namespaces', 'a"b').message).toBe('namespaces "a\\"b" not found');
  });
});
