// Pod listing for the namespace-update dry run (upstream admission/pods.go) and the pod GET of exec and
// attach into ephemeral containers: live requests through the API client.
import type { PodGetter, PodLister } from '../admission/ports.js';
import type { Pod } from '../api/index.js';
import type { KubeClient } from './client.js';

/**
 * Upstream PodListerFromClient: a live, unpaginated list on every call; and a live GET of one pod (a
 * cache could miss a debugger added a moment ago, as `kubectl debug -it` attaches right after adding).
 */
export class LivePods implements PodLister, PodGetter {
  constructor(private readonly client: KubeClient) {}

  async listPods(namespace: string, signal?: AbortSignal): Promise<Pod[]> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
    const body = await this.client.get(path, { resource: 'pods' }, signal);
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) throw new Error('pod list response has no items');
    return items as Pod[];
  }

  async getPod(namespace: string, name: string, signal?: AbortSignal): Promise<Pod> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
    return (await this.client.get(path, { resource: 'pods', name }, signal)) as Pod;
  }
}
