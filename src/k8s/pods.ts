// Pod listing for the namespace-update dry run (upstream admission/pods.go): live lists through the
// API client.
import type { PodLister } from '../admission/ports.js';
import type { Pod } from '../api/index.js';
import type { KubeClient } from './client.js';

/** Upstream PodListerFromClient: a live, unpaginated list on every call. */
export class LivePods implements PodLister {
  constructor(private readonly client: KubeClient) {}

  async listPods(namespace: string, signal?: AbortSignal): Promise<Pod[]> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
    const body = await this.client.get(path, { resource: 'pods' }, signal);
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) throw new Error('pod list response has no items');
    return items as Pod[];
  }
}
