// Tests for decoding request objects by their own kind, as Go's decoder types them: a missing object or
// one of another kind fails upstream's type assertion ("failed to decode pod"), never evaluation.
import { describe, expect, it } from 'vitest';
import type { Attributes, GroupVersionKind } from '../api/index.js';
import { MemoryRecorder } from '../metrics/metrics.js';
import { defaultChecks } from '../policy/checks/index.js';
import { newEvaluator } from '../policy/registry.js';
import { Admission } from './admission.js';
import { defaultAdmissionConfiguration } from './config.js';
import { namespaceKind, notOfKind, objectKind, podKind } from './decode.js';
import { StaticNamespaceGetter, StaticPodLister } from './static_ports.js';

const deploymentKind: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'Deployment' };

describe('objectKind', () => {
  it.each([
    // the object's own apiVersion and kind
    { raw: { apiVersion: 'v1', kind: 'Namespace' }, want: { group: '', version: 'v1', kind: 'Namespace' } },
    { raw: { apiVersion: 'batch/v1', kind: 'Job' }, want: { group: 'batch', version: 'v1', kind: 'Job' } },
    // unset fields default to the request's kind
    { raw: {}, want: deploymentKind },
    { raw: { kind: 'ReplicaSet' }, want: { group: 'apps', version: 'v1', kind: 'ReplicaSet' } },
    { raw: null, want: deploymentKind },
  ])('$raw', ({ raw, want }) => {
    expect(objectKind(raw, deploymentKind)).toEqual(want);
  });
});

describe('notOfKind', () => {
  it.each([
    // absent objects fail the type assertion
    { raw: null, want: true },
    { raw: undefined, want: true },
    // another kind
    { raw: { apiVersion: 'v1', kind: 'Namespace' }, want: true },
    { raw: { apiVersion: 'apps/v1', kind: 'Pod' }, want: true },
    // a pod, explicitly or by default
    { raw: { apiVersion: 'v1', kind: 'Pod' }, want: false },
    { raw: { spec: {} }, want: false },
    // not an object: decoding fails instead
    { raw: 'pod', want: false },
  ])('$raw', ({ raw, want }) => {
    expect(notOfKind(raw, podKind, podKind)).toBe(want);
  });

  it('checks namespaces too', () => {
    expect(notOfKind({ kind: 'Pod' }, namespaceKind, namespaceKind)).toBe(true);
  });
});

function admission(): Admission {
  return new Admission({
    configuration: defaultAdmissionConfiguration,
    evaluator: newEvaluator(defaultChecks),
    metrics: new MemoryRecorder(),
    namespaceGetter: new StaticNamespaceGetter([
      { metadata: { name: 'ns', labels: { 'pod-security.kubernetes.io/warn': 'baseline' } } },
    ]),
    podLister: new StaticPodLister([]),
  });
}

function attrs(kind: GroupVersionKind, resource: string, o: Partial<Attributes>): Attributes {
  return {
    name: 'x',
    namespace: 'ns',
    kind,
    resource: { group: kind.group, version: kind.version, resource },
    subresource: '',
    operation: 'CREATE',
    username: '',
    object: null,
    oldObject: null,
    ...o,
  };
}

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } };
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [] } };

describe('Admission decoding by object kind', () => {
  it.each([
    // pods: no object, or another kind
    { name: 'pod without object', a: attrs(podKind, 'pods', {}), message: 'failed to decode pod' },
    {
      name: 'pod as namespace',
      a: attrs(podKind, 'pods', { object: namespace }),
      message: 'failed to decode pod',
    },
    {
      name: 'pod update without old object',
      a: attrs(podKind, 'pods', { operation: 'UPDATE', object: pod }),
      message: 'failed to decode old pod',
    },
    {
      name: 'pod update with a namespace as old object',
      a: attrs(podKind, 'pods', { operation: 'UPDATE', object: pod, oldObject: namespace }),
      message: 'failed to decode old pod',
    },
    // namespaces: upstream's messages, two spaces included
    {
      name: 'namespace without object',
      a: attrs(namespaceKind, 'namespaces', {}),
      message: 'failed to decode namespace',
    },
    {
      name: 'namespace as pod',
      a: attrs(namespaceKind, 'namespaces', { object: pod }),
      message: 'failed to decode namespace',
    },
    {
      name: 'namespace update without old object',
      a: attrs(namespaceKind, 'namespaces', { operation: 'UPDATE', object: namespace }),
      message: 'failed to decode  old namespace',
    },
  ])('$name: 400 $message', async ({ a, message }) => {
    const r = await admission().validate(a);
    expect(r.allowed).toBe(false);
    expect(r.status?.code).toBe(400);
    expect(r.status?.message).toBe(message);
    expect(r.auditAnnotations).toEqual({ error: message });
  });

  it('extracts a controller by the object kind, not the request kind', async () => {
    const r = await admission().validate(attrs(deploymentKind, 'deployments', { object: namespace }));
    expect(r).toEqual({
      allowed: true,
      auditAnnotations: {
        error: 'failed to extract pod template: unexpected object type: /v1, Kind=Namespace',
      },
    });
  });

  it('evaluates a Pod sent as a deployment as the pod it is', async () => {
    const privileged = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] },
    };
    const r = await admission().validate(attrs(deploymentKind, 'deployments', { object: privileged }));
    expect(r.warnings).toEqual([
      'would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    ]);
  });
});
