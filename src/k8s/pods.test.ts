import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { KubeClient } from './client.js';
import { FakeApiServer } from './testing/fake-apiserver.js';
import { LivePods } from './pods.js';

const pod = (namespace: string, name: string): Pod => ({
  metadata: { namespace, name },
  spec: { containers: [{ name: 'c' }] },
});

describe('LivePods', () => {
  it('lists the pods of one namespace live, every call', async () => {
    const api = new FakeApiServer();
    await api.start();
    try {
      api.setPods([pod('a', 'p1'), pod('b', 'p2'), pod('a', 'p3')]);
      const lister = new LivePods(new KubeClient(api.connection()));
      expect((await lister.listPods('a')).map((p) => p.metadata?.name)).toEqual(['p1', 'p3']);
      expect(await lister.listPods('empty')).toEqual([]);
      expect(api.requests.map((r) => r.path)).toEqual([
        '/api/v1/namespaces/a/pods',
        '/api/v1/namespaces/empty/pods',
      ]);
    } finally {
      await api.stop();
    }
  });
});
