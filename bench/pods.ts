// Inputs for the benchmarks: pods with n containers, a ~1 MiB review generated from a real one, the
// existing pods of a namespace for the dry-run, and namespaces for the static cache.
import type { Container, Pod, PodSpec } from '../src/api/index.js';
import type { Namespace } from '../src/admission/ports.js';

function container(name: string): Container {
  return {
    name,
    image: `registry.example.com/${name}:1.0`,
    ports: [{ containerPort: 8080 }],
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

/** A restricted-compliant pod spec: one init container, n containers, e ephemeral containers. */
export function benchPodSpec(containers: number, ephemeral: number): PodSpec {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    volumes: [
      { name: 'config', configMap: { name: 'cfg' } },
      { name: 'cache', emptyDir: {} },
    ],
    initContainers: [container('init')],
    containers: Array.from({ length: containers }, (_, i) => container(`app-${i}`)),
    ephemeralContainers: Array.from({ length: ephemeral }, (_, i) => container(`debugger-${i}`)),
  };
}

/** The parts of an AdmissionReview request the generators touch. */
export interface ReviewJSON {
  request: { uid: string; namespace?: string; object: Pod & { metadata: { namespace?: string } } };
  [key: string]: unknown;
}

/**
 * A review of at least targetBytes: the given one (web-20c) with environment variables added to every
 * container in turn, as a pod with large generated configuration would carry them.
 */
export function largeReview(base: string, targetBytes: number): string {
  const review = JSON.parse(base) as ReviewJSON;
  const containers = (review.request.object.spec?.containers ?? []) as (Container & { env?: unknown[] })[];
  if (containers.length === 0) throw new Error('largeReview: the base pod has no containers');
  const entry = (i: number) => ({
    name: `FEATURE_${String(i).padStart(5, '0')}`,
    value: `enabled;tier=gold;region=eu-west-1;rollout=${i % 100}%;owner=team-${i % 17}`,
  });
  const entryBytes = JSON.stringify(entry(0)).length + 1;
  const perContainer = Math.ceil((targetBytes - base.length) / entryBytes / containers.length);
  let n = 0;
  for (const c of containers) {
    c.env = [...(c.env ?? []), ...Array.from({ length: perContainer }, () => entry(n++))];
  }
  return JSON.stringify(review);
}

/** A copy of the review for another namespace (request and object), with its own uid. */
export function reviewInNamespace(review: ReviewJSON, namespace: string, i: number): ReviewJSON {
  const object = { ...review.request.object, metadata: { ...review.request.object.metadata, namespace } };
  return { ...review, request: { ...review.request, uid: `bench-${i}`, namespace, object } };
}

/** Namespace names ns-000000 ... with the given enforce level, as a `--namespaces` file would hold. */
export function benchNamespaces(count: number, enforce: string): Namespace[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `ns-${String(i).padStart(6, '0')}`;
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'kubernetes.io/metadata.name': name,
          'pod-security.kubernetes.io/enforce': enforce,
          'pod-security.kubernetes.io/warn': 'restricted',
          team: `team-${i % 50}`,
        },
      },
    };
  });
}

/**
 * `count` existing pods in `namespace`, as a pod list returns them: copies of `compliant`, every
 * `violatingEvery`-th one a copy of `violating`; most belong to ReplicaSets of 10 replicas, so the
 * dry-run's one-pod-per-controller ordering has work to do. `ephemeral` pods also carry a debug container.
 */
export function existingPods(
  compliant: Pod,
  violating: Pod,
  o: { namespace: string; count: number; violatingEvery: number; ephemeralEvery: number },
): Pod[] {
  return Array.from({ length: o.count }, (_, i) => {
    const base = i % o.violatingEvery === 0 ? violating : compliant;
    const owner = i % 4 === 0 ? [] : [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${i % 300}` }];
    const ownerReferences = owner.map((r) => ({ ...r, uid: `uid-${r.name}`, controller: true }));
    const spec: PodSpec = { ...base.spec };
    if (i % o.ephemeralEvery === 0) {
      spec.ephemeralContainers = [
        { name: 'debugger', image: 'busybox', securityContext: { privileged: true } },
      ];
    }
    const name = `pod-${String(i).padStart(5, '0')}`;
    return { ...base, metadata: { ...base.metadata, name, namespace: o.namespace, ownerReferences }, spec };
  });
}
