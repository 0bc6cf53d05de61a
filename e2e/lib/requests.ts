// The API requests the scenarios send: namespace creates and label patches, service accounts,
// (dry-run) pod and deployment creates, and ephemeral containers added through the
// pods/ephemeralcontainers subresource, as `kubectl debug` does.
import type { Container, EphemeralContainer, Pod } from '../../src/api/index.js';
import type { ApiRequest } from './cluster.js';

const dryRunAll = { dryRun: 'All' } as const;

/** The name the PodSecurity labels are keyed by, e.g. label('enforce') = pod-security.kubernetes.io/enforce. */
export function label(key: string): string {
  return `pod-security.kubernetes.io/${key}`;
}

/** Short label maps: { enforce: 'restricted' } becomes { 'pod-security.kubernetes.io/enforce': 'restricted' }. */
export function psaLabels(short: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(short).map(([k, v]) => [label(k), v]));
}

export function createNamespace(name: string, labels: Readonly<Record<string, string>>): ApiRequest {
  return {
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
  };
}

/** A JSON merge patch of namespace labels; null removes a label. */
export function patchNamespaceLabels(
  name: string,
  labels: Readonly<Record<string, string | null>>,
  dryRun: boolean,
): ApiRequest {
  return {
    method: 'PATCH',
    path: `/api/v1/namespaces/${name}`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { labels } },
    ...(dryRun ? { query: dryRunAll } : {}),
  };
}

export function deleteNamespace(name: string): ApiRequest {
  return { method: 'DELETE', path: `/api/v1/namespaces/${name}` };
}

/** The "default" service account, so pods pass ServiceAccount admission before its controller runs. */
export function createDefaultServiceAccount(namespace: string): ApiRequest {
  return {
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/serviceaccounts`,
    body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
  };
}

export function createPod(namespace: string, pod: Pod, dryRun: boolean): ApiRequest {
  return {
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/pods`,
    body: pod,
    ...(dryRun ? { query: dryRunAll } : {}),
  };
}

/** A Deployment whose template is the pod (labels and annotations kept), as upstream's live test builds it. */
export function deploymentOf(pod: Pod, name = 'test'): Record<string, unknown> {
  const labels = { ...pod.metadata?.labels, test: 'true' };
  const annotations = pod.metadata?.annotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { test: 'true' } },
      template: { metadata: annotations ? { labels, annotations } : { labels }, spec: pod.spec },
    },
  };
}

export function createDeployment(namespace: string, deployment: unknown, dryRun: boolean): ApiRequest {
  return {
    method: 'POST',
    path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
    body: deployment,
    ...(dryRun ? { query: dryRunAll } : {}),
  };
}

/** A strategic merge patch of the pods/ephemeralcontainers subresource adding one container. */
export function addEphemeralContainer(
  namespace: string,
  podName: string,
  container: EphemeralContainer | Container,
): ApiRequest {
  return {
    method: 'PATCH',
    path: `/api/v1/namespaces/${namespace}/pods/${podName}/ephemeralcontainers`,
    contentType: 'application/strategic-merge-patch+json',
    body: { spec: { ephemeralContainers: [container] } },
  };
}

/** A pod to create for real: no uid, the given name, no namespace (the request path carries it). */
export function podToCreate(pod: Pod, name: string): Pod {
  const { uid: _uid, namespace: _ns, ...metadata } = pod.metadata ?? {};
  return { ...pod, metadata: { ...metadata, name } };
}
