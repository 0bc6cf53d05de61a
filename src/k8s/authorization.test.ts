import { describe, expect, it } from 'vitest';
import { KubeClient } from './client.js';
import { SubjectAccessReviewAuthorizer } from './authorization.js';
import { FakeApiServer } from './testing/fake-apiserver.js';
import { LivePods } from './pods.js';

const where = {
  namespace: 'team-a',
  verb: 'update',
  group: '',
  resource: 'pods',
  subresource: 'ephemeralcontainers',
  name: 'web',
};
const user = { username: 'bob', uid: '2002', groups: ['sre'], extra: { scopes: ['x'] } };

async function withApi(fn: (api: FakeApiServer, client: KubeClient) => Promise<void>): Promise<void> {
  const api = new FakeApiServer();
  await api.start();
  try {
    await fn(api, new KubeClient(api.connection()));
  } finally {
    await api.stop();
  }
}

describe('SubjectAccessReviewAuthorizer', () => {
  it('POSTs a SubjectAccessReview with the whole user and reads the answer', async () => {
    await withApi(async (api, client) => {
      api.setAccessReviewer((spec) => ((spec['groups'] as string[] | undefined) ?? []).includes('sre'));
      const authz = new SubjectAccessReviewAuthorizer(client);
      expect(await authz.authorize(user, where)).toEqual({ allowed: true });
      expect(await authz.authorize({ username: 'alice' }, where)).toEqual({ allowed: false });
      expect(api.requests[0]).toMatchObject({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        authorization: 'Bearer fake-token',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            resourceAttributes: where,
            user: 'bob',
            groups: ['sre'],
            extra: { scopes: ['x'] },
            uid: '2002',
          },
        },
      });
      expect((api.requests[1]?.body as { spec: object }).spec).toEqual({
        resourceAttributes: where,
        user: 'alice',
      });
    });
  });

  it('rejects with the API server message when the review cannot be made', async () => {
    await withApi(async (api, client) => {
      api.fail(/subjectaccessreviews/, 403);
      const err = await new SubjectAccessReviewAuthorizer(client)
        .authorize(user, where)
        .catch((e: unknown) => e);
      expect((err as Error).message).toBe('injected failure');
    });
  });

  it('rejects an answer that is not a SubjectAccessReview with a status', async () => {
    await withApi(async (api, client) => {
      const authz = new SubjectAccessReviewAuthorizer(client);
      const original = client.post.bind(client);
      client.post = async (...args) => {
        await original(...args);
        return { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', status: {} };
      };
      await expect(authz.authorize(user, where)).rejects.toThrow(
        'invalid SubjectAccessReview answer: status.allowed: Invalid input: expected boolean, received undefined',
      );
      expect(api.requests).toHaveLength(1);
    });
  });
});

describe('LivePods.getPod', () => {
  it('GETs the pod live, and rejects with NotFound text for a missing one', async () => {
    await withApi(async (api, client) => {
      api.setPods([{ metadata: { namespace: 'a', name: 'web' }, spec: { containers: [] } }]);
      const pods = new LivePods(client);
      expect((await pods.getPod('a', 'web')).metadata?.name).toBe('web');
      await expect(pods.getPod('a', 'gone')).rejects.toThrow('pods "gone" not found');
      expect(api.requests.map((r) => r.path)).toEqual([
        '/api/v1/namespaces/a/pods/web',
        '/api/v1/namespaces/a/pods/gone',
      ]);
    });
  });
});
