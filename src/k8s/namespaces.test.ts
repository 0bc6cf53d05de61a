import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../webhook/log.js';
import { ApiError, isNotFound, KubeClient } from './client.js';
import { FakeApiServer } from './testing/fake-apiserver.js';
import type { Namespace } from '../admission/ports.js';
import { LiveNamespaces, NamespaceCache } from './namespaces.js';

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const labelsOf = (ns: Namespace) => ns.metadata?.labels;
const enforce = 'pod-security.kubernetes.io/enforce';

describe('NamespaceCache against a fake API server', () => {
  let api: FakeApiServer;
  let cache: NamespaceCache;
  let lines: string[];

  beforeEach(async () => {
    api = new FakeApiServer();
    await api.start();
    lines = [];
  });

  afterEach(async () => {
    await cache.stop();
    await api.stop();
  });

  function startCache(options: { listPageSize?: number; afterList?: () => void } = {}) {
    cache = new NamespaceCache(new KubeClient(api.connection()), {
      logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }),
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      watch: { minIntervalMs: 10 },
      ...options,
    });
    cache.start();
    return cache;
  }

  const getCount = () => api.requests.filter((r) => /^\/api\/v1\/namespaces\/[^/]+$/.test(r.path)).length;

  it('lists, syncs, serves from the cache and follows watch events', async () => {
    api.upsertNamespace('team-a', { 'pod-security.kubernetes.io/enforce': 'baseline' });
    startCache();
    expect(cache.hasSynced()).toBe(false);
    await cache.waitForSync(AbortSignal.timeout(20_000));
    expect(cache.hasSynced()).toBe(true);

    expect(labelsOf(await cache.getNamespace('team-a'))).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    expect(getCount()).toBe(0);

    api.upsertNamespace('team-a', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    api.upsertNamespace('team-b');
    await until(
      async () =>
        labelsOf(await cache.getNamespace('team-a'))?.['pod-security.kubernetes.io/enforce'] === 'restricted',
    );
    const before = getCount();
    await cache.getNamespace('team-b');
    expect(getCount()).toBe(before);

    const watch = api.requests.find((r) => r.query.watch === 'true');
    expect(watch?.query).toMatchObject({ allowWatchBookmarks: 'true', resourceVersion: '2' });
    expect(Number(watch?.query.timeoutSeconds)).toBeGreaterThanOrEqual(300);
    expect(watch?.authorization).toBe('Bearer fake-token');
  });

  it('falls back to a live GET for a name missing from the cache, and reports not found', async () => {
    startCache();
    await until(() => cache.hasSynced());
    api.upsertNamespace('fresh');
    // The GET may beat the watch event: either way the namespace is found.
    expect((await cache.getNamespace('fresh')).metadata?.name).toBe('fresh');

    const err = await cache.getNamespace('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe('namespaces "missing" not found');
  });

  it('keeps only the name and the pod-security labels, sharing equal label sets', async () => {
    api.upsertNamespace('a', { [enforce]: 'baseline', team: 'a', 'kubernetes.io/metadata.name': 'a' });
    api.upsertNamespace('b', { team: 'b', [enforce]: 'baseline' });
    startCache();
    await until(() => cache.hasSynced());
    const a = await cache.getNamespace('a');
    expect(a).toEqual({ metadata: { name: 'a', labels: { [enforce]: 'baseline' } } });
    expect(Object.isFrozen(a.metadata?.labels)).toBe(true);
    expect(labelsOf(await cache.getNamespace('a'))).toBe(a.metadata?.labels);
    expect(labelsOf(await cache.getNamespace('b'))).toBe(a.metadata?.labels);
    expect(getCount()).toBe(0);
  });

  it('retries a failed initial list with backoff and syncs once it succeeds', async () => {
    api.upsertNamespace('a');
    api.fail(/^\/api\/v1\/namespaces\?limit=500&resourceVersion=0$/, 500, 2);
    startCache();
    await until(() => cache.hasSynced());
    expect(
      api.requests.filter((r) => r.path === '/api/v1/namespaces' && r.query.watch === undefined),
    ).toHaveLength(3);
    expect(lines.filter((l) => l.includes('namespace list/watch failed, reconnecting'))).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('fake-token');
  });

  it('reconnects after dropped watches and sees later changes', async () => {
    api.upsertNamespace('a');
    startCache();
    await until(() => cache.hasSynced());
    await until(() => api.requests.some((r) => r.query.watch === 'true'));
    api.dropWatches();
    await until(() => api.requests.filter((r) => r.query.watch === 'true').length >= 2);
    api.upsertNamespace('a', { [enforce]: 'restricted' });
    await until(async () => labelsOf(await cache.getNamespace('a'))?.[enforce] === 'restricted');
  });

  it('lists in pages and replaces the cache only once the last page is in', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) api.upsertNamespace(name, { [enforce]: name });
    let lists = 0;
    startCache({ listPageSize: 2, afterList: () => void lists++ });
    await until(() => cache.hasSynced());
    const pages = api.requests.filter((r) => r.path === '/api/v1/namespaces' && r.query.watch === undefined);
    expect(pages.map((r) => r.query)).toEqual([
      { limit: '2', resourceVersion: '0' },
      { limit: '2', continue: 'b' },
      { limit: '2', continue: 'd' },
    ]);
    expect(labelsOf(await cache.getNamespace('e'))).toEqual({ [enforce]: 'e' });
    expect(getCount()).toBe(0);
    expect(lists).toBe(1);

    // A relist that fails on its second page keeps serving the old content, then replaces it whole.
    await until(() => api.requests.some((r) => r.query.watch === 'true'));
    api.fail(/continue=/, 500, 3);
    api.dropWatches();
    api.deleteNamespace('a');
    api.compact();
    await until(() => lines.some((l) => l.includes('injected failure')));
    expect(lists).toBe(1);
    expect(labelsOf(await cache.getNamespace('a'))).toEqual({ [enforce]: 'a' });
    await until(() => lists === 2);
    await expect(cache.getNamespace('a')).rejects.toThrow('namespaces "a" not found');
    expect(labelsOf(await cache.getNamespace('b'))).toEqual({ [enforce]: 'b' });
  });

  it('relists after 410 Gone and drops namespaces deleted meanwhile', async () => {
    api.upsertNamespace('a');
    api.upsertNamespace('b');
    startCache();
    await until(() => cache.hasSynced());
    await until(() => api.requests.some((r) => r.query.watch === 'true'));
    api.fail(/watch=true/, 500, 1);
    api.dropWatches();
    api.deleteNamespace('b');
    api.compact();
    await until(
      () =>
        api.requests.filter((r) => r.path === '/api/v1/namespaces' && r.query.watch === undefined).length >=
        2,
    );
    await until(
      async () =>
        !(await cache.getNamespace('b').then(
          () => true,
          () => false,
        )),
    );
  });

  it('retries a watch that fails to start', async () => {
    startCache();
    await until(() => cache.hasSynced());
    api.fail(/watch=true/, 503, 2);
    api.dropWatches();
    await until(() => api.requests.filter((r) => r.query.watch === 'true').length >= 4);
    api.upsertNamespace('late');
    await until(async () => (await cache.getNamespace('late')).metadata?.name === 'late');
  });

  it('gives up waiting for sync when the signal aborts', async () => {
    api.fail(/^\/api\/v1\/namespaces\?limit=500&resourceVersion=0$/, 500, 1000);
    startCache();
    await expect(cache.waitForSync(AbortSignal.timeout(100))).rejects.toThrow(/timed out|aborted/);
    expect(cache.hasSynced()).toBe(false);
  });

  it('stops without reconnecting', async () => {
    startCache();
    await until(() => cache.hasSynced());
    await cache.stop();
    const count = api.requests.length;
    api.dropWatches();
    await new Promise((r) => setTimeout(r, 100));
    expect(api.requests.length).toBe(count);
    expect(() => cache.start()).toThrow('namespace cache was stopped');
  });
});

describe('LiveNamespaces', () => {
  it('GETs each namespace with the path escaped', async () => {
    const api = new FakeApiServer();
    await api.start();
    try {
      api.upsertNamespace('x');
      const live = new LiveNamespaces(new KubeClient(api.connection()));
      expect((await live.getNamespace('x')).metadata?.name).toBe('x');
      await expect(live.getNamespace('a/b')).rejects.toThrow('namespaces "a/b" not found');
      expect(api.requests.map((r) => r.path)).toEqual(['/api/v1/namespaces/x', '/api/v1/namespaces/a%2Fb']);
    } finally {
      await api.stop();
    }
  });
});
